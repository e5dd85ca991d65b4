import { WpfleetError } from '@wpfleet/core';
import { ShellError } from '../../src/transport/shell-error.js';
import type { ShellResult } from '../../src/transport/transport.js';
import { describe, expect, it } from 'vitest';
import { asStepError, isTransientFailure } from '../../src/step-environment/as-step-error.js';

const result = (over: Partial<ShellResult>): ShellResult => ({
  command: 'wp db import -',
  exitCode: 1,
  stdout: '',
  stderr: '',
  failed: true,
  timedOut: false,
  isCanceled: false,
  durationMs: 5,
  ...over,
});

describe('step errors the Runner may retry', () => {
  it('retries a command whose SSH channel died under it (no exit code)', () => {
    expect(isTransientFailure(new ShellError(result({ exitCode: null, signal: 'SIGPIPE' }), 'tgt-1'))).toBe(
      true,
    );
  });

  it('retries a timeout and a lost database connection', () => {
    expect(isTransientFailure(new ShellError(result({ timedOut: true, exitCode: null }), 'tgt-1'))).toBe(
      true,
    );
    expect(
      isTransientFailure(
        new ShellError(
          result({ stderr: 'ERROR 2013 (HY000): Lost connection to server during query' }),
          'tgt-1',
        ),
      ),
    ).toBe(true);
  });

  it('does not retry a plain failure or a cancel (retrying could repeat an effect or ignore Ctrl-C)', () => {
    expect(
      isTransientFailure(
        new ShellError(
          result({ stderr: "ERROR 1273 (HY000): Unknown collation: 'utf8mb4_0900_ai_ci'" }),
          'tgt-1',
        ),
      ),
    ).toBe(false);
    expect(isTransientFailure(new ShellError(result({ isCanceled: true, exitCode: null }), 'tgt-1'))).toBe(
      false,
    );
  });

  it('keeps code, hint and where when it marks an error transient', () => {
    const original = new WpfleetError('WPF_HOST_UNREACHABLE', 'Cannot connect to 127.0.1.3:22', {
      kind: 'environment',
      hint: 'start sshd',
    });
    const marked = asStepError(original, { site: 'blog', step: 'db' }) as WpfleetError;
    expect(marked.transient).toBe(true);
    expect(marked.code).toBe('WPF_HOST_UNREACHABLE');
    expect(marked.hint).toBe('start sshd');
    expect(marked.where).toEqual({ site: 'blog', step: 'db' });
  });

  it('turns an unexpected exception into a permanent bug-kind error naming the step', () => {
    const e = asStepError(new TypeError('x is undefined'), { site: 'blog', step: 'verify' }) as WpfleetError;
    expect(e.code).toBe('WPF_STEP_FAILED');
    expect(e.kind).toBe('bug');
    expect(e.transient).toBe(false);
  });
});
