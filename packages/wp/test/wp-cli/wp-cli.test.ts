// WpCli end to end over a LocalTransport, with a `wp` that replays real WP-CLI records: it only answers
// argv exactly as recorded, so these tests also prove the facade builds the argv real WP-CLI was given.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { WpfleetError } from '@wpfleet/core';
import { LocalTransport } from '../../src/transport/local-transport.js';
import { WpCli, runsAsRoot, type WpCliWarning } from '../../src/wp-cli/wp-cli.js';
import { WpCliError } from '../../src/wp-cli/wp-cli-error.js';
import { ensureWpCli } from '../../src/wp-cli/wp-cli-install.js';
import { loadTranscripts, transcript } from './transcripts.js';

const replay = fileURLToPath(new URL('./replay-wp.mjs', import.meta.url));
const records = loadTranscripts();
const transport = new LocalTransport();
const site = { name: 'example', path: '/srv/www/example' };

function wp(options: { warnings?: WpCliWarning[]; skip?: boolean } = {}): WpCli {
  return new WpCli(
    transport,
    { ...site, ...(options.skip ? { skipPlugins: true, skipThemes: true } : {}) },
    {
      command: [process.execPath, replay],
      ...(options.warnings ? { onWarning: (w: WpCliWarning) => options.warnings!.push(w) } : {}),
    },
  );
}

describe('WpCli over recorded WP-CLI 2.12.0', () => {
  it('reads versions, install state, options and the prefix', async () => {
    const w = wp();
    expect(await w.cliVersion()).toBe('2.12.0');
    expect(await w.coreVersion()).toBe('6.1.9');
    expect(await w.isInstalled()).toBe(true);
    expect(await w.optionGet('home')).toBe('https://new.example.test');
    expect(await w.dbPrefix()).toBe('wp_');
  });

  it('puts --skip-plugins --skip-themes among the global flags', async () => {
    expect(await wp({ skip: true }).argv(['option', 'get', 'siteurl'])).toEqual(
      expect.arrayContaining(['--path=/srv/www/example', '--skip-plugins', '--skip-themes']),
    );
  });

  it('adds --allow-root exactly when the transport runs as root', async () => {
    const argv = await wp().argv(['core', 'version']);
    expect(argv.includes('--allow-root')).toBe(await runsAsRoot(transport));
  });

  it('reads database facts', async () => {
    const w = wp();
    expect(await w.dbSize()).toBe(671744);
    expect(await w.dbTables()).toHaveLength(12);
    expect((await w.dbTableSizes()).find((t) => t.name === 'wp_users')?.bytes).toBe(65536);
    expect(await w.dbQuery('SELECT COUNT(*) FROM wp_posts', { header: false })).toEqual({
      columns: [],
      rows: [['4']],
    });
  });

  it('lists plugins, themes, users, posts, terms and cron events', async () => {
    const w = wp();
    expect((await w.pluginList()).map((p) => `${p.name}@${p.version}:${p.status}`)).toEqual([
      'akismet@5.0.2:inactive',
    ]);
    expect((await w.themeList())[0]?.name).toBe('twentytwentythree');
    expect((await w.userList())[0]?.user_login).toBe('a');
    expect(await w.postCount()).toBe(4);
    expect((await w.termList('category'))[0]?.name).toBe('Uncategorized');
    expect((await w.cronEventList()).length).toBeGreaterThan(3);
  });

  it('lists plugins and themes without the update check that writes to the site and calls wordpress.org', async () => {
    const w = wp();
    const seen: string[][] = [];
    const recording = new WpCli(
      {
        ...transport,
        label: transport.label,
        capabilities: transport.capabilities,
        exec: (argv, o) => (seen.push([...argv]), transport.exec(argv, o)),
      } as typeof transport,
      site,
      { command: [process.execPath, replay] },
    );
    await recording.pluginList();
    await recording.themeList();
    expect(seen.filter((a) => a.includes('list')).every((a) => a.includes('--skip-update-check'))).toBe(true);
    expect((await w.themeList())[0]?.status).toBe('active');
  });

  it('answers null for the site list of a single site', async () => {
    expect(await wp().siteList()).toBeNull();
  });

  it('reads the config with secrets kept apart', async () => {
    const config = await wp().configGet();
    expect(config.dbName).toBe('wpdb');
    expect(JSON.stringify(config)).not.toContain('wppass');
  });

  it('runs PHP sent through stdin', async () => {
    const php = transcript(records, 'eval-file-stdin').stdin!;
    expect(JSON.parse(await wp().evalFile(php))).toEqual({ php: '8.2.36', wp: '6.1.9', prefix: 'wp_' });
  });

  it('streams SQL into db import', async () => {
    const sql = transcript(records, 'db-import-stdin').stdin!;
    const child = await wp().dbImport();
    Readable.from([sql]).pipe(child.stdin);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    expect((await child.result).exitCode).toBe(0);
    expect(Buffer.concat(chunks).toString()).toBe("Success: Imported from 'STDIN'.\n");
  });

  it('flushes caches and reports the rewrite warning as a structured warning', async () => {
    const warnings: WpCliWarning[] = [];
    const w = wp({ warnings });
    await w.cacheFlush();
    await w.transientDeleteAll();
    await w.rewriteFlush();
    expect(warnings).toEqual([
      expect.objectContaining({
        site: 'example',
        host: 'local',
        command: 'rewrite flush',
        message: expect.stringMatching(/^Rewrite rules are empty/),
      }),
    ]);
  });

  it('turns an Error: line into WPF_WP_CLI with the message, site and host', async () => {
    const e = await wp()
      .dbQuery('SELECT * FROM no_such_table')
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WpCliError);
    const error = e as WpCliError;
    expect(error.code).toBe('WPF_WP_CLI');
    expect(error.message).toContain('wp db query failed for site example on host local: Query failed:');
    expect(error.message).toContain("Table 'wpdb.no_such_table' doesn't exist");
    expect(error.where).toEqual({ host: 'local', site: 'example' });
    expect(error.exitCode).toBe(1);
  });

  it('answers undefined for a missing option instead of failing', async () => {
    // Only the plain form was recorded for a missing option; the JSON form must refuse the same way.
    const e = await wp()
      .run(['option', 'get', 'no_such_option_xyz'])
      .catch((x: unknown) => x);
    expect((e as WpCliError).errors).toEqual(["Could not get 'no_such_option_xyz' option. Does it exist?"]);
  });
});

describe('WpCliInstall', () => {
  it('uses the host wp when there is one, and uploads the phar only when there is not', async () => {
    const hasWp = (await transport.exec(['sh', '-c', 'command -v wp'], { reject: false })).exitCode === 0;
    const install = await ensureWpCli(transport, { phar: () => Buffer.from('<?php') });
    try {
      expect(install.uploaded).toBe(!hasWp);
      expect(install.command[0]).toBe(hasWp ? 'wp' : 'php');
    } finally {
      await install.dispose();
    }
  });

  it('uploads a phar into a private directory, runs it with php and removes it', async () => {
    const hasPhp = (await transport.exec(['sh', '-c', 'command -v php'], { reject: false })).exitCode === 0;
    if (!hasPhp) {
      await expect(
        ensureWpCli(transport, { preferPhar: true, phar: () => Buffer.from('x') }),
      ).rejects.toMatchObject({
        code: 'WPF_WP_CLI_MISSING',
      });
      return;
    }
    const install = await ensureWpCli(transport, {
      preferPhar: true,
      phar: () => Buffer.from('<?php echo "phar ran ", implode(" ", array_slice($argv, 1));'),
    });
    const [php, pharPath] = install.command as [string, string];
    expect(php).toBe('php');
    const dir = pharPath.replace(/\/wp-cli\.phar$/, '');
    expect((await transport.exec(['stat', '-c', '%a', dir])).stdout.trim()).toBe('700');
    expect((await transport.exec([...install.command, 'core', 'version'])).stdout).toBe(
      'phar ran core version',
    );
    await install.dispose();
    expect((await transport.exec(['test', '-e', dir], { reject: false })).exitCode).toBe(1);
  });

  it('explains what to do when the host has no wp and no phar was given', async () => {
    const bare = new LocalTransport();
    const e = await ensureWpCli(
      {
        ...bare,
        label: 'bare',
        capabilities: bare.capabilities,
        exec: (argv, o) => bare.exec(argv[0] === 'sh' ? ['false'] : argv, o),
        spawn: bare.spawn.bind(bare),
        putFile: bare.putFile.bind(bare),
        removeFile: bare.removeFile.bind(bare),
        makePrivateDir: bare.makePrivateDir.bind(bare),
        close: bare.close.bind(bare),
      },
      {},
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WpfleetError);
    expect(e).toMatchObject({ code: 'WPF_WP_CLI_MISSING' });
  });
});

describe('WpCli.isInstalled tells "not installed" from "not WordPress"', () => {
  // Tiny real executables standing in for `wp core is-installed`, each answering the way WP-CLI 2.12.0 does.
  const fakeWp = (stderr: string, code: number) =>
    new WpCli(transport, site, { command: ['sh', '-c', `printf '%s' "$1" >&2; exit ${code}`, 'wp', stderr] });

  it('answers false for WordPress files whose database holds no install (a silent exit 1)', async () => {
    expect(await fakeWp('', 1).isInstalled()).toBe(false);
  });

  it('throws the WP-CLI error for a directory that is not WordPress, instead of answering false', async () => {
    await expect(
      fakeWp('Error: This does not seem to be a WordPress installation.\n', 1).isInstalled(),
    ).rejects.toThrow(/does not seem to be a WordPress installation/);
  });
});

describe('WpCli failures say what happened', () => {
  it('names the command words, not the operands, of a failed command', async () => {
    const failing = new WpCli(transport, site, {
      command: ['sh', '-c', 'echo "Error: boom" >&2; exit 1', 'wp'],
    });
    await expect(failing.evalFile('<?php echo 1;', { args: ['wpfs_'] })).rejects.toThrow(
      /wp eval-file failed for site example/,
    );
  });

  it('reports a command the run cancelled as cancelled, not as a WP-CLI failure', async () => {
    const stop = new AbortController();
    const slow = new WpCli(transport, site, { command: ['sh', '-c', 'sleep 5', 'wp'], signal: stop.signal });
    const pending = slow.run(['core', 'version']);
    setTimeout(() => stop.abort(), 100);
    await expect(pending).rejects.toMatchObject({ code: 'WPF_COMMAND_CANCELED' });
  });

  it('does not quote the answer of a cancelled `config get` (DB_PASSWORD and salts) in the error', async () => {
    const stop = new AbortController();
    const dir = mkdtempSync(join(tmpdir(), 'wpf-config-'));
    writeFileSync(
      join(dir, 'answer.json'),
      JSON.stringify([{ name: 'DB_PASSWORD', value: 'hunter2-in-config', type: 'constant' }]) + '\n',
    );
    const slow = new WpCli(transport, site, {
      command: ['sh', '-c', 'cat "$1"; exec sleep 5', 'wp', join(dir, 'answer.json')],
      signal: stop.signal,
    });
    const pending = slow.configGet();
    setTimeout(() => stop.abort(), 300);
    const error = (await pending.catch((e: unknown) => e)) as WpfleetError & { stdout?: string };
    expect(error).toMatchObject({ code: 'WPF_COMMAND_CANCELED' });
    expect(error.message).not.toContain('hunter2-in-config');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('hunter2-in-config');
    rmSync(dir, { recursive: true, force: true });
  });
});
