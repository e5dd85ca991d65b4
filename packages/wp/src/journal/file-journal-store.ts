// The JournalStore on the controller's disk: one JSON-lines file, opened for append, each line written and
// fsync'ed before the Runner is told it is durable, so `kill -9` loses at most the line being written.
import { constants } from 'node:fs';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { WpfleetError, redactUrlUserinfo, type JournalStore } from '@wpfleet/core';

const APPEND_NO_FOLLOW = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;

export class FileJournalStore implements JournalStore {
  readonly path: string;
  #handle: FileHandle | undefined;
  #opening: Promise<FileHandle> | undefined;

  constructor(path: string) {
    this.path = path;
  }

  async readAll(): Promise<string> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw this.#ioError('read', error);
    }
  }

  async appendLine(line: string): Promise<void> {
    if (line.includes('\n')) {
      throw new WpfleetError('WPF_JOURNAL_WRITE_FAILED', 'a journal record must be one line', {
        kind: 'bug',
        where: { path: this.path },
      });
    }
    const handle = await this.#open();
    try {
      // One write call per line: a crash can tear only this line, never interleave two. Text a host reported may
      // hold a URL with credentials; the journal keeps it without them (fleet URLs cannot carry any).
      await handle.write(`${redactUrlUserinfo(line)}\n`);
      await handle.datasync();
    } catch (error) {
      throw this.#ioError('append to', error);
    }
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    this.#opening = undefined;
    await handle?.close();
  }

  #open(): Promise<FileHandle> {
    this.#opening ??= (async () => {
      try {
        await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
        // O_NOFOLLOW: a symlink planted at the journal's name must not make wpfleet append to the file it points at.
        const handle = await open(this.path, APPEND_NO_FOLLOW, 0o600);
        // Make the new file's directory entry durable too, or a crash could lose the whole journal.
        const dir = await open(dirname(this.path), 'r');
        try {
          await dir.sync();
        } finally {
          await dir.close();
        }
        this.#handle = handle;
        return handle;
      } catch (error) {
        this.#opening = undefined;
        throw this.#ioError('open', error);
      }
    })();
    return this.#opening;
  }

  #ioError(action: string, error: unknown): WpfleetError {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ELOOP'
        ? 'it is a symbolic link, and wpfleet never writes through one (a link planted in a run directory could point anywhere); remove it and resume'
        : (code ?? (error instanceof Error ? error.message : String(error)));
    return new WpfleetError(
      'WPF_JOURNAL_WRITE_FAILED',
      `could not ${action} the journal ${this.path}: ${reason}`,
      {
        kind: 'environment',
        hint: 'check free space and permissions on the controller; the run stopped so it can still be resumed from what was written',
        where: { path: this.path },
        cause: error,
      },
    );
  }
}
