// Vitest globalSetup for the `lab` project: brings the lab up unless a healthy one is already running,
// and on teardown brings it down only if this run started it (engineers may share a running lab).
import type { TestProject } from 'vitest/node';
import { defaultLabDir, labDown, labStatus, labUp } from '../src/index.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = defaultLabDir();
  process.env['WPFLEET_LAB_DIR'] = dir;
  const before = await labStatus(dir);
  const startedHere = !before.healthy;
  if (startedHere) {
    await labUp({ dir, log: (line) => process.stderr.write(`${line}\n`) });
  }
  project.provide('wpfleetLabDir', dir);
  return async () => {
    if (startedHere && process.env['WPFLEET_LAB_KEEP'] !== '1') await labDown({ dir });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    wpfleetLabDir: string;
  }
}
