// Creates a directory (and the parents it needs) that only the controller's user can enter: run directories hold
// plans, journals and reports naming hosts, databases and paths.
import { mkdir } from 'node:fs/promises';

/** Every directory this creates is 0700; one that already exists is left as it is. */
export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}
