import { describe, expect, it } from 'vitest';
import { ownTables } from '../../src/db/own-tables.js';

const install = (p: string, extra: string[] = []) =>
  ['commentmeta', 'comments', 'options', 'postmeta', 'posts', 'usermeta', 'users', ...extra].map(
    (t) => p + t,
  );

describe("a site's own tables under its prefix", () => {
  it('are all of them when no other install shares the database', () => {
    const tables = install('wp_', ['woocommerce_sessions', 'yoast_indexable']);
    expect(ownTables(tables, 'wp_')).toEqual({ own: tables, others: [] });
  });

  it('leave out another install whose prefix starts with this one (wp_shop_ beside wp_)', () => {
    const mine = install('wp_');
    const shop = install('wp_shop_', ['wc_orders']);
    const result = ownTables([...mine, ...shop].sort(), 'wp_');
    expect(result.own).toEqual([...mine].sort());
    expect(result.others).toEqual([{ prefix: 'wp_shop_', tables: [...shop].sort() }]);
  });

  it("keep a multisite network's blog tables, which have no users table of their own", () => {
    const tables = [
      ...install('wp_', ['blogs', 'site', 'sitemeta']),
      'wp_2_options',
      'wp_2_posts',
      'wp_2_postmeta',
      'wp_12_options',
      'wp_12_posts',
    ];
    expect(ownTables(tables, 'wp_').own).toEqual(tables);
  });

  it('keep a plugin table that merely ends in "options"', () => {
    const tables = install('wp_', ['wpforms_options', 'ewwwio_options']);
    expect(ownTables(tables, 'wp_')).toEqual({ own: tables, others: [] });
  });

  it('group an install nested inside another nested one under the shorter prefix', () => {
    const mine = install('wp_');
    const nested = [...install('wp_a_'), ...install('wp_a_b_')];
    expect(ownTables([...mine, ...nested], 'wp_').others.map((o) => o.prefix)).toEqual(['wp_a_']);
    expect(ownTables([...mine, ...nested], 'wp_').own).toEqual(mine);
  });
});
