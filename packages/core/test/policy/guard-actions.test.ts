import { describe, expect, it } from 'vitest';
import { loadFleet } from '@wpfleet/core';
import { guardActions } from '../../src/policy/guard-actions.js';

const fleet = loadFleet(`
version: 1
hosts:
  old-1: { address: 10.0.0.1 }
  new-1: { address: 10.0.0.2 }
  prod-db: { address: 10.0.0.3 }
sites:
  blog:
    source: { host: old-1, path: /var/www/blog, url: https://blog.example }
    target: { host: new-1, path: /srv/blog, url: https://blog.example }
  shop:
    source: { host: old-1, path: /var/www/shop, url: https://shop.example }
    target: { host: prod-db, path: /srv/shop, url: https://www.shop.example }
  news:
    source: { host: old-1, path: /var/www/news, url: https://news.example }
    target: { host: new-1, path: /srv/news, url: https://news.example }
policies:
  protectedTargets: [prod-db]
  forbiddenActions:
    news: [undo]
`);

describe('the Guardian', () => {
  it('asks for the target domain before migrating to a protected host, and lets other sites pass', () => {
    expect(guardActions(fleet, ['blog', 'shop'], 'migrate')).toEqual([
      { site: 'shop', rule: 'protected', matched: 'prod-db', domain: 'www.shop.example' },
    ]);
  });

  it('refuses a forbidden action outright, whatever else applies', () => {
    expect(guardActions(fleet, ['news'], 'undo')).toEqual([
      { site: 'news', rule: 'forbidden', matched: 'news', domain: 'news.example' },
    ]);
    expect(guardActions(fleet, ['news'], 'migrate')).toEqual([]);
  });

  it('does not guard read-only work against protected targets', () => {
    expect(guardActions(fleet, ['shop'], 'freeze')).toEqual([]);
  });

  it('finds no rule for a site named `constructor` in a fleet read back from JSON (plain objects)', () => {
    const plain = JSON.parse(JSON.stringify(fleet)) as typeof fleet;
    plain.sites['constructor'] = plain.sites['blog']!;
    expect(guardActions(plain, ['constructor', 'toString'], 'undo')).toEqual([]);
  });
});
