// The lab as tests and demos see it: real Hosts over real SSH, Sites with their own databases and content.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { labStatus, labUp, readLabState, type LabState } from '../src/index.js';
import { httpGet, sql, ssh } from './lab-access.js';

let lab: LabState;
beforeAll(() => {
  lab = readLabState(inject('wpfleetLabDir'));
});

const site = (name: string) => lab.sites.find((s) => s.name === name)!;

describe('lab hosts', () => {
  it('lets every Host in over SSH as its own user, with strict host-key checking', async () => {
    for (const h of lab.hosts) {
      const r = await ssh(lab, h.name, 'whoami; echo "$PATH"');
      expect(r.exitCode, `${h.name}: ${r.stderr}`).toBe(0);
      const [user, path] = r.stdout.split('\n');
      expect(user).toBe(h.user);
      expect(path?.split(':')[0]).toBe(h.binDir);
    }
    expect(readFileSync(lab.sshConfig, 'utf8')).toContain('StrictHostKeyChecking yes');
  });

  it("runs the Host's own wp, which reports WordPress 6.1.9 for every Site and target install", async () => {
    const installs = [...lab.sites.map((s) => ({ host: s.host, path: s.path })), ...lab.targets];
    for (const i of installs) {
      const r = await ssh(lab, i.host, `wp --path=${i.path} core version`);
      expect(r.exitCode, `${i.host}:${i.path}: ${r.stderr}`).toBe(0);
      expect(r.stdout.trim()).toBe('6.1.9');
    }
  });

  it('refuses a Host whose key is not in known_hosts', async () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'wpf-kh-')), 'known_hosts');
    writeFileSync(empty, '');
    const h = lab.hosts[0]!;
    const r = await ssh(lab, h.name, 'true', [
      '-o',
      `UserKnownHostsFile=${empty}`,
      '-o',
      'StrictHostKeyChecking=yes',
    ]);
    expect(r.exitCode).toBe(255);
    expect(r.stderr).toContain('Host key verification failed');
  });

  it('refuses a Host that presents a different key than known_hosts records', async () => {
    const [a, b] = lab.hosts;
    // b's key recorded under a's address and port: a now looks like an impostor.
    const bLine = readFileSync(lab.knownHosts, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`[${b!.address}]:`))!;
    const forged = join(mkdtempSync(join(tmpdir(), 'wpf-kh-')), 'known_hosts');
    writeFileSync(
      forged,
      bLine.replace(`[${b!.address}]:${b!.sshPort}`, `[${a!.address}]:${a!.sshPort}`) + '\n',
    );
    const r = await ssh(lab, a!.name, 'true', ['-o', `UserKnownHostsFile=${forged}`]);
    expect(r.exitCode).toBe(255);
    expect(r.stderr).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
  });

  it('records each Host key fingerprint as ssh-keygen shows it', async () => {
    for (const h of lab.hosts) {
      const r = await execa('ssh-keygen', [
        '-l',
        '-E',
        'sha256',
        '-F',
        `[${h.address}]:${h.sshPort}`,
        '-f',
        lab.knownHosts,
      ]);
      expect(r.stdout).toContain(h.hostKeyFingerprint);
    }
  });
});

describe('lab sites', () => {
  it('has at least six source Sites over two source Hosts, each with a target install on a target Host', () => {
    expect(lab.sites.length).toBeGreaterThanOrEqual(6);
    expect(new Set(lab.sites.map((s) => s.host)).size).toBe(2);
    for (const s of lab.sites) {
      const t = lab.targets.find((x) => x.site === s.name);
      expect(t, s.name).toBeDefined();
      expect(lab.hosts.find((h) => h.name === t!.host)?.role).toBe('target');
    }
  });

  it('reaches every Site and target database with its own credentials, home matching the recorded URL', async () => {
    for (const s of [...lab.sites, ...lab.targets]) {
      const home = await sql(s.db, `SELECT option_value FROM ${s.prefix}options WHERE option_name = 'home'`);
      expect(home.trim()).toBe(s.url);
    }
  });

  it('gives target Hosts a different DB user, which may create, alter, rename and drop tables', async () => {
    const t = lab.targets[0]!;
    expect(t.db.user).not.toBe(site(t.site).db.user);
    // Named after this process: other test files share the lab and probe grants with their own tables.
    const t1 = `wpflab_grant_${process.pid}`;
    await sql(
      t.db,
      `CREATE TABLE ${t1} (id INT); ALTER TABLE ${t1} ADD INDEX (id); RENAME TABLE ${t1} TO ${t1}_b; DROP TABLE ${t1}_b;`,
    );
    const left = await sql(t.db, `SHOW TABLES LIKE 'wpflab\\_grant\\_${process.pid}%'`);
    expect(left.trim()).toBe('');
  });

  it('puts at least one target install at a different path and one at a different URL than its source', () => {
    expect(
      lab.targets.some(
        (t) => t.path.replace(/^.*\/hosts\/[^/]+/, '') !== site(t.site).path.replace(/^.*\/hosts\/[^/]+/, ''),
      ),
    ).toBe(true);
    expect(lab.targets.some((t) => t.url !== site(t.site).url)).toBe(true);
  });

  it('has a subdirectory multisite with its subsites', async () => {
    const ms = lab.sites.find((s) => s.multisite)!;
    expect(ms.subsites.length).toBeGreaterThanOrEqual(2);
    const paths = (await sql(ms.db, `SELECT path FROM ${ms.prefix}blogs ORDER BY blog_id`))
      .trim()
      .split('\n');
    expect(paths).toEqual(['/', ...ms.subsites]);
    const subPosts = await sql(ms.db, `SELECT COUNT(*) FROM ${ms.prefix}2_posts WHERE post_type = 'post'`);
    expect(Number(subPosts)).toBeGreaterThan(0);
  });

  it('keeps the non-default prefix Site on its own prefix only', async () => {
    const s = lab.sites.find((x) => x.prefix !== 'wp_')!;
    const tables = (await sql(s.db, 'SHOW TABLES')).trim().split('\n');
    expect(tables.length).toBeGreaterThanOrEqual(12);
    expect(tables.every((t) => t.startsWith(s.prefix))).toBe(true);
  });

  it('seeds content that exercises URL rewriting: escaped block JSON, serialized objects, multibyte text', async () => {
    const s = site('blog');
    const p = s.prefix;
    const escaped = s.url.replace(/\//g, '\\/');
    const content = await sql(
      s.db,
      `SELECT post_content FROM ${p}posts WHERE post_type = 'post' AND post_name LIKE 'post-%' ORDER BY ID LIMIT 1`,
    );
    expect(content).toContain(`"url":"${escaped}\\/wp-content\\/uploads\\/`);
    const obj = await sql(s.db, `SELECT meta_value FROM ${p}postmeta WHERE meta_key = 'lab_object' LIMIT 1`);
    expect(obj).toMatch(/^O:8:"stdClass":3:\{s:3:"url";s:\d+:"http:\/\/blog\.lab\.test"/);
    const titles = await sql(s.db, `SELECT post_title FROM ${p}posts WHERE post_type = 'post'`);
    expect(titles).toMatch(/\p{Script=Han}|\p{Script=Hangul}/u);
    expect(titles).toMatch(/\p{Extended_Pictographic}/u);
    const widgets = await sql(s.db, `SELECT option_value FROM ${p}options WHERE option_name = 'widget_text'`);
    expect(widgets).toContain(`${s.url}/contact/`);
    const counts = await sql(
      s.db,
      `SELECT (SELECT COUNT(*) FROM ${p}comments), (SELECT COUNT(*) FROM ${p}commentmeta), (SELECT COUNT(*) FROM ${p}usermeta WHERE meta_key = 'lab_profile'), (SELECT COUNT(*) FROM ${p}term_taxonomy WHERE taxonomy = 'genre'), (SELECT COUNT(*) FROM ${p}term_relationships)`,
    );
    for (const n of counts.trim().split('\t')) expect(Number(n)).toBeGreaterThan(0);
  });

  it('keeps image files under uploads that match their attachment metadata', async () => {
    const s = site('docs');
    const file = (
      await sql(
        s.db,
        `SELECT meta_value FROM ${s.prefix}postmeta WHERE meta_key = '_wp_attached_file' ORDER BY post_id LIMIT 1`,
      )
    ).trim();
    const r = await ssh(lab, s.host, `head -c 8 ${s.path}/wp-content/uploads/${file} | od -An -c`);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('211 P N G');
  });

  it('serves every Site and target install over HTTP by its name on its Host address', async () => {
    const hostOf = (name: string) => lab.hosts.find((h) => h.name === name)!;
    for (const s of [...lab.sites, ...lab.targets]) {
      const h = hostOf(s.host);
      const r = await httpGet(h.address, h.httpPort, `${s.url}/`);
      expect(r.status, `${s.url} on ${h.name}`).toBe(200);
    }
    const ms = lab.sites.find((s) => s.multisite)!;
    const sub = await httpGet(
      hostOf(ms.host).address,
      hostOf(ms.host).httpPort,
      `${ms.url}${ms.subsites[0]}`,
    );
    expect(sub.status).toBe(200);
  });
});

describe('lab lifecycle', () => {
  it('reports the running lab healthy', async () => {
    const status = await labStatus(lab.dir);
    expect(status.problems).toEqual([]);
    expect(status.healthy).toBe(true);
  });

  it('leaves a healthy lab alone when brought up again', async () => {
    const t0 = Date.now();
    const again = await labUp({ dir: lab.dir });
    expect(again.startedAt).toBe(lab.startedAt);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
