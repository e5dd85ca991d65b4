// The transcript comparator must accept every real WP-CLI record as matching itself and must catch the
// differences the contract test exists for: exit codes, JSON keys and types, newlines, stderr prefixes.
import { loadTranscriptRecords } from '../../src/contract/transcripts-path.js';
import { describe, expect, it } from 'vitest';
import {
  argvForSite,
  compareTranscript,
  normalizeSuccess,
  type TranscriptRecord,
} from '../../src/contract/compare-transcript.js';

const records = loadTranscriptRecords();
const byName = (name: string): TranscriptRecord => {
  const r = records.find((x) => x.name === name);
  if (!r) throw new Error(`no record ${name}`);
  return r;
};

describe('compareTranscript', () => {
  it.each(records.map((r) => [r.name, r] as const))(
    'accepts the real output of %s as matching itself',
    (_name, r) => {
      expect(compareTranscript(r, { exit: r.exit, stdout: r.stdout, stderr: r.stderr })).toEqual([]);
    },
  );

  it('detects a wrong exit code', () => {
    const r = byName('mm-is-active-off');
    const m = compareTranscript(r, { exit: 0, stdout: '', stderr: '' });
    expect(m).toEqual([{ record: 'mm-is-active-off', aspect: 'exit', detail: 'expected exit 1, got 0' }]);
  });

  it('detects a JSON object with a missing key', () => {
    const r = byName('user-list-json');
    const m = compareTranscript(r, {
      exit: 0,
      stdout: '[{"ID":1,"user_login":"a","roles":"administrator"}]',
      stderr: '',
    });
    expect(m.map((x) => x.aspect)).toEqual(['stdout']);
    expect(m[0]?.detail).toContain('missing: user_email');
  });

  it('detects a JSON value of the wrong type', () => {
    const r = byName('user-list-json');
    const m = compareTranscript(r, {
      exit: 0,
      stdout: '[{"ID":"1","user_login":"a","user_email":"a@b","roles":"x"}]',
      stderr: '',
    });
    expect(m[0]?.detail).toContain('$[0].ID: expected number, got string');
  });

  it('detects a trailing newline that real WP-CLI does not print', () => {
    const r = byName('plugin-list-json');
    const m = compareTranscript(r, { exit: 0, stdout: `${r.stdout}\n`, stderr: '' });
    expect(m.map((x) => x.detail)).toEqual(['trailing newline: expected none, got one']);
  });

  it('detects a missing trailing newline', () => {
    const r = byName('core-version');
    expect(compareTranscript(r, { exit: 0, stdout: '6.1.9', stderr: '' })).toHaveLength(1);
  });

  it('detects an error printed on stdout instead of stderr', () => {
    const r = byName('option-get-missing');
    const m = compareTranscript(r, { exit: 1, stdout: r.stderr, stderr: '' });
    expect(m.map((x) => x.aspect).sort()).toEqual(['stderr', 'stdout']);
  });

  it('detects different error text when the message has no site-specific values', () => {
    const r = byName('unknown-command');
    const m = compareTranscript(r, {
      exit: 1,
      stdout: '',
      stderr: "Error: 'no-such-command' is not a command.\n",
    });
    expect(m.map((x) => x.aspect)).toEqual(['stderr']);
  });

  it('accepts different site values inside an error that names the site', () => {
    const r = byName('db-query-bad');
    const stderr = r.stderr.replace("'wpdb.", "'lab_site_1.");
    expect(compareTranscript(r, { exit: 1, stdout: '', stderr })).toEqual([]);
  });

  it('detects a TSV table with another header', () => {
    const r = byName('sr-dry-run-table');
    const stdout = r.stdout.replace('Table\tColumn\tReplacements\tType', 'Table\tColumn\tCount\tType');
    expect(compareTranscript(r, { exit: 0, stdout, stderr: '' })[0]?.detail).toContain('TSV header');
  });

  it('detects an ASCII table where real WP-CLI prints TSV to a pipe', () => {
    const r = byName('sr-dry-run-table');
    const stdout = '+-------+\n| Table |\n+-------+\nSuccess: 0 replacements to be made.\n';
    expect(compareTranscript(r, { exit: 0, stdout, stderr: '' }).length).toBeGreaterThan(0);
  });

  it('treats Success lines as equal modulo numbers', () => {
    expect(normalizeSuccess('Success: 1 transient deleted from the database.')).toBe(
      normalizeSuccess('Success: 12 transients deleted from the database.'),
    );
    const r = byName('transient-delete-all');
    expect(
      compareTranscript(r, { exit: 0, stdout: 'Success: No transients found.\n', stderr: '' }),
    ).toHaveLength(1);
  });

  it('accepts per-plugin warnings repeated for each plugin the site has', () => {
    const r = byName('plugin-verify-checksums-offline');
    const stderr = r.stderr + r.stderr.split('akismet').join('hello-dolly');
    const stdout = 'Success: Verified 0 of 2 plugins (2 skipped).\n';
    expect(compareTranscript(r, { exit: 0, stdout, stderr })).toEqual([]);
  });

  it('detects a warning group cut short', () => {
    const r = byName('plugin-verify-checksums-offline');
    const stderr = r.stderr + (r.stderr.split('\n')[0] ?? '') + '\n';
    expect(compareTranscript(r, { exit: 0, stdout: r.stdout, stderr }).map((x) => x.aspect)).toEqual([
      'stderr',
    ]);
  });

  it('detects a missing warning', () => {
    const r = byName('plugin-verify-checksums-offline');
    const m = compareTranscript(r, { exit: 0, stdout: r.stdout, stderr: '' });
    expect(m.map((x) => x.aspect)).toEqual(['stderr']);
  });

  it('puts the lab site path where the record says /srv/www/example', () => {
    expect(argvForSite(byName('core-version'), '/srv/lab/a')).toEqual([
      'wp',
      '--path=/srv/lab/a',
      'core',
      'version',
    ]);
  });
});
