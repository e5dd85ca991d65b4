import { describe, expect, it } from 'vitest';
import {
  assertNoSecrets,
  Journal,
  MemoryJournalStore,
  journalledStepEvents,
  parseJournal,
  replayJournal,
  priorOutputs,
  REDACTED_SECRET,
  type JournalEntry,
} from '@wpfleet/core';

const header = (planHash = 'p1'): string =>
  JSON.stringify({ type: 'journal', version: 1, planHash, runId: 'r1', at: 0 });
const line = (entry: JournalEntry): string => JSON.stringify(entry);
const started = (site: string, step: 'db' | 'files' | 'verify', at = 1): JournalEntry => ({
  type: 'step-started',
  at,
  site,
  step,
  attempt: 1,
  inDoubt: false,
});
const finished = (site: string, step: 'db' | 'files' | 'verify', outputs = {}): JournalEntry => ({
  type: 'step-finished',
  at: 2,
  site,
  step,
  status: 'succeeded',
  attempt: 1,
  durationMs: 1,
  outputs,
});

describe('parseJournal', () => {
  it('reads a header and its records', () => {
    const parsed = parseJournal(`${header()}\n${line(started('a', 'db'))}\n`, { planHash: 'p1' });
    expect(parsed.header.planHash).toBe('p1');
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.tornLine).toBeUndefined();
  });

  it('tolerates and reports a torn last line left by a crash mid-write', () => {
    const parsed = parseJournal(`${header()}\n${line(started('a', 'db'))}\n{"type":"step-fin`);
    expect(parsed.tornLine).toBe(3);
    expect(parsed.entries).toHaveLength(1);
  });

  it('says a journal with only a torn header is safe to delete', () => {
    expect(() => parseJournal('{"type":"jour')).toThrow(
      expect.objectContaining({
        code: 'WPF_JOURNAL_CORRUPT',
        hint: expect.stringContaining('nothing was changed'),
      }),
    );
  });

  it('refuses a bad line in the middle with WPF_JOURNAL_CORRUPT and its line number', () => {
    const text = `${header()}\n${line(started('a', 'db'))}\nnot json\n${line(finished('a', 'db'))}\n`;
    expect(() => parseJournal(text, { name: 'run/journal.jsonl' })).toThrow(
      expect.objectContaining({
        code: 'WPF_JOURNAL_CORRUPT',
        message: 'journal run/journal.jsonl is damaged: line 3 is not valid JSON',
      }),
    );
  });

  it('refuses a journal of another format version', () => {
    const text = `${JSON.stringify({ type: 'journal', version: 99, planHash: 'p1', runId: 'r', at: 0 })}\n`;
    expect(() => parseJournal(text)).toThrow(
      expect.objectContaining({
        code: 'WPF_JOURNAL_CORRUPT',
        message: expect.stringContaining('format version 99'),
      }),
    );
  });

  it('refuses a journal written for another plan', () => {
    expect(() => parseJournal(`${header('other-plan-hash')}\n`, { planHash: 'p1' })).toThrow(
      expect.objectContaining({ code: 'WPF_JOURNAL_PLAN_MISMATCH' }),
    );
  });

  it('refuses a journal without header, or with a record of an unknown kind', () => {
    expect(() => parseJournal(`${line(started('a', 'db'))}\n`)).toThrow(/first line is not a journal header/);
    expect(() => parseJournal(`${header()}\n{"type":"mystery","at":1}\n`)).toThrow(
      /line 2 is not a journal record/,
    );
  });
});

describe('replayJournal', () => {
  it('tells per site and step what completed, with outputs, and what is in doubt', () => {
    const replay = replayJournal([
      started('a', 'db'),
      finished('a', 'db', { digests: { wp_posts: 'abc' } }),
      started('a', 'files'),
      started('b', 'db'),
      {
        type: 'step-failed',
        at: 3,
        site: 'b',
        step: 'db',
        attempt: 1,
        durationMs: 1,
        code: 'X',
        message: 'm',
        transient: true,
        aborted: false,
      },
    ]);
    expect(replay.sites['a']?.steps.db).toMatchObject({
      state: 'succeeded',
      outputs: { digests: { wp_posts: 'abc' } },
    });
    expect(replay.sites['a']?.steps.files?.state).toBe('in-doubt');
    expect(replay.sites['b']?.steps.db).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: { code: 'X', transient: true },
    });
    expect(priorOutputs(replay, 'a')).toEqual({ db: { digests: { wp_posts: 'abc' } } });
  });

  it('counts runs and forgets an earlier finish once a run resumes', () => {
    const replay = replayJournal([
      { type: 'run-finished', at: 1, status: 'aborted' },
      { type: 'run-resumed', at: 2, runId: 'r1' },
    ]);
    expect(replay.runs).toBe(2);
    expect(replay.finished).toBeUndefined();
  });

  it('reads back an undo and a cleanup appended after the run, and keeps the steps as they were', () => {
    const text =
      [
        header(),
        line(finished('acme', 'db')),
        line({ type: 'run-finished', at: 3, status: 'succeeded' }),
        line({ type: 'site-undone', at: 4, site: 'acme', tablesRestored: 12, dirsRestored: ['uploads'] }),
        line({
          type: 'site-cleaned-up',
          at: 5,
          site: 'acme',
          tables: 12,
          dirs: ['/srv/.wpfleet/acme/staging'],
        }),
      ].join('\n') + '\n';
    const replay = replayJournal(parseJournal(text, { planHash: 'p1' }).entries);
    expect(replay.sites['acme']).toMatchObject({ undoneAt: 4, cleanedUpAt: 5 });
    expect(replay.sites['acme']?.steps.db?.state).toBe('succeeded');
    expect(replay.finished).toBe('succeeded');
  });
});

describe('journalledStepEvents', () => {
  it('replays a journal written before failures carried their retry plan, each failure as final', () => {
    const text =
      [
        header(),
        line(started('a', 'db')),
        '{"type":"step-failed","at":3,"site":"a","step":"db","attempt":1,"durationMs":2,"code":"WPF_X","message":"reset","transient":true,"aborted":false}',
        '{"type":"wave-finished","at":4,"wave":1,"status":"failed"}',
        '{"type":"run-finished","at":5,"status":"failed"}',
      ].join('\n') + '\n';
    const events = journalledStepEvents(parseJournal(text, { planHash: 'p1' }).entries, 'r2');
    expect(events.map((e) => e.type)).toEqual(['step-started', 'step-failed']);
    expect(events[1]).toMatchObject({
      runId: 'r2',
      code: 'WPF_X',
      transient: true,
      willRetry: false,
      aborted: false,
    });
  });
});

describe('Journal', () => {
  it('starts a new journal with a header holding the plan hash', async () => {
    const store = new MemoryJournalStore();
    const opened = await Journal.open(store, { planHash: 'p1', runId: 'r1', now: () => 7 });
    await opened.journal.record(started('a', 'db'));
    expect(opened.resumed).toBe(false);
    expect(store.text.split('\n')[0]).toBe(
      '{"type":"journal","version":1,"planHash":"p1","runId":"r1","at":7}',
    );
    expect(parseJournal(store.text).entries).toHaveLength(1);
  });

  it('vouches for a torn line on resume so the journal stays readable', async () => {
    const store = new MemoryJournalStore(`${header()}\n${line(started('a', 'db'))}\n{"type":"step-fi`);
    const opened = await Journal.open(store, { planHash: 'p1', runId: 'r2', now: () => 9 });
    expect(opened.tornLine).toBe(3);
    expect(opened.replay.sites['a']?.steps.db?.state).toBe('in-doubt');
    const again = parseJournal(store.text, { planHash: 'p1' });
    expect(again.tornLine).toBeUndefined();
    expect(again.entries.map((e) => e.type)).toEqual(['step-started', 'torn-line', 'run-resumed']);
    expect(again.header.runId).toBe('r1');
  });

  it('refuses to journal a secret, naming the key but not the value', async () => {
    const store = new MemoryJournalStore();
    const { journal } = await Journal.open(store, { planHash: 'p1', runId: 'r1', now: () => 1 });
    const entry = finished('a', 'db', { db: { password: 's3cret-value' } });
    await expect(journal.record(entry)).rejects.toThrow(
      expect.objectContaining({
        code: 'WPF_SECRET_IN_JOURNAL',
        message: 'refused to journal a key that names a secret at `outputs.db.password`',
      }),
    );
    expect(store.text).not.toContain('s3cret-value');
  });
});

describe('replaying journal entries for sites named like Object properties', () => {
  it('keeps an entry for site `__proto__` to that site, and leaves every other site as it was', () => {
    const undone = '{"type":"site-undone","at":5,"site":"__proto__","tablesRestored":1,"dirsRestored":[]}';
    const text = `${header()}\n${line(started('a', 'db'))}\n${undone}\n${line(started('__proto__', 'db'))}\n`;
    const replay = replayJournal(parseJournal(text).entries);
    expect(replay.sites['a']?.undoneAt).toBeUndefined();
    expect(replay.sites['a']?.steps.db?.state).toBe('in-doubt');
    expect(Object.keys(replay.sites).sort()).toEqual(['__proto__', 'a']);
    expect(replay.sites['__proto__']?.undoneAt).toBe(5);
    expect(({} as { undoneAt?: unknown }).undoneAt).toBeUndefined();
  });

  it('has nothing for a site named `constructor` or `toString` that the journal never mentions', () => {
    const replay = replayJournal([started('a', 'db')]);
    expect(replay.sites['constructor']).toBeUndefined();
    expect(replay.sites['toString']).toBeUndefined();
    expect(priorOutputs(replay, 'constructor')).toEqual({});
  });
});

describe('parseJournal with a malformed entry', () => {
  it.each([
    ['a step-started whose attempt is a string', { ...started('a', 'db'), attempt: '1' }, '`attempt`'],
    ['a finding without its finding', { type: 'finding', at: 1, site: 'a', step: 'db' }, '`finding`'],
    [
      'a site-undone whose dirs are not a list',
      { type: 'site-undone', at: 1, site: 'a', tablesRestored: 1, dirsRestored: 'wp-content' },
      '`dirsRestored`',
    ],
    ['a step-finished without outputs', { ...finished('a', 'db'), outputs: null }, '`outputs`'],
  ])('refuses %s as WPF_JOURNAL_CORRUPT naming the line and the field', (_, entry, field) => {
    const text = `${header()}\n${line(started('a', 'db'))}\n${JSON.stringify(entry)}\n`;
    expect(() => parseJournal(text, { name: 'run/journal.jsonl' })).toThrow(
      expect.objectContaining({
        code: 'WPF_JOURNAL_CORRUPT',
        message: expect.stringMatching(new RegExp(`line 3 is not a journal record.*${field}`)),
      }),
    );
  });
});

describe('Journal.record with data from a site', () => {
  it('journals a finding about a table named `wp_oauth_token`, keyed by that name in its details', async () => {
    const store = new MemoryJournalStore();
    const { journal } = await Journal.open(store, { planHash: 'p1', runId: 'r1', now: () => 1 });
    await journal.record({
      type: 'finding',
      at: 2,
      site: 'a',
      step: 'db',
      finding: {
        severity: 'info',
        code: 'rows',
        message: 'counted',
        where: { table: 'wp_oauth_token' },
        details: { wp_oauth_token: 12 },
      },
    });
    const [entry] = parseJournal(store.text).entries;
    expect(entry).toMatchObject({
      finding: { where: { table: 'wp_oauth_token' }, details: { wp_oauth_token: 12 } },
    });
    expect(entry).not.toHaveProperty('finding.redacted');
  });

  it('replaces a token-looking column name with a marker and says which path it redacted', async () => {
    const store = new MemoryJournalStore();
    const { journal } = await Journal.open(store, { planHash: 'p1', runId: 'r1', now: () => 1 });
    const column = `sk_live_${'x9'.repeat(12)}`;
    await journal.record({
      type: 'finding',
      at: 2,
      site: 'a',
      step: 'db',
      finding: {
        severity: 'warning',
        code: 'odd-column',
        message: 'odd',
        where: {},
        details: { columns: ['id', column] },
      },
    });
    expect(store.text).not.toContain(column);
    const [entry] = parseJournal(store.text).entries;
    expect(entry).toMatchObject({
      finding: { details: { columns: ['id', REDACTED_SECRET] }, redacted: ['details.columns[1]'] },
    });
  });
});

describe('Journal.record after undo and cleanup', () => {
  it('journals an undo that restored a directory named like a token, with the name redacted', async () => {
    const store = new MemoryJournalStore();
    const { journal } = await Journal.open(store, { planHash: 'p1', runId: 'r1', now: () => 1 });
    const dir = `/srv/www/ghp_${'A1'.repeat(10)}`;
    await journal.record({
      type: 'site-undone',
      at: 2,
      site: 'a',
      tablesRestored: 3,
      dirsRestored: [dir, '/srv/www/uploads'],
    });
    expect(store.text).not.toContain(dir);
    expect(parseJournal(store.text).entries).toEqual([
      expect.objectContaining({ dirsRestored: [`/srv/www/${REDACTED_SECRET}`, '/srv/www/uploads'] }),
    ]);
  });
});

describe('assertNoSecrets', () => {
  it('allows names of secrets, booleans and empty values', () => {
    expect(() =>
      assertNoSecrets({ passwordEnv: 'DB_PASS', passwordFrom: 'wp-config', tokenRequired: true, apiKey: '' }),
    ).not.toThrow();
  });

  it('refuses secret-looking keys and private keys anywhere', () => {
    expect(() => assertNoSecrets({ a: [{ token: 'x' }] })).toThrow(/`a\[0\]\.token`/);
    expect(() => assertNoSecrets({ note: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc' })).toThrow(
      /private key/,
    );
    expect(() => assertNoSecrets({ tsig_secret: 'abc' })).toThrow(/tsig_secret/);
  });
});
