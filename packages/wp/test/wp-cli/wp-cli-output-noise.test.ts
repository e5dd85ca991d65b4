// Real WP-CLI shares stdout and stderr with the site it loads. These tests put what real sites print around the
// recorded WP-CLI 2.12.0 answers and check that every parser still finds the answer (and nothing else).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  dbSizeSchema,
  isPhpDiagnostic,
  parseCount,
  parseCsvLine,
  parseJsonAnswer,
  parseJsonOutput,
  parseLine,
  parseTsv,
  pluginSchema,
  userSchema,
} from '../../src/wp-cli/parse-wp-cli-output.js';
import { parseWpCliStderr } from '../../src/wp-cli/parse-wp-cli-stderr.js';
import { parseWpConfig } from '../../src/wp-cli/wp-config.js';
import { loadTranscripts, transcript } from './transcripts.js';

const records = loadTranscripts();
const out = (name: string): string => transcript(records, name).stdout;

// What PHP prints on stdout with display_errors on while WP-CLI evaluates wp-config.php (before WP-CLI points
// display_errors at stderr): a blank line, then the message.
const CONFIG_NOTICE =
  '\nWarning: Constant WP_DEBUG already defined in /srv/www/example/wp-config.php on line 91\n';
const DEPRECATION =
  '\nDeprecated: Creation of dynamic property Legacy_Plugin::$cache is deprecated in /srv/www/example/wp-content/plugins/legacy/legacy.php on line 40\n';
// A plugin file that starts with a UTF-8 byte-order mark echoes it before anything else.
const BOM = '\uFEFF';
// A plugin (or wp-config.php) with blank lines after its closing `?>`.
const TRAILING_WHITESPACE = '\n\n';
// A plugin that echoes while loading, without a newline.
const ECHO = '<!-- cache: miss -->';

describe('WP-CLI answers survive what the site prints before them', () => {
  it('reads a plugin list after a PHP notice from wp-config.php', () => {
    const plugins = parseJsonOutput(CONFIG_NOTICE + out('plugin-list-fields-json'), z.array(pluginSchema));
    expect(plugins.map((p) => p.name)).toEqual(['akismet']);
  });

  it('reads a user list after a deprecation, a BOM and blank lines', () => {
    const users = parseJsonOutput(
      DEPRECATION + BOM + TRAILING_WHITESPACE + out('user-list-json'),
      z.array(userSchema),
    );
    expect(users[0]).toMatchObject({ ID: 1, user_login: 'a' });
  });

  it('reads table sizes that a plugin echoed something in front of, on the same line', () => {
    const sizes = parseJsonOutput(ECHO + out('db-size-tables-json'), dbSizeSchema);
    expect(sizes).toHaveLength(12);
  });

  it('reads an option value in JSON after a notice', () => {
    expect(parseJsonAnswer(CONFIG_NOTICE + out('option-get-home-json'))).toBe('https://new.example.test');
  });

  it('reads the wp-config values after a notice, and never quotes the secrets when the JSON is missing', () => {
    const config = parseWpConfig(CONFIG_NOTICE + BOM + out('config-get-json'));
    expect(config.dbName).toBe('wpdb');
    expect(config.secrets.dbPassword).toBe('wppass');
    const truncated = out('config-get-json').slice(0, 200);
    let message = '';
    try {
      parseWpConfig(truncated);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/expected a JSON document/);
    expect(message).not.toContain('wppass');
  });

  it('reads the prefix, the WordPress version and counts from the last line', () => {
    expect(parseLine(CONFIG_NOTICE + BOM + out('db-prefix'))).toBe('wp_');
    expect(parseLine(TRAILING_WHITESPACE + out('core-version'))).toBe('6.1.9');
    expect(parseLine(BOM + out('db-prefix'))).toBe('wp_');
    expect(parseCount(DEPRECATION + out('post-count-any'))).toBe(4);
    expect(parseCount(CONFIG_NOTICE + out('db-size-bytes'))).toBe(671744);
  });

  it('lists only table names, not the words of a notice, from db tables', () => {
    const tables = parseCsvLine(CONFIG_NOTICE + out('db-tables-csv'));
    expect(tables).toHaveLength(12);
    expect(tables.every((t) => t.startsWith('wp_'))).toBe(true);
  });

  it('drops the PHP notices wp-config.php printed before the db query rows', () => {
    expect(parseTsv(CONFIG_NOTICE + out('db-query-skip-names'), { header: false })).toEqual({
      columns: [],
      rows: [['4']],
    });
    const table = parseTsv(CONFIG_NOTICE + DEPRECATION + out('sr-dry-run-table'), { header: true });
    expect(table.columns).toEqual(['Table', 'Column', 'Replacements', 'Type']);
  });

  it('keeps a db query row that only looks a little like a notice', () => {
    expect(parseTsv('Warning: low stock\t3\n\n', { header: false }).rows).toEqual([
      ['Warning: low stock', '3'],
    ]);
  });
});

describe('PHP messages on stderr are not WP-CLI warnings', () => {
  it('tells PHP notices (displayed and logged) from WP-CLI warnings and errors', () => {
    const stderr = [
      'PHP Warning:  Undefined array key "HTTP_HOST" in /srv/www/example/wp-content/plugins/legacy/legacy.php on line 12',
      'Warning: Undefined array key "HTTP_HOST" in /srv/www/example/wp-content/plugins/legacy/legacy.php on line 12',
      transcript(records, 'rewrite-flush').stderr.trimEnd(),
      'Deprecated: Function create_function() is deprecated in /srv/www/example/wp-content/themes/old/functions.php on line 3',
      transcript(records, 'option-get-missing').stderr.trimEnd(),
    ].join('\n');
    const messages = parseWpCliStderr(stderr);
    expect(messages.warnings).toEqual([expect.stringMatching(/^Rewrite rules are empty, possibly/)]);
    expect(messages.warnings[0]).not.toContain('Deprecated');
    expect(messages.errors).toEqual(["Could not get 'no_such_option_xyz' option. Does it exist?"]);
    expect(messages.other).toHaveLength(3);
  });

  it('recognises PHP message lines and leaves WP-CLI lines alone', () => {
    expect(
      isPhpDiagnostic('Fatal error: Uncaught Error: Call to undefined function foo() in /x.php on line 3'),
    ).toBe(true);
    expect(isPhpDiagnostic('PHP Notice:  Undefined index: a in /x.php on line 2')).toBe(true);
    expect(isPhpDiagnostic(transcript(records, 'rewrite-flush').stderr.trimEnd())).toBe(false);
    expect(isPhpDiagnostic(transcript(records, 'db-query-bad').stderr.split('\n')[0]!)).toBe(false);
  });
});

describe('parseWpConfig on names from a hostile wp-config.php', () => {
  it('keeps a constant named `__proto__` as a name, so it cannot make the site look multisite', () => {
    const config = parseWpConfig(
      JSON.stringify([
        { name: '__proto__', value: { MULTISITE: true, table_prefix: 'x_' }, type: 'variable' },
        { name: 'DB_NAME', value: 'blog', type: 'constant' },
      ]),
    );
    expect(config.multisite).toBe(false);
    expect(config.tablePrefix).toBe('wp_');
    expect(Object.keys(config.values)).toEqual(['__proto__', 'DB_NAME']);
  });
});
