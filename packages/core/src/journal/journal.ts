// The Journal a run writes through: opens (or continues) a store, checks it belongs to the plan, and appends
// records after the secret check, each one durable before the Runner moves on (write-ahead).
import type { JournalStore } from './journal-store.js';
import { JOURNAL_FORMAT_VERSION, type JournalEntry, type JournalHeader } from './journal-record.js';
import { parseJournal } from './parse-journal.js';
import { replayJournal, type JournalReplay } from './replay-journal.js';
import { assertNoSecrets } from './assert-no-secrets.js';
import { redactText } from './redact-secret-values.js';
import { redactFinding } from '../run/redact-finding.js';

export interface OpenJournalOptions {
  planHash: string;
  /** Used when the journal is new. */
  runId: string;
  now: () => number;
  name?: string;
}

export interface OpenedJournal {
  journal: Journal;
  header: JournalHeader;
  replay: JournalReplay;
  /** What earlier runs of this plan journalled (empty for a new journal): a report replays their steps. */
  entries: readonly JournalEntry[];
  /** True when the store already held a journal for this plan. */
  resumed: boolean;
  /** 1-based line number of a torn last line left by a crash, now vouched for. */
  tornLine?: number;
}

export class Journal {
  readonly #store: JournalStore;
  constructor(store: JournalStore) {
    this.#store = store;
  }

  /**
   * Append one record; resolves once it is durable. Secret-looking data from a site (in a finding or an error
   * message) is redacted with a marker; a step output that holds a secret is a bug and rejects with
   * WPF_SECRET_IN_JOURNAL before anything is written.
   */
  async record(entry: JournalEntry): Promise<void> {
    await this.#store.appendLine(JSON.stringify(safeForJournal(entry)));
  }

  static async open(store: JournalStore, options: OpenJournalOptions): Promise<OpenedJournal> {
    const text = await store.readAll();
    const journal = new Journal(store);
    if (text.trim() === '') {
      const header: JournalHeader = {
        type: 'journal',
        version: JOURNAL_FORMAT_VERSION,
        planHash: options.planHash,
        runId: options.runId,
        at: options.now(),
      };
      await store.appendLine(JSON.stringify(header));
      return { journal, header, replay: replayJournal([]), entries: [], resumed: false };
    }
    const parsed = parseJournal(text, {
      planHash: options.planHash,
      ...(options.name === undefined ? {} : { name: options.name }),
    });
    if (parsed.tornLine !== undefined) {
      // End the torn fragment's line, then vouch for it so the next reader knows it is not damage in the middle.
      await store.appendLine('');
      await journal.record({ type: 'torn-line', at: options.now(), line: parsed.tornLine });
    }
    await journal.record({ type: 'run-resumed', at: options.now(), runId: parsed.header.runId });
    return {
      journal,
      header: parsed.header,
      replay: replayJournal(parsed.entries),
      entries: parsed.entries,
      resumed: true,
      ...(parsed.tornLine === undefined ? {} : { tornLine: parsed.tornLine }),
    };
  }
}

/**
 * The entry as it may be journalled. Findings, error messages and directory names carry data from the site: secret-looking parts
 * are redacted, never refused, and the key-name rule does not apply to a finding's data (a `wp_oauth_token` key
 * is a table). Everything else is wpfleet's own record: a secret there throws WPF_SECRET_IN_JOURNAL.
 */
export function safeForJournal(entry: JournalEntry): JournalEntry {
  if (entry.type === 'finding') return { ...entry, finding: redactFinding(entry.finding) };
  const safe =
    entry.type === 'step-failed'
      ? {
          ...entry,
          message: redactText(entry.message),
          ...(entry.hint === undefined ? {} : { hint: redactText(entry.hint) }),
        }
      : entry.type === 'site-undone'
        ? { ...entry, dirsRestored: entry.dirsRestored.map(redactText) }
        : entry.type === 'site-cleaned-up'
          ? { ...entry, dirs: entry.dirs.map(redactText) }
          : entry;
  assertNoSecrets(safe);
  return safe;
}
