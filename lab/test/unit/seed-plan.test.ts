// The seed plan is the pure part of lab seeding: a seed and a Site always give the same content.
import { describe, expect, it } from 'vitest';
import { loadTopology, prng, seedPlan, type SeedPlanInput } from '../../src/index.js';

const input: SeedPlanInput = {
  site: 'blog',
  url: 'http://blog.lab.test',
  seed: 42,
  size: 'small',
  scale: 'normal',
  subsites: [],
};

describe('lab seed plan', () => {
  it('gives the same content for the same seed and Site', () => {
    expect(seedPlan(input)).toEqual(seedPlan({ ...input }));
  });

  it('gives different content for another seed or another Site', () => {
    const base = JSON.stringify(seedPlan(input).posts);
    expect(JSON.stringify(seedPlan({ ...input, seed: 43 }).posts)).not.toBe(base);
    expect(JSON.stringify(seedPlan({ ...input, site: 'news' }).posts)).not.toBe(
      base.replaceAll('blog', 'news'),
    );
  });

  it('writes block attributes with JSON-escaped URLs of the Site itself', () => {
    const post = seedPlan(input).posts.find((p) => p.type === 'post')!;
    expect(post.content).toContain('"url":"http:\\/\\/blog.lab.test\\/wp-content\\/uploads\\/');
    expect(post.content).toContain('<a href="http://blog.lab.test/');
  });

  it('plans serialized objects and arrays holding URLs, and multibyte titles', () => {
    const post = seedPlan(input).posts[0]!;
    expect(post.meta['lab_object']).toMatchObject({ __class: 'stdClass', url: 'http://blog.lab.test' });
    expect(JSON.stringify(post.meta['lab_links'])).toContain('http://blog.lab.test/');
    expect(
      seedPlan(input)
        .posts.map((p) => p.title)
        .join(' '),
    ).toMatch(/\p{Extended_Pictographic}/u);
  });

  it('makes only a large-scale Site big, and only at --size large', () => {
    expect(seedPlan({ ...input, scale: 'large' }).bulk.posts).toBe(0);
    expect(seedPlan({ ...input, size: 'large' }).bulk.posts).toBe(0);
    const big = seedPlan({ ...input, scale: 'large', size: 'large' }).bulk;
    expect(big.posts * big.postBytes).toBeGreaterThan(20_000_000);
    expect(big.files).toBeGreaterThanOrEqual(1000);
  });

  it('plans posts for every subsite of a multisite under its path', () => {
    const plan = seedPlan({ ...input, subsites: ['en', 'fr'] });
    expect(plan.subsites.map((s) => s.path)).toEqual(['/en/', '/fr/']);
    expect(plan.subsites[1]!.posts[0]!.content).toContain('http://blog.lab.test/fr/');
  });

  it('draws the same numbers from the same seed', () => {
    const a = prng(7);
    const b = prng(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('reads the default topology: two source and two target Hosts, six Sites with a multisite and a prefix Site', () => {
    const t = loadTopology('default');
    expect(t.hosts.filter((h) => h.role === 'source')).toHaveLength(2);
    expect(t.hosts.filter((h) => h.role === 'target')).toHaveLength(2);
    expect(t.sites.length).toBeGreaterThanOrEqual(6);
    expect(t.sites.some((s) => s.multisite && s.subsites.length >= 2)).toBe(true);
    expect(t.sites.some((s) => s.prefix !== 'wp_')).toBe(true);
  });
});
