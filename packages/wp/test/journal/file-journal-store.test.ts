import { lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, parseJournal } from '@wpfleet/core';
import { FileJournalStore } from '../../src/journal/file-journal-store.js';
import { scratchDirs } from '../run-dir/scratch-dirs.js';

const scratch = scratchDirs('wpfleet-journal-');

describe('FileJournalStore', () => {
  it('reads an absent journal as empty and creates it, private, on the first line', async () => {
    const path = join(scratch(), 'run', 'journal.jsonl');
    const store = new FileJournalStore(path);
    expect(await store.readAll()).toBe('');
    await store.appendLine('{"a":1}');
    await store.appendLine('{"b":2}');
    await store.close();
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n{"b":2}\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses to append to a journal that is a symlink planted in the run directory, leaving its target untouched', async () => {
    const dir = scratch();
    const outside = join(dir, 'outside.txt');
    writeFileSync(outside, 'precious\n');
    const path = join(dir, 'journal.jsonl');
    symlinkSync(outside, path);
    const store = new FileJournalStore(path);
    await expect(store.appendLine('{"a":1}')).rejects.toMatchObject({
      code: 'WPF_JOURNAL_WRITE_FAILED',
      message: expect.stringContaining('symbolic link'),
    });
    await store.close();
    expect(readFileSync(outside, 'utf8')).toBe('precious\n');
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
  });

  it('keeps URL credentials a host reported out of the journal', async () => {
    const path = join(scratch(), 'journal.jsonl');
    const store = new FileJournalStore(path);
    await store.appendLine(JSON.stringify({ message: 'siteurl is https://admin:hunter2@blog.test/' }));
    await store.close();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ message: 'siteurl is https://***@blog.test/' });
  });

  it('keeps what an earlier run wrote and appends after it', async () => {
    const path = join(scratch(), 'journal.jsonl');
    writeFileSync(path, '{"old":true}\n');
    const store = new FileJournalStore(path);
    await store.appendLine('{"new":true}');
    await store.close();
    expect(await new FileJournalStore(path).readAll()).toBe('{"old":true}\n{"new":true}\n');
  });

  it('resumes a journal whose last line a crash tore, and leaves it readable', async () => {
    const path = join(scratch(), 'journal.jsonl');
    const first = new FileJournalStore(path);
    const opened = await Journal.open(first, { planHash: 'p1', runId: 'r1', now: () => 1 });
    await opened.journal.record({
      type: 'step-started',
      at: 2,
      site: 'a',
      step: 'db',
      attempt: 1,
      inDoubt: false,
    });
    await first.close();
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"type":"step-fini`);

    const second = new FileJournalStore(path);
    const resumed = await Journal.open(second, { planHash: 'p1', runId: 'r2', now: () => 3 });
    await second.close();
    expect(resumed.tornLine).toBe(3);
    expect(resumed.replay.sites['a']?.steps.db?.state).toBe('in-doubt');
    const parsed = parseJournal(readFileSync(path, 'utf8'), { planHash: 'p1' });
    expect(parsed.entries.map((e) => e.type)).toEqual(['step-started', 'torn-line', 'run-resumed']);
  });

  it('refuses a record that spans lines', async () => {
    const store = new FileJournalStore(join(scratch(), 'journal.jsonl'));
    await expect(store.appendLine('{"a":\n1}')).rejects.toThrow(
      expect.objectContaining({ code: 'WPF_JOURNAL_WRITE_FAILED' }),
    );
  });

  it('reports a journal it cannot create with WPF_JOURNAL_WRITE_FAILED and a hint', async () => {
    const dir = scratch();
    // A path under a regular file cannot be created, whoever runs the test (root ignores permission bits).
    writeFileSync(join(dir, 'file'), 'x');
    const store = new FileJournalStore(join(dir, 'file', 'journal.jsonl'));
    await expect(store.appendLine('{}')).rejects.toThrow(
      expect.objectContaining({
        code: 'WPF_JOURNAL_WRITE_FAILED',
        message: expect.stringContaining('could not open the journal'),
        hint: expect.stringContaining('resumed'),
      }),
    );
  });
});
