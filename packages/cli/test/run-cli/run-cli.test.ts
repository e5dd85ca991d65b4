import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('running wpfleet in a test', () => {
  it('returns a failing command as a result, in-process and as the built binary alike', async () => {
    const inProcess = await runCli(['no-such-command']);
    const built = await runCli(['no-such-command'], { built: true });
    for (const run of [inProcess, built]) {
      expect(run.code).toBe(2);
      expect(run.signal).toBeNull();
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('WPF_USAGE');
      expect(run.events).toEqual([]);
    }
    expect(built.stderr).toBe(inProcess.stderr);
  });
});
