// Where the lab's inputs live in the repository and where its state goes on the machine.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Repository root, found from this file (lab/src or lab/dist, both two levels down). */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixturesDir = join(repoRoot, 'fixtures', 'lab');
export const standinWp = join(repoRoot, 'lab', 'wp-cli-standin', 'wp');

/** Short on purpose: unix socket paths under it must stay below ~108 bytes. */
export function defaultLabDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['WPFLEET_LAB_DIR'] ?? '/tmp/wpfleet-lab';
}
