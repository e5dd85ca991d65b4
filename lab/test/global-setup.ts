// Vitest globalSetup for the `lab` project: brings the lab up unless a healthy one is running, and holds a
// lease on it. On teardown a lab that test runs started goes down when the last lease is dropped; a lab
// someone started with `pnpm lab up` is left running for them.
import type { TestProject } from 'vitest/node';
import { defaultLabDir, dropLease, ensureLab, labDown, takeLease } from '../src/index.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = defaultLabDir();
  process.env['WPFLEET_LAB_DIR'] = dir;
  takeLease(dir);
  const { state } = await ensureLab({
    dir,
    startedBy: 'test',
    log: (line) => process.stderr.write(`${line}\n`),
  });
  project.provide('wpfleetLabDir', dir);
  return async () => {
    const others = dropLease(dir);
    if (others === 0 && state.startedBy === 'test' && process.env['WPFLEET_LAB_KEEP'] !== '1')
      await labDown({ dir });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    wpfleetLabDir: string;
  }
}
