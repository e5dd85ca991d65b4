import { describe, expect, it } from 'vitest';
import { SqlTransformer } from '@wpfleet/sql';
import {
  renameTableInMessage,
  streamFindings,
  tableInFinding,
  tableLabel,
} from '../../src/db/table-in-finding.js';

const prefixes = { source: 'wp_', target: 'ac9_' };

describe('one name for a table in findings', () => {
  it('names a table by its source name, with the target name beside it, from either side', () => {
    const fromSource = tableInFinding('wp_options', 'source', prefixes);
    const fromTarget = tableInFinding('ac9_options', 'target', prefixes);
    expect(fromSource).toEqual({ table: 'wp_options', targetTable: 'ac9_options' });
    expect(fromTarget).toEqual(fromSource);
    expect(tableLabel(fromTarget)).toBe('wp_options (ac9_options on the target)');
    expect(tableInFinding('wp_options', 'target', { source: 'wp_', target: 'wp_' })).toEqual({
      table: 'wp_options',
    });
  });

  it('renames each mention in a message, columns included, but not a longer name that starts the same', () => {
    const names = tableInFinding('ac9_options', 'target', prefixes);
    expect(
      renameTableInMessage(
        '2 value(s) in ac9_options.option_value, not ac9_options2 or xac9_options; see ac9_options.',
        'ac9_options',
        names,
      ),
    ).toBe(
      '2 value(s) in wp_options.option_value (ac9_options.option_value on the target), not ac9_options2 or xac9_options; see wp_options (ac9_options on the target).',
    );
  });

  it("names the db step's stream findings the way verify names the same table", () => {
    // A real stream with a prefix change, over a serialized value it cannot parse: it reports the final name.
    const stream = new SqlTransformer({
      pairs: [{ from: 'http://old.test', to: 'https://new.test' }],
      prefix: { from: 'wp_', to: 'ac9_', staging: 'wpfs_' },
    });
    const create =
      'CREATE TABLE `wp_options` (\n  `option_id` bigint(20) unsigned NOT NULL,\n  `option_name` varchar(191) NOT NULL,\n' +
      '  `option_value` longtext NOT NULL,\n  `autoload` varchar(20) NOT NULL,\n  PRIMARY KEY (`option_id`)\n) ENGINE=InnoDB;\n';
    stream.push(
      Buffer.from(
        `${create}INSERT INTO \`wp_options\` VALUES (1,'x','a:1:{i:0;s:99:\\"http://old.test\\";}','yes');\n`,
      ),
    );
    stream.end();
    const raw = stream.report().findings.find((f) => f.code === 'serialized-unparseable')!;
    expect(raw.where.table).toBe('ac9_options');
    const [finding] = streamFindings([raw], prefixes);
    expect(finding).toMatchObject({
      where: { side: 'source', table: 'wp_options' },
      details: { column: 'option_value', targetTable: 'ac9_options' },
      message: expect.stringContaining(
        'in wp_options.option_value (ac9_options.option_value on the target) look PHP-serialized',
      ),
    });
  });
});
