// Reads journal text back into records. Strict about the middle (a bad line there means the file was damaged),
// lenient about the very end (a crash mid-write tears the last line; that is expected and reported).
import { WpfleetError } from '../errors/wpfleet-error.js';
import { readJournalEntry } from './journal-entry-schema.js';
import { JOURNAL_FORMAT_VERSION, type JournalEntry, type JournalHeader } from './journal-record.js';

export interface ParsedJournal {
  header: JournalHeader;
  entries: JournalEntry[];
  /** 1-based line number of a torn last line that was ignored, if any. */
  tornLine?: number;
  /** Number of lines (the next line written gets this number + 1). */
  lineCount: number;
}

export interface ParseJournalOptions {
  /** Refuse a journal written for another plan. */
  planHash?: string;
  /** For messages, e.g. `.runs/2026-11-24T1500/journal.jsonl`. */
  name?: string;
}

function corrupt(name: string, message: string, hint: string): WpfleetError {
  return new WpfleetError('WPF_JOURNAL_CORRUPT', `journal ${name} is damaged: ${message}`, {
    kind: 'user',
    hint,
    where: { path: name },
  });
}

export function parseJournal(text: string, options: ParseJournalOptions = {}): ParsedJournal {
  const name = options.name ?? 'journal';
  const endsClean = text.endsWith('\n');
  const lines = text.split('\n');
  if (endsClean) lines.pop();
  const restartHint =
    'the run cannot resume from it safely; move it aside and start the plan again (completed swaps stay in place; `wpfleet status` shows them)';

  const parsed: (unknown | typeof TORN)[] = lines.map((line) => {
    if (line.trim() === '') return EMPTY;
    try {
      return JSON.parse(line) as unknown;
    } catch {
      return TORN;
    }
  });

  let tornLine: number | undefined;
  parsed.forEach((value, index) => {
    if (value !== TORN) return;
    const lineNumber = index + 1;
    const isLast = index === parsed.length - 1;
    if (isLast && !endsClean) {
      tornLine = lineNumber;
      return;
    }
    const next = parsed.slice(index + 1).find((v) => v !== EMPTY);
    const vouched =
      typeof next === 'object' &&
      next !== null &&
      (next as { type?: unknown; line?: unknown }).type === 'torn-line' &&
      (next as { line?: unknown }).line === lineNumber;
    if (!vouched) throw corrupt(name, `line ${lineNumber} is not valid JSON`, restartHint);
  });

  const header = parsed[0];
  if (tornLine === 1) {
    throw corrupt(
      name,
      'it holds only a torn header: the run crashed while creating it, before any step started',
      'delete the journal file and run `wpfleet migrate` with the same plan again; nothing was changed on any host',
    );
  }
  if (typeof header !== 'object' || header === null || (header as { type?: unknown }).type !== 'journal') {
    throw corrupt(name, 'the first line is not a journal header', restartHint);
  }
  const h = header as Partial<JournalHeader>;
  if (h.version !== JOURNAL_FORMAT_VERSION) {
    throw new WpfleetError(
      'WPF_JOURNAL_CORRUPT',
      `journal ${name} has format version ${String(h.version)}; this wpfleet reads version ${JOURNAL_FORMAT_VERSION}`,
      {
        kind: 'user',
        hint: 'resume it with the wpfleet version that started the run',
        where: { path: name },
      },
    );
  }
  if (typeof h.planHash !== 'string' || typeof h.runId !== 'string')
    throw corrupt(name, 'the header has no plan hash or run id', restartHint);
  if (options.planHash !== undefined && h.planHash !== options.planHash) {
    throw new WpfleetError(
      'WPF_JOURNAL_PLAN_MISMATCH',
      `journal ${name} belongs to plan ${h.planHash.slice(0, 12)}…, not to plan ${options.planHash.slice(0, 12)}…`,
      {
        kind: 'user',
        hint: 'resume with the plan file the run started with, or start a new run for the new plan',
        where: { path: name },
      },
    );
  }

  const entries: JournalEntry[] = [];
  parsed.slice(1).forEach((value, offset) => {
    if (value === EMPTY || value === TORN) return;
    const read = readJournalEntry(value);
    if ('problem' in read)
      throw corrupt(name, `line ${offset + 2} is not a journal record (${read.problem})`, restartHint);
    entries.push(read.entry);
  });
  return {
    header: h as JournalHeader,
    entries,
    lineCount: lines.length,
    ...(tornLine === undefined ? {} : { tornLine }),
  };
}

const TORN = Symbol('torn');
const EMPTY = Symbol('empty');
