import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FleetInvalidError, loadFleet, parseFleet, WpfleetError, type FleetProblem } from '@wpfleet/core';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../../fixtures/fleets/${name}`, import.meta.url), 'utf8');

function problemsOf(text: string): FleetProblem[] {
  const result = parseFleet(text, { fileName: 'fleet.yml' });
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

function problemAt(problems: FleetProblem[], path: string): FleetProblem {
  const found = problems.find((p) => p.path === path);
  if (!found) throw new Error(`no problem at ${path}; got ${problems.map((p) => p.path).join(', ')}`);
  return found;
}

describe('parseFleet', () => {
  it('accepts the demo fleet and fills in the defaults', () => {
    const result = parseFleet(fixture('demo.yml'), { fileName: 'demo.yml' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { fleet } = result;
    expect(Object.keys(fleet.sites)).toHaveLength(6);
    expect(fleet.hosts['new-2']?.proxyJump).toBe('new-1');
    expect(fleet.hosts['old-1']?.transport).toBe('ssh');
    expect(fleet.sites['bistro']?.criticality).toBe('normal');
    expect(fleet.sites['studio']?.wave).toBe(1);
    expect(fleet.sites['acme-blog']?.target.db?.host).toBe('127.0.1.3');
    expect(fleet.defaults.stagingPrefix).toBe('wpfs_');
    expect(fleet.defaults.retries.attempts).toBe(3);
    expect(fleet.defaults.excludes).toEqual([]);
    expect(fleet.sites['dental']?.excludes).toEqual(['/uploads/tmp/']);
    expect(fleet.policies.protectedTargets).toEqual(['old-1', 'old-2']);
  });

  it('reports every problem of a broken fleet file at once, each with path, line, column and hint', () => {
    const problems = problemsOf(fixture('many-errors.yml'));
    expect(problems.map((p) => p.path)).toEqual([
      'version',
      'defaults.concurency',
      'hosts.old-1.port',
      'hosts.jump-a.proxyJump',
      'hosts.nowhere',
      'sites.acme-blog.target.host',
      'sites.acme-blog.target.url',
      'sites.acme-blog.target.db.password',
      'sites.acme-blog.criticality',
      'sites.other.target.host',
      'sites.other.target.path',
      'policies.protectedTargets.0',
    ]);
    for (const p of problems) {
      expect(p.line).toBeGreaterThan(0);
      expect(p.column).toBeGreaterThan(0);
      expect(p.hint.length).toBeGreaterThan(10);
    }
    expect(problemAt(problems, 'version')).toMatchObject({ line: 2, column: 1 });
    expect(problemAt(problems, 'sites.acme-blog.target.host')).toMatchObject({ line: 22, column: 7 });
    expect(problemAt(problems, 'defaults.concurency').hint).toContain('`concurrency`');
  });

  it('refuses a literal DB password and says to use an environment variable or wp-config', () => {
    const problem = problemAt(problemsOf(fixture('many-errors.yml')), 'sites.acme-blog.target.db.password');
    expect(problem.message).toMatch(/password is not allowed/);
    expect(problem.hint).toContain('passwordEnv');
    expect(problem.hint).toContain('passwordFrom: wp-config');
    expect(problem.message + problem.hint).not.toContain('hunter2');
  });

  it('asks where the DB password comes from when the db block names no source', () => {
    const text = fixture('demo.yml').replace('passwordEnv: WPFLEET_DB_NEW1', 'port: 3306');
    expect(problemAt(problemsOf(text), 'sites.acme-blog.target.db.passwordEnv').message).toMatch(
      /where the DB password comes from/,
    );
  });

  it('finds jump-host cycles and names the chain once', () => {
    const cycles = problemsOf(fixture('many-errors.yml')).filter((p) => p.message.includes('cycle'));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.message).toBe('jump hosts form a cycle: jump-a → jump-b → jump-a');
  });

  it('accepts a jump host written as user@host:port, refuses a bare name that is no host', () => {
    const base = fixture('demo.yml');
    expect(parseFleet(base.replace('proxyJump: new-1', 'proxyJump: admin@bastion.example:2222')).ok).toBe(
      true,
    );
    const problem = problemAt(
      problemsOf(base.replace('proxyJump: new-1', 'proxyJump: bastion')),
      'hosts.new-2.proxyJump',
    );
    expect(problem.hint).toContain('user@host:port');
  });

  it('refuses a target that is its own source', () => {
    const text = fixture('demo.yml').replace(
      'target: { host: new-2, path: /srv/www/bistro',
      'target: { host: old-1, path: /srv/www/bistro/',
    );
    expect(problemAt(problemsOf(text), 'sites.bistro.target.path').message).toBe(
      'the target is the source itself',
    );
  });

  it('points at the syntax error when the file is not YAML', () => {
    const problems = problemsOf(fixture('not-yaml.yml'));
    expect(problems[0]).toMatchObject({ path: '', line: 5 });
    expect(problems[0]?.message).toMatch(/not valid YAML/);
  });

  it('reads JSON fleet files too', () => {
    const json = JSON.stringify({
      version: 1,
      hosts: { a: { address: '127.0.1.1' }, b: { transport: 'local' } },
      sites: {
        s: {
          source: { host: 'a', path: '/x', url: 'http://s.test' },
          target: { host: 'b', path: '/y', url: 'http://s.test' },
        },
      },
    });
    const result = parseFleet(json, { fileName: 'fleet.json' });
    expect(result.ok).toBe(true);
  });

  it('accepts sites as a list with names and reports list positions', () => {
    const text = [
      'version: 1',
      'hosts: { a: { address: 127.0.1.1 } }',
      'sites:',
      '  - name: one',
      '    source: { host: a, path: /x, url: "http://one.test" }',
      '    target: { host: a, path: /y, url: "http://one.test" }',
      '  - name: two',
      '    source: { host: a, path: /x2, url: "http://two.test" }',
      '    target: { host: zz, path: /y2, url: "http://two.test" }',
    ].join('\n');
    expect(problemAt(problemsOf(text), 'sites.1.target.host')).toMatchObject({ line: 9, column: 15 });
    const ok = parseFleet(text.replace('host: zz', 'host: a'));
    expect(ok.ok && Object.keys(ok.fleet.sites)).toEqual(['one', 'two']);
  });

  it('loadFleet throws WPF_FLEET_INVALID listing all problems with file positions', () => {
    let caught: unknown;
    try {
      loadFleet(fixture('many-errors.yml'), { fileName: 'many-errors.yml' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FleetInvalidError);
    expect(caught).toBeInstanceOf(WpfleetError);
    const error = caught as FleetInvalidError;
    expect(error.code).toBe('WPF_FLEET_INVALID');
    expect(error.kind).toBe('user');
    expect(error.problems).toHaveLength(12);
    expect(error.message).toContain('many-errors.yml has 12 problems');
    expect(error.message).toContain('many-errors.yml:22:7 sites.acme-blog.target.host:');
  });
});

describe('parseFleet messages', () => {
  it('says what range a number must be in, and refuses empty strings', () => {
    const problems = problemsOf(fixture('many-errors.yml'));
    expect(problemAt(problems, 'hosts.old-1.port').message).toBe('must be at most 65535');
    const empty = fixture('demo.yml').replace('path: /srv/www/bistro,', 'path: "",');
    expect(problemAt(problemsOf(empty), 'sites.bistro.source.path').message).toBe('must not be empty');
  });

  it('says why a site or host name with spaces or shell characters is refused', () => {
    const text = fixture('demo.yml').replace('\n  bistro:', '\n  "bistro $(touch x)":');
    const problem = problemAt(problemsOf(text), 'sites.bistro $(touch x)');
    expect(problem.message).toBe(
      'the site name "bistro $(touch x)" must start with a letter or digit and contain only letters, digits, ".", "_" and "-"',
    );
    expect(problem.hint).toContain('rename it');
    expect(problem.line).toBeGreaterThan(1);
  });

  it('reports a key written twice as a syntax problem at its line', () => {
    const text = ['version: 1', 'hosts: {}', 'sites: {}', 'hosts: {}'].join('\n');
    const problems = problemsOf(text);
    expect(problems[0]?.line).toBe(4);
    expect(problems[0]?.message).toMatch(/unique/);
  });

  it('says what is missing when a required key is absent', () => {
    const text = fixture('demo.yml').replace(
      '    source: { host: old-2, path: /srv/www/dental, url: "http://dental.test" }\n',
      '',
    );
    const problem = problemAt(problemsOf(text), 'sites.dental.source');
    expect(problem.message).toBe('`source` is required (a mapping)');
    expect(problem.hint).toContain('add `source:`');
    expect(problem.line).toBeGreaterThan(70);
  });
});

describe('parseFleet with other file forms', () => {
  it('reads the JSON list-form fixture into the map form', () => {
    const result = parseFleet(fixture('list-form.json'), { fileName: 'list-form.json' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(Object.keys(result.fleet.sites)).toEqual(['one', 'two']);
    expect(result.fleet.hosts['old']?.sshAlias).toBe('old-box');
    expect(result.fleet.hosts['new']?.wpCli).toEqual({ phar: './wp-cli.phar' });
    expect(result.fleet.sites['one']?.target.db).toMatchObject({
      host: 'localhost',
      passwordEnv: 'ONE_DB_PASSWORD',
    });
  });

  it('never echoes a wrongly typed value, which might be a secret', () => {
    const text = fixture('demo.yml').replace('passwordEnv: WPFLEET_DB_NEW1', 'passwordEnv: 987654321');
    const problem = problemAt(problemsOf(text), 'sites.acme-blog.target.db.passwordEnv');
    expect(problem.message).toBe('expected string, got a number');
    expect(JSON.stringify(problem)).not.toContain('987654321');
  });
});

describe('parseFleet on site paths and URLs', () => {
  const demo = fixture('demo.yml');
  const withPath = (path: string): string =>
    demo.replace('path: /srv/www/bistro,', `path: ${JSON.stringify(path)},`);
  const withUrl = (url: string): string =>
    demo.replace('url: "http://bistro.test" }', `url: ${JSON.stringify(url)} }`);

  it.each([
    ['a newline', '/srv/www/bistro\n/etc', /control characters/],
    ['a relative path', 'srv/www/bistro', /absolute/],
    ['`/` itself', '/', /must not be `\/`/],
    ['a `..` part', '/srv/www/../bistro', /normalised/],
    ['a `.` part', '/srv/./www/bistro', /normalised/],
    ['a double slash', '/srv//www/bistro', /normalised/],
    ['a leading `-`', '-rf', /must not start with `-`/],
  ])('refuses a site path with %s at its fleet path', (_, path, message) => {
    const problem = problemAt(problemsOf(withPath(path)), 'sites.bistro.source.path');
    expect(problem.message).toMatch(message);
    expect(problem.line).toBe(71);
    expect(problem.hint.length).toBeGreaterThan(10);
  });

  it('suggests the normalised form of a path with `..` in it', () => {
    expect(problemAt(problemsOf(withPath('/srv/www/../bistro')), 'sites.bistro.source.path').hint).toContain(
      '`/srv/bistro`',
    );
  });

  it.each([
    ['credentials', 'http://admin:hunter2@bistro.test', /user name or password/],
    ['a user name only', 'https://admin@bistro.test', /user name or password/],
    ['a fragment', 'http://bistro.test/#top', /fragment/],
    ['another scheme', 'ftp://bistro.test', /http:\/\/ or https:\/\//],
    ['a javascript: URL', 'javascript:alert(1)', /http:\/\/ or https:\/\//],
    ['a newline', 'http://bistro.test/\nx', /control characters/],
  ])('refuses a site URL with %s at its fleet path, without echoing it', (_, url, message) => {
    const problem = problemAt(problemsOf(withUrl(url)), 'sites.bistro.source.url');
    expect(problem.message).toMatch(message);
    expect(problem.message + problem.hint).not.toContain('hunter2');
  });

  it.each([
    ["`wp_`, WordPress's own prefix", 'wp_', 'wpfb_', /staging prefix starts with `wp_`/],
    ['the backup prefix itself', 'wpfb_', 'wpfb_', /overlap/],
  ])('refuses a staging prefix that is %s at defaults.stagingPrefix', (_, staging, backup, message) => {
    const text = demo.replace(
      'defaults:',
      `defaults:\n  stagingPrefix: ${staging}\n  backupPrefix: ${backup}`,
    );
    expect(problemAt(problemsOf(text), 'defaults.stagingPrefix').message).toMatch(message);
  });

  it('refuses credentials in a page the HTTP check asks for, and accepts a plain path', () => {
    const withPage = (page: string): string =>
      demo.replace(
        'target: { host: new-2, path: /srv/www/bistro, url: "http://bistro.test" }',
        `target: { host: new-2, path: /srv/www/bistro, url: "http://bistro.test" }\n    checks: { urls: [${JSON.stringify(page)}] }`,
      );
    const problem = problemAt(
      problemsOf(withPage('https://admin:hunter2@bistro.test/shop/')),
      'sites.bistro.checks.urls.0',
    );
    expect(problem.message).toMatch(/user name or password/);
    expect(parseFleet(withPage('/shop/?a=1#x')).ok).toBe(true);
  });

  it('finds no site or host named `toString` or `constructor` in a fleet that has none', () => {
    const fleet = loadFleet(demo);
    expect(fleet.sites['toString']).toBeUndefined();
    expect(fleet.hosts['constructor']).toBeUndefined();
    expect(fleet.policies.forbiddenActions['hasOwnProperty']).toBeUndefined();
  });

  it('accepts absolute normalised paths with spaces and http(s) URLs with a path and a port', () => {
    const ok = parseFleet(
      withUrl('https://bistro.test:8443/shop/').replace('/srv/www/bistro,', '"/srv/www/bi stro",'),
    );
    expect(ok.ok).toBe(true);
  });
});
