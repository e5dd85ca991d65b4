import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildPlan,
  checkPlan,
  describePrefixChange,
  loadFleet,
  WpfleetError,
  type Fleet,
  type SiteFactsPair,
} from '@wpfleet/core';
import { siteFacts, targetFacts } from './site-facts-fixture.js';

const demo = (): Fleet =>
  loadFleet(readFileSync(new URL('../../../../fixtures/fleets/demo.yml', import.meta.url), 'utf8'));

function factsFor(
  fleet: Fleet,
  tweak: (name: string) => Partial<SiteFactsPair> = () => ({}),
): Record<string, SiteFactsPair> {
  const out: Record<string, SiteFactsPair> = {};
  for (const [name, site] of Object.entries(fleet.sites)) {
    out[name] = {
      source: siteFacts({ url: site.source.url }),
      target: targetFacts(),
      ...tweak(name),
    };
    const source = out[name]?.source;
    if (source) source.wordpress.multisite = site.multisite ?? false;
  }
  return out;
}

describe('buildPlan', () => {
  it('puts every site in exactly one wave, with the DAG of steps and an estimate', () => {
    const fleet = demo();
    const plan = buildPlan({ fleet, facts: factsFor(fleet) });
    const waved = plan.waves.flatMap((w) => w.sites).sort();
    expect(waved).toEqual(Object.keys(fleet.sites).sort());
    for (const site of Object.values(plan.sites)) {
      expect(site.wave).toBeGreaterThan(0);
      expect(plan.waves[site.wave - 1]?.sites).toContain(site.name);
      expect(site.steps.map((s) => s.kind)).toEqual([
        'preflight',
        'db',
        'files',
        'verify',
        'swap',
        'http-check',
      ]);
      expect(site.steps.find((s) => s.kind === 'verify')?.dependsOn).toEqual(['db', 'files']);
      expect(site.estimate.totalMs).toBeGreaterThan(0);
    }
    expect(plan.blocked).toEqual([]);
    expect(plan.limits).toEqual({ global: 6, perHost: { 'old-1': 2, 'old-2': 2, 'new-1': 3, 'new-2': 2 } });
  });

  it('estimates the files step from all of wp-content it copies, not uploads alone (a site without uploads still copies its themes)', () => {
    const fleet = demo();
    const withoutUploads = (name: string): Partial<SiteFactsPair> => {
      if (name !== 'bistro') return {};
      const source = siteFacts({ url: fleet.sites[name]!.source.url });
      return {
        source: { ...source, uploads: { files: 0, bytes: 0 }, content: { files: 37, bytes: 256 * 1024 } },
      };
    };
    const plan = buildPlan({ fleet, facts: factsFor(fleet, withoutUploads) });
    expect(plan.sites['bistro']?.estimate).toMatchObject({ fileBytes: 256 * 1024, fileCount: 37 });
    // Facts cached by an older probe know uploads only.
    expect(plan.sites['dental']?.estimate).toMatchObject({ fileBytes: 500_000, fileCount: 10 });
  });

  it('records a table prefix change in the plan data, and none when the prefixes match or the target is unknown', () => {
    const fleet = demo();
    const plan = buildPlan({
      fleet,
      facts: factsFor(fleet, (name) =>
        name === 'bistro'
          ? {
              target: targetFacts({ wordpress: { version: '6.1.9', multisite: false, tablePrefix: 'ac9_' } }),
            }
          : name === 'dental'
            ? { target: {} }
            : {},
      ),
    });
    expect(plan.sites['bistro']?.prefixChange).toEqual({ from: 'wp_', to: 'ac9_' });
    expect(plan.sites['acme-blog']).not.toHaveProperty('prefixChange');
    expect(plan.sites['dental']).not.toHaveProperty('prefixChange');
    expect(describePrefixChange({ from: 'wp_', to: 'ac9_' }, true)).toBe(
      'tables wp_* become ac9_*; wp_user_roles and wp_N_user_roles and the user meta keys wp_capabilities, wp_user_level (every key starting wp_) follow as ac9_...',
    );
  });

  it('honours a wave pin and keeps critical and multisite sites out of the first waves', () => {
    const fleet = demo();
    const plan = buildPlan({ fleet, facts: factsFor(fleet) });
    expect(plan.sites['studio']?.wave).toBe(1);
    const shop = plan.sites['acme-shop']?.wave ?? 0;
    const network = plan.sites['network']?.wave ?? 0;
    const normalWaves = ['acme-blog', 'bistro', 'dental'].map((n) => plan.sites[n]?.wave ?? 99);
    expect(Math.max(...normalWaves)).toBeLessThan(network);
    expect(network).toBeLessThan(shop);
    // critical sites go in waves of at most a quarter of the maximum size (4 → 1)
    expect(plan.waves[shop - 1]?.sites).toEqual(['acme-shop']);
  });

  it('never makes a wave larger than the maximum size when nothing is pinned', () => {
    const fleet = demo();
    delete fleet.sites['studio']!.wave;
    const plan = buildPlan({ fleet, facts: factsFor(fleet), options: { maxWaveSize: 2 } });
    for (const wave of plan.waves) expect(wave.sites.length).toBeLessThanOrEqual(2);
  });

  it('gives the same hash for the same inputs and another hash when anything changes', () => {
    const fleet = demo();
    const a = buildPlan({ fleet, facts: factsFor(fleet) });
    const b = buildPlan({ fleet: demo(), facts: factsFor(demo()) });
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
    const c = buildPlan({ fleet, facts: factsFor(fleet), options: { maxWaveSize: 1 } });
    expect(c.hash).not.toBe(a.hash);
  });

  it('gives sites whose targets load into one database staging and backup prefixes of their own, and only those', () => {
    const fleet = demo();
    // The database names come from the targets' probes here (the demo fleet names two of them itself).
    for (const site of Object.values(fleet.sites)) delete (site.target as { db?: unknown }).db;
    const [first, second, third] = Object.keys(fleet.sites).filter(
      (n) => fleet.sites[n]!.target.host === fleet.sites[Object.keys(fleet.sites)[0]!]!.target.host,
    );
    expect(second, 'the demo fleet has two sites on one target host').toBeDefined();
    const shared = (name: string) => name === first || name === second;
    const target = (name: string, prefix = name === first ? 'wp_' : 'wp2_') => ({
      ...targetFacts(),
      wordpress: { version: '6.5', multisite: false, tablePrefix: prefix },
      database: { ...targetFacts().database!, name: shared(name) ? 'shared_wp' : `${name}_wp` },
    });
    const plan = buildPlan({ fleet, facts: factsFor(fleet, (name) => ({ target: target(name) })) });
    expect(plan.blocked).toEqual([]);
    const [a, b] = [first!, second!].sort() as [string, string];
    expect([plan.sites[a]!.stagingPrefix, plan.sites[a]!.backupPrefix]).toEqual(['wpfs1_', 'wpfb1_']);
    expect([plan.sites[b]!.stagingPrefix, plan.sites[b]!.backupPrefix]).toEqual(['wpfs2_', 'wpfb2_']);
    const warning = plan.sites[a]!.warnings.find((w) => w.code === 'target-database-shared');
    expect(warning?.message).toContain('`shared_wp`');
    expect(warning?.message).toContain(b);
    if (third) expect(plan.sites[third]!.stagingPrefix).toBe('wpfs_');
    // One database and one table prefix: the same WordPress, so both are blocked.
    const same = buildPlan({ fleet, facts: factsFor(fleet, (name) => ({ target: target(name, 'wp_') })) });
    expect(same.blocked.sort()).toEqual([a, b]);
    expect(same.sites[a]!.blockers.map((x) => x.code)).toContain('target-install-shared');
    // Separate databases: nothing changes.
    const separate = factsFor(fleet, (name) => ({
      target: { ...targetFacts(), database: { ...targetFacts().database!, name: `${name}_wp` } },
    }));
    expect(Object.values(buildPlan({ fleet, facts: separate }).sites).map((s) => s.stagingPrefix)).toEqual(
      Object.keys(fleet.sites).map(() => 'wpfs_'),
    );
    // The fleet file's own `target.db.name` counts the same way.
    const named = demo();
    expect(named.sites['acme-blog']!.target.db?.name).toBe('acme_blog');
    named.sites['acme-shop']!.target.db = {
      ...named.sites['acme-shop']!.target.db!,
      name: 'acme_blog',
      host: named.sites['acme-blog']!.target.db!.host,
    };
    expect(named.sites['acme-shop']!.target.host).toBe(named.sites['acme-blog']!.target.host);
    const namedPlan = buildPlan({
      fleet: named,
      facts: factsFor(named, (name) => ({
        target: {
          ...targetFacts(),
          wordpress: { version: '6.5', multisite: false, tablePrefix: `${name.replace('-', '')}_` },
        },
      })),
    });
    expect([
      namedPlan.sites['acme-blog']!.stagingPrefix,
      namedPlan.sites['acme-shop']!.stagingPrefix,
    ]).toEqual(['wpfs1_', 'wpfs2_']);
  });

  it('blocks a site whose collation the target does not know, and unblocks it when the collation is mapped', () => {
    const fleet = demo();
    const facts = factsFor(fleet, (name) =>
      name === 'bistro'
        ? {
            source: {
              ...siteFacts({ url: 'http://bistro.test' }),
              database: { ...siteFacts().database, collations: ['utf8mb4_0900_ai_ci'] },
            },
          }
        : {},
    );
    const plan = buildPlan({ fleet, facts });
    expect(plan.blocked).toEqual(['bistro']);
    const blocker = plan.sites['bistro']?.blockers[0];
    expect(blocker?.code).toBe('collation-unknown-to-target');
    expect(blocker?.hint).toContain('--map-collation utf8mb4_0900_ai_ci=');
    const mapped = buildPlan({
      fleet,
      facts,
      options: { collationMap: { utf8mb4_0900_ai_ci: 'utf8mb4_unicode_ci' } },
    });
    expect(mapped.blocked).toEqual([]);
    expect(mapped.collationMap).toEqual({ utf8mb4_0900_ai_ci: 'utf8mb4_unicode_ci' });
  });

  it('blocks a site when the target has not enough free disk, or no WordPress', () => {
    const fleet = demo();
    const plan = buildPlan({
      fleet,
      facts: factsFor(fleet, (name) =>
        name === 'dental'
          ? { target: targetFacts({ disk: { freeBytes: 1000 } }) }
          : name === 'bistro'
            ? { target: targetFacts({ wordpress: null }) }
            : {},
      ),
    });
    expect(plan.sites['dental']?.blockers.map((b) => b.code)).toEqual(['target-disk-low']);
    expect(plan.sites['dental']?.blockers[0]?.message).toMatch(/1000 B free/);
    expect(plan.sites['bistro']?.blockers.map((b) => b.code)).toEqual(['target-wordpress-missing']);
  });

  it('blocks a site when its host has no wp and the fleet gives no phar', () => {
    const fleet = demo();
    const plan = buildPlan({ fleet, facts: factsFor(fleet), hosts: { 'new-2': { wpCli: false } } });
    expect(plan.blocked.sort()).toEqual(['bistro', 'dental', 'studio']);
    expect(plan.sites['bistro']?.blockers[0]?.hint).toContain('hosts.new-2.wpCli');
  });

  it('blocks sites whose hosts lack the DB tools, and warns when rsync is missing', () => {
    const fleet = demo();
    const plan = buildPlan({
      fleet,
      facts: factsFor(fleet),
      hosts: { 'old-2': { dumpTool: false, rsync: false }, 'new-2': { dbClient: false } },
    });
    expect(plan.sites['dental']?.blockers.map((b) => b.code)).toEqual([
      'db-dump-missing',
      'db-client-missing',
    ]);
    expect(plan.sites['bistro']?.blockers.map((b) => b.code)).toEqual(['db-client-missing']);
    expect(plan.sites['network']?.blockers.map((b) => b.code)).toEqual(['db-dump-missing']);
    expect(plan.sites['network']?.warnings.map((w) => w.code)).toContain('rsync-missing');
    expect(plan.sites['acme-blog']?.blockers).toEqual([]);
  });

  it('warns about drift: another PHP major and a missing extension', () => {
    const fleet = demo();
    const plan = buildPlan({
      fleet,
      facts: factsFor(fleet, (name) =>
        name === 'acme-blog'
          ? { target: targetFacts({ php: { version: '7.4.33', extensions: ['mysqli', 'curl', 'xml'] } }) }
          : {},
      ),
    });
    const codes = plan.sites['acme-blog']?.warnings.map((w) => w.code);
    expect(codes).toEqual(['php-major-differs', 'extension-missing']);
    expect(plan.sites['acme-blog']?.warnings[1]?.message).toContain('mbstring');
  });

  it('warns about protected targets and blocks sites whose policy forbids migrate', () => {
    const fleet = demo();
    fleet.policies.protectedTargets.push('new-1');
    fleet.policies.forbiddenActions['dental'] = ['migrate'];
    const plan = buildPlan({ fleet, facts: factsFor(fleet) });
    expect(plan.blocked).toEqual(['dental']);
    expect(plan.sites['dental']?.blockers[0]?.code).toBe('action-forbidden');
    expect(plan.sites['acme-blog']?.warnings.map((w) => w.code)).toEqual(['target-protected']);
    expect(plan.sites['acme-blog']?.warnings[0]?.hint).toContain('--i-understand-protected');
    expect(plan.sites['dental']?.forbiddenActions).toEqual(['files-delete', 'migrate']);
    expect(plan.sites['bistro']?.forbiddenActions).toEqual(['files-delete']);
  });

  it('warns when a pin makes its wave larger than the maximum size', () => {
    const fleet = demo();
    const plan = buildPlan({ fleet, facts: factsFor(fleet), options: { maxWaveSize: 2 } });
    expect(plan.waves[0]?.sites).toHaveLength(3);
    expect(plan.sites['studio']?.warnings.map((w) => w.code)).toEqual(['wave-pin-over-size']);
  });

  it('plans without facts, with a warning that says to run inventory', () => {
    const plan = buildPlan({ fleet: demo() });
    expect(plan.sites['acme-blog']?.factsKnown).toBe(false);
    expect(plan.sites['acme-blog']?.warnings[0]?.hint).toContain('wpfleet inventory');
  });

  it('blocks a site whose probe failed in the plan it hashes, so the plan runs as printed', () => {
    const fleet = demo();
    const plan = buildPlan({
      fleet,
      probeErrors: {
        bistro: { target: { message: 'ssh: connect to new-2: timed out', hint: 'check the VPN' } },
      },
    });
    expect(plan.blocked).toEqual(['bistro']);
    expect(plan.sites['bistro']?.blockers).toEqual([
      {
        code: 'probe-failed',
        severity: 'error',
        message: 'the target could not be probed: ssh: connect to new-2: timed out',
        hint: 'check the VPN',
        where: { site: 'bistro' },
      },
    ]);
    // The blocker says why there are no facts: no "run inventory first" beside it.
    expect(plan.sites['bistro']?.warnings.map((w) => w.code)).not.toContain('facts-unknown');
    expect(checkPlan(JSON.parse(JSON.stringify(plan)), fleet).hash).toBe(plan.hash);
  });

  it('carries the URL, path and extra replacement pairs in order', () => {
    const fleet = demo();
    fleet.sites['bistro']!.target.url = 'https://bistro.example';
    fleet.sites['bistro']!.target.path = '/var/www/bistro';
    fleet.sites['bistro']!.replacements.push({ from: 'old-cdn', to: 'new-cdn' });
    const plan = buildPlan({ fleet });
    expect(plan.sites['bistro']?.replacements).toEqual([
      { from: 'http://bistro.test', to: 'https://bistro.example' },
      { from: '//bistro.test', to: '//bistro.example' },
      { from: 'http:\\/\\/bistro.test', to: 'https:\\/\\/bistro.example' },
      { from: '/srv/www/bistro', to: '/var/www/bistro' },
      { from: 'old-cdn', to: 'new-cdn' },
    ]);
  });

  it("gives a multisite that changes domain its bare domain and each subdomain subsite's domain under the new one", () => {
    const fleet = demo();
    fleet.sites['network']!.target.url = 'https://network.example';
    const facts = factsFor(fleet, (name) =>
      name === 'network'
        ? {
            source: {
              ...siteFacts({ url: 'http://network.test' }),
              sites: [
                { blogId: 1, url: 'http://network.test/' },
                { blogId: 2, url: 'http://en.network.test/' },
                { blogId: 3, url: 'http://network.test/fr/' },
                { blogId: 4, url: 'http://mapped-domain.test/' },
              ],
            },
          }
        : {},
    );
    facts['network']!.source!.wordpress.multisite = true;
    const pairs = buildPlan({ fleet, facts }).sites['network']!.replacements;
    expect(pairs).toContainEqual({ from: 'network.test', to: 'network.example' });
    expect(pairs).toContainEqual({ from: 'en.network.test', to: 'en.network.example' });
    // A subsite on a mapped domain of its own keeps it; a subdirectory subsite needs nothing more.
    expect(pairs.map((p) => p.from)).not.toContain('mapped-domain.test');
    expect(pairs).toHaveLength(5);
  });

  it('adds no bare domain for a multisite that keeps its domain, nor for a single site that changes it', () => {
    const fleet = demo();
    fleet.sites['bistro']!.target.url = 'https://bistro.example';
    const plan = buildPlan({ fleet, facts: factsFor(fleet) });
    expect(plan.sites['network']!.replacements.map((p) => p.from)).not.toContain('network.test');
    expect(plan.sites['bistro']!.replacements.map((p) => p.from)).not.toContain('bistro.test');
  });
});

describe('checkPlan', () => {
  it('accepts an intact plan made from the current fleet', () => {
    const fleet = demo();
    const plan = buildPlan({ fleet });
    expect(checkPlan(JSON.parse(JSON.stringify(plan)), fleet).hash).toBe(plan.hash);
  });

  it('refuses a plan edited by hand with WPF_PLAN_STALE', () => {
    const fleet = demo();
    const plan = JSON.parse(JSON.stringify(buildPlan({ fleet })));
    plan.waves[0].sites.push('intruder');
    expect(() => checkPlan(plan, fleet)).toThrow(expect.objectContaining({ code: 'WPF_PLAN_STALE' }));
  });

  it('refuses a plan made from another version of the fleet file', () => {
    const plan = buildPlan({ fleet: demo() });
    const changed = demo();
    changed.sites['bistro']!.target.url = 'http://elsewhere.test';
    let error: unknown;
    try {
      checkPlan(plan, changed);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WpfleetError);
    expect((error as WpfleetError).message).toMatch(/another version of the fleet file/);
  });

  it('refuses something that is not a plan', () => {
    expect(() => checkPlan({ hello: 1 })).toThrow(expect.objectContaining({ code: 'WPF_PLAN_INVALID' }));
  });
});
