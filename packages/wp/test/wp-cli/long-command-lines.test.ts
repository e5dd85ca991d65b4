// Linux refuses a single argument over 128 KiB, and WP-CLI runs the mysql client and mysqldump through one
// `sh -c` command line. A large network's RENAME TABLE or table list must not go through argv.
import { describe, expect, it } from 'vitest';
import { WpfleetError } from '@wpfleet/core';
import { LocalTransport } from '../../src/transport/local-transport.js';
import { DB_EXPORT_TABLE_LIST_LIMIT, DB_QUERY_ARGUMENT_LIMIT, WpCli } from '../../src/wp-cli/wp-cli.js';

const transport = new LocalTransport();
const site = { name: 'network', path: '/srv/www/network' };
// A `wp` that prints each argument's length and the bytes it got on stdin, one per line.
const measuringWp = new WpCli(transport, site, {
  command: [
    'sh',
    '-c',
    'for a; do printf "arg\\t%s\\t%.40s\\n" "${#a}" "$a"; done; printf "stdin\\t%s\\n" "$(wc -c)"',
    'wp',
  ],
});

const tables = (n: number, prefix = 'wp_') =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + 2}_postmeta`);

/** The arguments, each cut to 40 characters, that a `db export` of `options` gave the stand-in `wp`. */
async function exportArgs(options: Parameters<WpCli['dbExport']>[0]): Promise<string[]> {
  const spawned = await measuringWp.dbExport(options);
  spawned.stdin.end();
  let out = '';
  spawned.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await spawned.result;
  return out
    .split('\n')
    .filter((l) => l.startsWith('arg\t'))
    .map((l) => l.split('\t')[2]!);
}

describe('long SQL and table lists stay off the command line', () => {
  it('passes short SQL as the argument WP-CLI records show', async () => {
    const rows = (await measuringWp.dbQuery('SELECT 1', { header: false })).rows;
    expect(rows.some((r) => r[0] === 'arg' && r[2] === 'SELECT 1')).toBe(true);
    expect(rows.find((r) => r[0] === 'stdin')?.[1]).toBe('0');
  });

  it('sends SQL longer than the argument limit on stdin, whole', async () => {
    const sql = `RENAME TABLE ${tables(6000)
      .map((t) => `\`${t}\` TO \`wpfb_${t.slice(3)}\``)
      .join(', ')}`;
    expect(sql.length).toBeGreaterThan(128 * 1024);
    const rows = (await measuringWp.dbQuery(sql, { header: false })).rows;
    const args = rows.filter((r) => r[0] === 'arg').map((r) => Number(r[1]));
    expect(Math.max(...args)).toBeLessThan(DB_QUERY_ARGUMENT_LIMIT);
    expect(rows.find((r) => r[0] === 'stdin')?.[1]).toBe(String(Buffer.byteLength(sql)));
  });

  it("names a network's own database by what to leave out: nothing", async () => {
    const args = await exportArgs({ tables: tables(9000), otherTables: [] });
    expect(args.some((a) => a.startsWith('--tables=') || a.startsWith('--exclude_tables='))).toBe(false);
  });

  it('lists the tables to export when that is shorter, and the tables to leave out when that is', async () => {
    expect(
      await exportArgs({ tables: ['wp_options', 'wp_posts'], otherTables: tables(50, 'other_') }),
    ).toContain('--tables=wp_options,wp_posts');
    expect(
      (await exportArgs({ tables: tables(50), otherTables: ['wp_shop_options'] })).some((a) =>
        a.startsWith('--exclude_tables=wp_shop_options'),
      ),
    ).toBe(true);
  });

  it('refuses, with a clear error, a list no command line holds either way', async () => {
    const huge = tables(Math.ceil(DB_EXPORT_TABLE_LIST_LIMIT / 10));
    await expect(
      measuringWp.dbExport({ tables: huge, otherTables: tables(huge.length, 'other_') }),
    ).rejects.toThrow(WpfleetError);
    await expect(
      measuringWp.dbExport({ tables: huge, otherTables: tables(huge.length, 'other_') }),
    ).rejects.toMatchObject({ code: 'WPF_TABLE_LIST_TOO_LONG' });
  });
});

describe('table names a comma list would split', () => {
  it.each([
    ['a comma', 'wp_x,wp2_users'],
    ['a control character', 'wp_x\nwp2_users'],
    ['a control character', 'wp_x\twp2'],
    ['leading or trailing blanks', 'wp_x '],
    ['leading or trailing blanks', ' wp_x'],
  ])(
    'refuses to export a site whose source table has %s in its name, naming the table',
    async (why, name) => {
      const error = await measuringWp
        .dbExport({ tables: ['wp_options', name, 'wp_posts'], otherTables: tables(50, 'other_') })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(WpfleetError);
      expect(error).toMatchObject({ code: 'WPF_TABLE_NAME_UNLISTABLE' });
      expect((error as Error).message).toContain(JSON.stringify(name));
      expect((error as Error).message).toContain(why);
    },
  );

  it("lists the site's own tables when another table sharing the database has a comma in its name", async () => {
    const args = await exportArgs({ tables: tables(50), otherTables: ['other_x,wp_users'] });
    expect(args.some((a) => a.startsWith('--exclude_tables='))).toBe(false);
    expect(args.find((a) => a.startsWith('--tables='))).toBe(`--tables=${tables(50).join(',')}`.slice(0, 40));
  });
});
