// WpCli over a real SshTransport against the lab's Sites: real facts, real errors, hostile paths.
import { describe, expect, it, afterAll } from 'vitest';
import { SshTransportPool } from '../../src/ssh/ssh-transport-pool.js';
import { WpCli } from '../../src/wp-cli/wp-cli.js';
import { WpCliError } from '../../src/wp-cli/wp-cli-error.js';
import { ensureWpCli } from '../../src/wp-cli/wp-cli-install.js';
import type { LabHost } from '@wpfleet/lab';
import { labTarget, loadLab } from '../ssh/lab-fixture.js';

const lab = loadLab();
const sites = lab.sites;
const pool = new SshTransportPool({ connectTimeoutMs: 10_000 });
afterAll(() => pool.closeAll());

/** The lab topology must provide what these tests need; a missing piece is a failure, not a skip. */
function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the lab has no ${what}`);
  return value;
}

const hostOf = (name: string): LabHost => {
  const h = lab.hosts.find((x) => x.name === name);
  if (!h) throw new Error(`lab host ${name} missing`);
  return h;
};
const transportFor = (host: LabHost) => pool.get(labTarget(lab, host));
const single = sites.find((s) => !s.multisite && hostOf(s.host) && hostOf(s.host).wpCli !== false);
const multi = sites.find((s) => s.multisite);

describe('WpCli on a lab Site', () => {
  const site = required(single, 'a single Site on a Host with wp');
  const wp = () => new WpCli(transportFor(hostOf(site.host)), { name: site.name, path: site.path });

  it('reads the WordPress version, prefix and tables of the site', async () => {
    const w = wp();
    expect(await w.coreVersion()).toBe('6.1.9');
    expect(await w.isInstalled()).toBe(true);
    expect(await w.dbPrefix()).toBe(site.prefix);
    const tables = await w.dbTables();
    expect(tables).toContain(`${site.prefix}posts`);
    expect(tables.every((t) => t.startsWith(site.prefix))).toBe(true);
    expect(await w.dbSize()).toBeGreaterThan(0);
  });

  it('counts posts the same way a direct SQL count does', async () => {
    const w = wp();
    const viaWp = await w.postCount();
    const sql = await w.dbQuery(
      `SELECT COUNT(*) FROM ${site.prefix}posts WHERE post_status NOT IN ('trash','auto-draft')`,
      { header: false },
    );
    expect(viaWp).toBe(Number(sql.rows[0]?.[0]));
  });

  it('reads wp-config with the DB password kept secret', async () => {
    const config = await wp().configGet();
    expect(config.dbName).toBe(site.db.name);
    expect(config.tablePrefix).toBe(site.prefix);
    expect(config.secrets.dbPassword).toBe(site.db.password);
    expect(JSON.stringify(config)).not.toContain(site.db.password);
  });

  it('lists plugins with versions and themes', async () => {
    const plugins = await wp().pluginList();
    expect(plugins.length).toBeGreaterThan(0);
    expect(plugins.every((p) => /^\d/.test(p.version) || p.version === '')).toBe(true);
    expect((await wp().themeList()).some((t) => t.status === 'active')).toBe(true);
  });

  it('streams a dump out of the site', async () => {
    const dump = await wp().dbExport({ tables: [`${site.prefix}options`] });
    let text = '';
    for await (const chunk of dump.stdout) text += (chunk as Buffer).toString('utf8');
    expect((await dump.result).exitCode).toBe(0);
    expect(text).toContain(`CREATE TABLE \`${site.prefix}options\``);
  });

  it('refuses a path that is not WordPress, even one full of shell syntax, and runs nothing', async () => {
    const transport = transportFor(hostOf(site.host));
    const marker = `/tmp/wpfleet-pwned-${process.pid}`;
    const hostile = `/tmp/no wp 'here' "x" $(touch ${marker}) \`touch ${marker}\`; -rf`;
    const w = new WpCli(transport, { name: 'hostile', path: hostile });
    const e = await w.coreVersion().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WpCliError);
    expect((e as WpCliError).code).toBe('WPF_WP_CLI');
    expect((e as WpCliError).where).toMatchObject({ site: 'hostile' });
    expect((await transport.exec(['test', '-e', marker], { reject: false })).exitCode).toBe(1);
  });
});

describe('WpCli on the lab multisite', () => {
  it('lists the main site and every subsite', async () => {
    const site = required(multi, 'a multisite Site');
    const w = new WpCli(transportFor(hostOf(site.host)), { name: site.name, path: site.path });
    const list = await w.siteList();
    expect(list).not.toBeNull();
    expect(list!.length).toBe(site.subsites.length + 1);
  });

  it('talks to one subsite with --url', async () => {
    const site = required(multi, 'a multisite Site');
    const sub = required(site.subsites[0], 'subsite');
    const url = `${site.url.replace(/\/$/, '')}${sub}`;
    const w = new WpCli(transportFor(hostOf(site.host)), { name: site.name, path: site.path, url });
    expect(String(await w.optionGet('siteurl')).replace(/\/$/, '')).toBe(url.replace(/\/$/, ''));
  });
});

describe('WP-CLI from an uploaded phar', () => {
  it('uploads a given phar into a private directory, runs it with php and removes it', async () => {
    const transport = transportFor(required(lab.hosts[0], 'Host'));
    const install = await ensureWpCli(transport, {
      preferPhar: true,
      phar: () => Buffer.from('<?php echo "phar:", $argv[1];'),
    });
    expect(install.uploaded).toBe(true);
    expect((await transport.exec([...install.command, 'ok'])).stdout).toBe('phar:ok');
    const dir = install.command[1]!.replace(/\/wp-cli\.phar$/, '');
    expect((await transport.exec(['stat', '-c', '%a', dir])).stdout.trim()).toBe('700');
    await install.dispose();
    expect((await transport.exec(['test', '-e', dir], { reject: false })).exitCode).toBe(1);
  });

  it("finds the Host's own wp and uploads nothing", async () => {
    const install = await ensureWpCli(transportFor(required(lab.hosts[0], 'Host')), {
      phar: () => Buffer.from('<?php'),
    });
    expect(install).toMatchObject({ uploaded: false, command: ['wp'] });
  });
});
