import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli/run-cli.js';
import { describe, expect, it } from 'vitest';

const DUMP =
  'CREATE TABLE `wp_options` (\n  `option_id` int,\n  `option_name` varchar(191),\n  `option_value` longtext,\n  PRIMARY KEY (`option_id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;\n' +
  "INSERT INTO `wp_options` VALUES (1,'siteurl','https://old.example.com'),(2,'w','a:1:{i:0;s:27:\\\"https://old.example.com/abc\\\";}'),(3,'wp_user_roles','a:0:{}');\n" +
  "CREATE TABLE `wp_posts` (\n  `ID` int,\n  `guid` varchar(255)\n);\nINSERT INTO `wp_posts` VALUES (1,'https://old.example.com/?p=1');\n";

function cli(argv: string[], stdinText = '', cwd = process.cwd()) {
  return runCli(argv, { stdin: stdinText, cwd, env: {} });
}

describe('wpfleet search-replace', () => {
  it('rewrites a dump from stdin to stdout and prints the summary on stderr', async () => {
    const {
      code,
      stdout: out,
      stderr: err,
    } = await cli(['search-replace', 'https://old.example.com', 'https://new-site.example.org'], DUMP);
    expect(code).toBe(0);
    expect(out).toContain("(1,'siteurl','https://new-site.example.org')");
    expect(out).toContain('s:32:\\"https://new-site.example.org/abc\\"');
    expect(err).toContain('made 3 replacement(s)');
  });

  it('writes a dump to stdout byte for byte, control characters and URL credentials in its rows included', async () => {
    const dump =
      "INSERT INTO `wp_options` VALUES (1,'x','a\u001b[2J\u0001\u007f\u009b https://u:pw@h.test/ b');\n";
    const { code, stdout: out } = await cli(
      ['search-replace', 'https://old.example.com', 'https://new.example.com'],
      dump,
    );
    expect(code).toBe(0);
    expect(out).toBe(dump);
  });

  it('fixes serialized lengths in the output file and writes a JSON report with counts, findings and digests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpf-sr-'));
    writeFileSync(join(dir, 'in.sql'), DUMP);
    const { code } = await cli(
      [
        'search-replace',
        'https://old.example.com',
        'https://n.org',
        '-i',
        'in.sql',
        '-o',
        'out.sql',
        '--report',
        'r.json',
        '--skip-columns',
        'guid',
        '--target',
        'mariadb:10.6.5',
        '--rename-prefix',
        'wp_=n_',
      ],
      '',
      dir,
    );
    expect(code).toBe(0);
    const out = readFileSync(join(dir, 'out.sql'), 'utf8');
    expect(out).toContain('s:17:\\"https://n.org/abc\\"');
    expect(out).toContain("INSERT INTO `n_posts` VALUES (1,'https://old.example.com/?p=1');");
    expect(out).toContain("(3,'n_user_roles','a:0:{}')");
    expect(out).toContain('COLLATE=utf8mb4_unicode_520_ci');
    expect(existsSync(join(dir, 'out.sql.partial'))).toBe(false);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(report.replacements.tables).toEqual({ n_options: { option_value: 2 } });
    expect(report.findings.map((f: { code: string }) => f.code)).toContain('collation-mapped');
    expect(report.digests.n_options.rows).toBe(3);
  });

  it('writes no dump with --dry-run and prints the report as JSON with --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpf-sr-'));
    writeFileSync(join(dir, 'in.sql'), DUMP);
    const { code, stdout: out } = await cli(
      [
        'search-replace',
        'https://old.example.com',
        'https://x.org',
        '-i',
        'in.sql',
        '-o',
        'out.sql',
        '--dry-run',
        '--json',
      ],
      '',
      dir,
    );
    expect(code).toBe(0);
    expect(existsSync(join(dir, 'out.sql'))).toBe(false);
    expect(JSON.parse(out)).toMatchObject({ dryRun: true, replacements: { total: 3 } });
  });

  it('maps collations, rewrites the engine and matches case-insensitively when asked', async () => {
    const sql = DUMP.replace('ENGINE=InnoDB', 'ENGINE=MyISAM').replace(
      "'https://old.example.com')",
      "'HTTPS://OLD.example.com')",
    );
    const { code, stdout: out } = await cli(
      [
        'search-replace',
        'https://old.example.com',
        'https://n.org',
        '--case-insensitive',
        '--map-collation',
        'utf8mb4_0900_ai_ci=utf8mb4_general_ci',
        '--engine',
        'InnoDB',
        '--include-tables',
        'wp_options',
      ],
      sql,
    );
    expect(code).toBe(0);
    expect(out).toContain("(1,'siteurl','https://n.org')");
    expect(out).toContain('ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;');
    expect(out).toContain("INSERT INTO `wp_posts` VALUES (1,'https://old.example.com/?p=1');");
  });

  it('writes into an existing FIFO (as into /dev/null) instead of renaming a file over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpf-sr-fifo-'));
    writeFileSync(join(dir, 'in.sql'), DUMP);
    const fifo = join(dir, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (d: Buffer) => (received += d.toString()));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const { code } = await cli(
      ['search-replace', 'https://old.example.com', 'https://n.org', '-i', 'in.sql', '-o', 'out.fifo'],
      '',
      dir,
    );
    await closed;
    expect(code).toBe(0);
    expect(received).toContain("(1,'siteurl','https://n.org')");
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(existsSync(`${fifo}.partial`)).toBe(false);
  });

  it('warns when the input is empty (a dump that failed upstream), and says nothing of the kind for a real dump', async () => {
    const empty = await cli(['search-replace', 'https://old.example.com', 'https://new.example.org'], '');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('the input was empty');
    const real = await cli(['search-replace', 'https://old.example.com', 'https://new.example.org'], DUMP);
    expect(real.stderr).not.toContain('the input was empty');
  });

  it('refuses an odd number of arguments with a usage error', async () => {
    const { code, stderr: err } = await cli(['search-replace', 'https://old.example.com'], DUMP);
    expect(code).toBe(2);
    expect(err).toContain('has no replacement');
  });

  it('refuses a malformed --target', async () => {
    const { code, stderr: err } = await cli(['search-replace', 'a', 'b', '--target', 'postgres'], DUMP);
    expect(code).toBe(2);
    expect(err).toContain('mysql|mariadb');
  });

  it('fails on a truncated dump with the byte offset and leaves no output file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpf-sr-'));
    writeFileSync(join(dir, 'in.sql'), DUMP.slice(0, 300));
    const { code, stderr: err } = await cli(
      ['search-replace', 'a', 'b', '-i', 'in.sql', '-o', 'out.sql'],
      '',
      dir,
    );
    expect(code).toBe(2);
    expect(err).toMatch(/WPF_SQL_PARSE|byte \d+/);
    expect(existsSync(join(dir, 'out.sql'))).toBe(false);
    expect(existsSync(join(dir, 'out.sql.partial'))).toBe(false);
  });

  it('names the output, not the input, when the output directory does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpf-sr-'));
    writeFileSync(join(dir, 'in.sql'), DUMP);
    const { code, stderr: err } = await cli(
      ['search-replace', 'a', 'b', '-i', 'in.sql', '-o', 'missing/out.sql'],
      '',
      dir,
    );
    expect(code).toBe(2);
    expect(err).toContain(
      `cannot write --output missing/out.sql: the directory ${join(dir, 'missing')} does not exist`,
    );
    expect(err).not.toContain('--input');
    const report = await cli(
      ['search-replace', 'a', 'b', '-i', 'in.sql', '--dry-run', '--report', 'missing/r.json'],
      '',
      dir,
    );
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('cannot write --report missing/r.json');
    expect(report.stderr).not.toContain('WPF_BUG');
  });

  it('refuses a directory as --input or --output, and a missing --input, as usage errors that say which', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpf-sr-'));
    mkdirSync(join(dir, 'a-dir'));
    writeFileSync(join(dir, 'in.sql'), DUMP);
    const input = await cli(['search-replace', 'a', 'b', '-i', 'a-dir'], '', dir);
    expect(input.code).toBe(2);
    expect(input.stderr).toContain('WPF_USAGE cannot read --input a-dir: it is a directory');
    const output = await cli(['search-replace', 'a', 'b', '-i', 'in.sql', '-o', 'a-dir'], '', dir);
    expect(output.code).toBe(2);
    expect(output.stderr).toContain('cannot write --output a-dir: it is a directory');
    expect(output.stderr).not.toContain('create the directory');
    const missing = await cli(['search-replace', 'a', 'b', '-i', 'nope.sql'], '', dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read --input nope.sql: no such file');
    for (const r of [input, output, missing]) expect(r.stderr).not.toContain('WPF_BUG');
  });

  it('refuses damaged dumps with WPF_SQL_PARSE and a byte offset, leaving no output behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpf-sr-'));
    const damaged = {
      'nul.sql': DUMP.replace('(1,', '(1\u0000,'),
      'open-string.sql': DUMP.slice(0, DUMP.indexOf('abc')),
      'bare-delimiter.sql': `${DUMP}DELIMITER\n`,
      'comment-in-row.sql': DUMP.replace("(3,'wp_user_roles'", "(#3,'wp_user_roles'"),
      'open-comment.sql': `${DUMP}/* never closed`,
    };
    for (const [name, text] of Object.entries(damaged)) {
      writeFileSync(join(dir, name), text);
      const r = await cli(
        ['search-replace', 'https://old.example.com', 'https://n.example', '-i', name, '-o', 'out.sql'],
        '',
        dir,
      );
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(/WPF_SQL_PARSE SQL dump unreadable at byte \d+: /);
      expect(r.stderr, name).not.toContain('WPF_BUG');
      expect(existsSync(join(dir, 'out.sql')), name).toBe(false);
      expect(existsSync(join(dir, 'out.sql.partial')), name).toBe(false);
    }
  });

  it('checks a dump with --rename-prefix: a statement a dump never needs stops it with its kind and byte offset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpf-sr-fw-'));
    const evil = `${DUMP}DELETE FROM \`wp_users\`;\n`;
    writeFileSync(join(dir, 'in.sql'), evil);
    const r = await cli(
      ['search-replace', '--rename-prefix', 'wp_=n_', '-i', 'in.sql', '-o', 'out.sql'],
      '',
      dir,
    );
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`WPF_SQL_REFUSED SQL dump refused at byte ${DUMP.length}: DELETE statement`);
    expect(existsSync(join(dir, 'out.sql'))).toBe(false);
    expect(existsSync(join(dir, 'out.sql.partial'))).toBe(false);
  });

  it('refuses every table outside NEW with --strict-prefix, and lets the same dump through without it', async () => {
    const dump = `${DUMP}CREATE TABLE \`other_log\` (\n  \`id\` int\n);\n`;
    const strict = await cli(
      ['search-replace', '--rename-prefix', 'wp_=n_', '--strict-prefix', '--dry-run'],
      dump,
    );
    expect(strict.code).toBe(4);
    expect(strict.stderr).toContain(
      `SQL dump refused at byte ${DUMP.length}: CREATE TABLE names table \`other_log\`, which is not under the prefix \`n_\``,
    );
    const loose = await cli(['search-replace', '--rename-prefix', 'wp_=n_', '--dry-run'], dump);
    expect(loose.code).toBe(0);
    const help = await cli(['search-replace', '--help']);
    expect(help.stdout).toContain('--strict-prefix');
    expect(help.stdout).toContain('refuse any statement that touches a table outside NEW');
  });

  it('refuses --rename-prefix values that are not table prefixes, and --strict-prefix without it', async () => {
    for (const bad of ['wp_=n_;DROP', 'wp`=n_', `wp_=${'x'.repeat(49)}`, 'wp_=n-']) {
      const r = await cli(['search-replace', '--rename-prefix', bad, '--dry-run'], DUMP);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain(
        '--rename-prefix takes OLD=NEW table prefixes of letters, digits and `_`',
      );
    }
    const lone = await cli(['search-replace', 'a', 'b', '--strict-prefix', '--dry-run'], DUMP);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toContain('--strict-prefix needs --rename-prefix OLD=NEW');
  });

  it("stops at a statement over --max-statement-bytes, and refuses a cap past V8's longest string", async () => {
    const capped = await cli(['search-replace', 'a', 'b', '--max-statement-bytes', '100', '--dry-run'], DUMP);
    expect(capped.code).toBe(2);
    expect(capped.stderr).toContain(
      'WPF_SQL_TOO_LARGE SQL dump statement at byte 0 is larger than 100 bytes (the statement size cap)',
    );
    const huge = await cli(
      ['search-replace', 'a', 'b', '--max-statement-bytes', String(2 ** 40), '--dry-run'],
      DUMP,
    );
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain('--max-statement-bytes can be at most');
    expect(huge.stderr).toContain("(V8's longest string)");
  });
});
