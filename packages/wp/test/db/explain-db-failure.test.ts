import { WpfleetError } from '@wpfleet/core';
import { ShellError } from '../../src/transport/shell-error.js';
import type { ShellResult } from '../../src/transport/transport.js';
import { describe, expect, it } from 'vitest';
import { asStepError } from '../../src/step-environment/as-step-error.js';
import { explainDbFailure } from '../../src/db/explain-db-failure.js';

const failedImport = (stderr: string): ShellError =>
  new ShellError(
    {
      command: 'wp db import -',
      exitCode: 1,
      stdout: '',
      stderr,
      failed: true,
      timedOut: false,
      isCanceled: false,
      durationMs: 5,
    } satisfies ShellResult,
    'tgt-1',
  );

describe('what the db step says when the import fails', () => {
  it('keeps the code and the error but not the row the client quoted', () => {
    const raw = failedImport(
      "ERROR 1062 (23000) at line 57: Duplicate entry 'ceo@client-shop.example' for key 'user_email'",
    );
    expect(raw.message).toContain('ceo@client-shop.example');
    const error = asStepError(explainDbFailure(raw, 'shop', 'tgt-1'), { site: 'shop', step: 'db' });
    expect(error).toBeInstanceOf(WpfleetError);
    const e = error as WpfleetError;
    expect(e.code).toBe(raw.code);
    expect(e.message).toContain('Duplicate entry [row data withheld]');
    expect(e.message).toContain('wp db import');
    // Nothing reachable from the error quotes the row: not its message, not a cause, not a stderr property.
    expect(
      JSON.stringify({ message: e.message, hint: e.hint, stderr: (e as { stderr?: string }).stderr }),
    ).not.toContain('ceo@client');
    expect(e.cause).toBeUndefined();
    expect(e.hint).toMatch(/live site is unchanged/);
  });

  it("withholds the INSERT MariaDB's client echoed even when the stderr is longer than the message keeps", () => {
    const rows = Array.from(
      { length: 400 },
      (_, i) => `(${i},'user${i}@client.example','$P$Bhash${i}')`,
    ).join(',');
    const stderr = `--------------\nINSERT INTO \`wpfs_users\` VALUES ${rows}\n--------------\n\nERROR 1062 (23000) at line 57: Duplicate entry '7' for key 'PRIMARY'\n`;
    const error = explainDbFailure(failedImport(stderr), 'shop', 'tgt-1') as WpfleetError;
    expect(error.message).not.toMatch(/client\.example|\$P\$B/);
    expect(error.message).toContain('[failed statement withheld]');
    expect(error.message).toContain('ERROR 1062 (23000) at line 57: Duplicate entry [row data withheld]');
  });

  it('still tells a lost connection apart (retried) after withholding', () => {
    const raw = failedImport(
      "ERROR 2013 (HY000) at line 9: Lost connection to server during query near 'secret' at line 1",
    );
    const error = asStepError(explainDbFailure(raw, 'shop', 'tgt-1'), {
      site: 'shop',
      step: 'db',
    }) as WpfleetError;
    expect(error.transient).toBe(true);
    expect(error.message).not.toContain('secret');
  });

  it('names a full disk plainly', () => {
    const error = explainDbFailure(
      failedImport('ERROR 1114 (HY000) at line 3: The table `wpfs_posts` is full'),
      'shop',
      'tgt-1',
    ) as WpfleetError;
    expect(error.code).toBe('WPF_TARGET_DISK_FULL');
  });

  it('passes other errors through unchanged', () => {
    const other = new WpfleetError(
      'WPF_SQL_PARSE',
      'SQL dump unreadable at byte 12: unterminated string literal',
      { kind: 'user', hint: 'x' },
    );
    expect(explainDbFailure(other, 'shop', 'tgt-1')).toBe(other);
  });
});
