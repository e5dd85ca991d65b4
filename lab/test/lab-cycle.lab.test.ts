// Up/down cycles of a small lab in its own directory and addresses: idempotent, and nothing left running.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labDown, labStatus, labUp } from '../src/index.js';
import { ssh } from './lab-access.js';

const dir = '/tmp/wpfleet-lab-cycle';

async function labProcesses(): Promise<string> {
  // Every lab daemon carries its config path under `dir` on its command line.
  const r = await execa('pgrep', ['-af', `${dir}/`], { reject: false });
  return r.stdout.trim();
}

describe('lab up/down cycles', () => {
  it('survives two clean up/down cycles, each leaving no sshd, mariadbd, nginx, php-fpm or unix user behind', async () => {
    await labDown({ dir });
    for (let cycle = 1; cycle <= 2; cycle++) {
      const state = await labUp({ dir, topology: 'cycle' });
      const again = await labUp({ dir, topology: 'cycle' });
      expect(again.startedAt).toBe(state.startedAt);
      expect((await labStatus(dir)).healthy).toBe(true);
      const procs = await labProcesses();
      for (const daemon of ['sshd', 'mariadbd', 'nginx', 'php-fpm'])
        expect(procs, `cycle ${cycle}`).toContain(daemon);

      const r = await ssh(state, 'cyc-src', `wp --path=${state.sites[0]!.path} core version`);
      expect(r.stdout.trim(), r.stderr).toBe('6.1.9');
      // The cycle topology gives its target no wp, for tests that upload one.
      const none = await ssh(state, 'cyc-tgt', 'command -v wp || echo none');
      expect(none.stdout.trim()).toBe('none');

      await labDown({ dir });
      await labDown({ dir });
      expect(await labProcesses(), `cycle ${cycle}`).toBe('');
      expect(existsSync(dir)).toBe(false);
      // The Hosts' unix users went with it.
      for (const user of ['wpflab-cycs', 'wpflab-cyct'])
        expect((await execa('getent', ['passwd', user], { reject: false })).exitCode, user).not.toBe(0);
      expect((await labStatus(dir)).healthy).toBe(false);
    }
  });
});
