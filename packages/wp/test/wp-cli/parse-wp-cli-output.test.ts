// The WP-CLI parsers read the outputs a real WP-CLI 2.12.0 printed (records loaded from the shared file).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  cronEventSchema,
  dbSizeSchema,
  parseCount,
  parseCsvLine,
  parseJsonOutput,
  parseLine,
  parseSizeBytes,
  parseTsv,
  pluginSchema,
  termSchema,
  themeSchema,
  userSchema,
} from '../../src/wp-cli/parse-wp-cli-output.js';
import { parseWpCliStderr } from '../../src/wp-cli/parse-wp-cli-stderr.js';
import { parseWpConfig } from '../../src/wp-cli/wp-config.js';
import { loadTranscripts, transcript } from './transcripts.js';

const records = loadTranscripts();
const out = (name: string): string => transcript(records, name).stdout;
const err = (name: string): string => transcript(records, name).stderr;

describe('WP-CLI output parsers on real records', () => {
  it('reads single-line answers without their newline', () => {
    expect(parseLine(out('core-version'))).toBe('6.1.9');
    expect(parseLine(out('db-prefix'))).toBe('wp_');
    expect(parseLine(out('option-get-siteurl'))).toBe('https://new.example.test');
    expect(JSON.parse(out('option-get-home-json'))).toBe('https://new.example.test');
  });

  it('reads counts and byte sizes, with or without a trailing newline', () => {
    expect(parseCount(out('post-count-any'))).toBe(4);
    expect(parseCount(out('db-size-bytes'))).toBe(671744);
    expect(parseCount(out('sr-dry-run-count'))).toBe(0);
    expect(() => parseCount('Success: done\n')).toThrow(/expected a number/);
  });

  it('reads table sizes and agrees with the database total', () => {
    const tables = parseJsonOutput(out('db-size-tables-json'), dbSizeSchema).map((r) =>
      parseSizeBytes(r.Size),
    );
    expect(tables).toHaveLength(12);
    const total = parseJsonOutput(out('db-size-json'), dbSizeSchema)[0]!;
    expect(parseSizeBytes(total.Size)).toBe(parseCount(out('db-size-bytes')));
    expect(tables.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(671744);
  });

  it('lists tables from the CSV line', () => {
    const tables = parseCsvLine(out('db-tables-csv'));
    expect(tables).toHaveLength(12);
    expect(tables[0]).toBe('wp_commentmeta');
    expect(tables.every((t) => t.startsWith('wp_'))).toBe(true);
  });

  it('parses db query TSV, dropping the trailing blank line', () => {
    expect(parseTsv(out('db-query-skip-names'), { header: false })).toEqual({ columns: [], rows: [['4']] });
    const table = parseTsv(out('sr-dry-run-table'), { header: true });
    expect(table.columns).toEqual(['Table', 'Column', 'Replacements', 'Type']);
    expect(table.rows[0]).toEqual(['wp_commentmeta', 'meta_key', '0', 'SQL']);
    // search-replace ends its table with a Success line, which is one column wide.
    expect(table.rows.slice(0, -1).every((r) => r.length === 4)).toBe(true);
    expect(table.rows.at(-1)).toEqual(['Success: 0 replacements to be made.']);
  });

  it('undoes the mysql client escapes in TSV fields', () => {
    expect(parseTsv('a\tb\nx\\ty\tline\\nbreak \\\\ end\n\n', { header: true }).rows).toEqual([
      ['x\ty', 'line\nbreak \\ end'],
    ]);
  });

  it('validates plugin, theme, user, term and cron lists', () => {
    expect(parseJsonOutput(out('plugin-list-fields-json'), z.array(pluginSchema))).toEqual([
      {
        name: 'akismet',
        status: 'inactive',
        version: '5.0.2',
        update_version: '',
        file: 'akismet/akismet.php',
      },
    ]);
    expect(parseJsonOutput(out('plugin-list-json'), z.array(pluginSchema))[0]?.version).toBe('5.0.2');
    expect(parseJsonOutput(out('theme-list-json'), z.array(themeSchema))[0]).toMatchObject({
      name: 'twentytwentythree',
      status: 'active',
      version: '1.0',
    });
    expect(parseJsonOutput(out('user-list-json'), z.array(userSchema))).toEqual([
      { ID: 1, user_login: 'a', user_email: 'a@example.test', roles: 'administrator' },
    ]);
    expect(parseJsonOutput(out('term-list-category-json'), z.array(termSchema))[0]).toMatchObject({
      slug: 'uncategorized',
      count: 2,
    });
    const cron = parseJsonOutput(out('cron-event-list-json'), z.array(cronEventSchema));
    expect(cron.length).toBeGreaterThan(3);
    expect(cron.map((c) => c.hook)).toContain('wp_site_health_scheduled_check');
  });

  it('refuses an output whose shape changed', () => {
    expect(() => parseJsonOutput('[{"name":"x"}]', z.array(pluginSchema))).toThrow();
  });

  it('keeps DB_PASSWORD and salts out of the config values and out of JSON and inspect output', async () => {
    const config = parseWpConfig(out('config-get-json'));
    expect(config).toMatchObject({
      tablePrefix: 'wp_',
      dbName: 'wpdb',
      dbUser: 'wp',
      dbHost: '127.0.0.1:33061',
      dbCharset: 'utf8',
      multisite: false,
    });
    expect(config.secrets.dbPassword).toBe('wppass');
    expect(config.values).not.toHaveProperty('DB_PASSWORD');
    expect(config.values).not.toHaveProperty('AUTH_KEY');
    expect(config.values).not.toHaveProperty('WP_CACHE_KEY_SALT');
    expect(config.values.WP_DEBUG).toBe(false);
    const printed = JSON.stringify(config) + (await import('node:util')).inspect(config, { depth: 5 });
    expect(printed).not.toContain('wppass');
    expect(printed).not.toContain('So9%]1S');
    expect(config.secrets.values()).toContain('wppass');
  });
});

describe('WP-CLI stderr parser on real records', () => {
  it('keeps a multi-line query error whole', () => {
    const m = parseWpCliStderr(err('db-query-bad'));
    expect(m.errors).toHaveLength(1);
    expect(m.errors[0]).toMatch(/^Query failed: /);
    expect(m.errors[0]).toContain("ERROR 1146 (42S02) at line 1: Table 'wpdb.no_such_table' doesn't exist");
  });

  it('separates warnings from errors', () => {
    const w = parseWpCliStderr(err('plugin-verify-checksums-offline'));
    expect(w.errors).toEqual([]);
    expect(w.warnings).toHaveLength(2);
    expect(w.warnings[1]).toBe(
      'Could not retrieve the checksums for version 5.0.2 of plugin akismet, skipping.',
    );
    expect(parseWpCliStderr(err('rewrite-flush')).warnings[0]).toMatch(/^Rewrite rules are empty/);
    expect(parseWpCliStderr(err('unknown-flag')).errors).toEqual([
      'Parameter errors:\n unknown --such-flag parameter',
    ]);
  });
});
