// End to end: the BUILT wpfleet binary rewrites a dump the way an agency runs it by hand, and refuses a truncated
// one with the byte offset and a non-zero exit code.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli/run-cli.js';

let work: string;

const dump =
  'CREATE TABLE `wp_options` (\n  `option_id` bigint(20),\n  `option_name` varchar(191),\n  `option_value` longtext\n);\n' +
  "INSERT INTO `wp_options` VALUES (1,'home','http://old.example'),(2,'widget','a:1:{s:3:\\\"url\\\";s:22:\\\"http://old.example/a/b\\\";}');\n";

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'wpf-sr-e2e-'));
  writeFileSync(join(work, 'dump.sql'), dump);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('wpfleet search-replace, the built binary', () => {
  it('rewrites a dump file, fixes the serialized length, renames the prefix and writes a JSON report', async () => {
    const run = await runCli(
      [
        'search-replace',
        'http://old.example',
        'https://www.new-site.example',
        '--input',
        'dump.sql',
        '--output',
        'out.sql',
        '--rename-prefix',
        'wp_=wpx_',
        '--report',
        'report.json',
      ],
      { built: true, cwd: work },
    );
    if (run.code !== 0) throw new Error(`search-replace failed (${run.code}): ${run.stderr}`);
    const out = readFileSync(join(work, 'out.sql'), 'utf8');
    expect(out).toContain("(1,'home','https://www.new-site.example')");
    expect(out).toContain('s:32:\\"https://www.new-site.example/a/b\\"');
    expect(out).toContain('CREATE TABLE `wpx_options`');
    const report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(report)).toContain('wpx_options');
  });

  it('refuses a truncated dump with the byte offset, exit code 2, and leaves no output file', async () => {
    writeFileSync(join(work, 'cut.sql'), dump.slice(0, dump.indexOf('http://old.example/a')));
    const r = await runCli(['search-replace', 'a', 'b', '--input', 'cut.sql', '--output', 'cut-out.sql'], {
      built: true,
      cwd: work,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/WPF_SQL_PARSE/);
    expect(r.stderr).toMatch(/offset \d+|byte \d+/);
    expect(existsSync(join(work, 'cut-out.sql'))).toBe(false);
  });
});
