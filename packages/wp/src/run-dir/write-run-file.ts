// Writes a file into a run directory without ever following a symlink planted there: the bytes go to a fresh,
// unguessable temporary name opened exclusively, which is then renamed over the file (rename replaces a symlink
// itself, never its target). Readers never see half a file either.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

export async function writeRunFile(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  // 'wx' is O_CREAT|O_EXCL: it fails on any existing name, a symlink included, instead of writing through it.
  const handle = await open(temporary, 'wx', mode);
  try {
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
