// Publishes each RunEvent once, to both of its sinks: the Journal (write-ahead, serialised) and the reporters'
// listener. The Runner says a transition here and nowhere else; what the journal keeps of it is journal-record.ts's
// choice, not the Runner's.
import { journalEntryOf, type JournalEntry } from '../journal/journal-record.js';
import { safeForJournal, type Journal } from '../journal/journal.js';
import type { RunEvent, RunEventListener } from './run-event.js';

export class EventPublisher {
  readonly #journal: Journal | undefined;
  readonly #listener: RunEventListener | undefined;
  readonly #onJournalError: (error: unknown) => void;
  #chain: Promise<void> = Promise.resolve();
  #journalError: unknown;
  #findings = 0;

  /** `onJournalError` stops the run: past a failed write it could no longer resume safely. */
  constructor(
    journal: Journal | undefined,
    listener: RunEventListener | undefined,
    onJournalError: (error: unknown) => void,
  ) {
    this.#journal = journal;
    this.#listener = listener;
    this.#onJournalError = onJournalError;
  }

  /** The first journal write that failed, if any. */
  get journalError(): unknown {
    return this.#journalError;
  }

  /** Findings published so far. */
  get findings(): number {
    return this.#findings;
  }

  /**
   * Tell the reporters now; the journal keeps its part in the background (findings), or nothing with
   * `journal: false` (the run's end after a failed write: the journal is no longer trusted to take more).
   */
  publish(event: RunEvent, options: { journal?: boolean } = {}): void {
    if (options.journal !== false) this.#journalled(event).catch(() => undefined);
    this.#tell(event);
  }

  /**
   * Write-ahead: the event is durable in the journal before the reporters hear of it or the Runner moves on.
   * Rejects without telling anyone when the journal refuses it (a secret in a step's outputs: that step fails)
   * or cannot write it; with `tellAnyway` the reporters hear of it even then.
   */
  async commit(event: RunEvent, options: { tellAnyway?: boolean } = {}): Promise<void> {
    try {
      await this.#journalled(event);
    } catch (error) {
      if (!options.tellAnyway) throw error;
    }
    this.#tell(event);
  }

  /** Resolves once every journal write queued so far has ended. */
  async settled(): Promise<void> {
    await this.#chain;
  }

  #journalled(event: RunEvent): Promise<void> {
    const journal = this.#journal;
    const entry = journal && journalEntryOf(event);
    if (!journal || entry === undefined) return Promise.resolve();
    let safe: JournalEntry;
    try {
      safe = safeForJournal(entry);
    } catch (error) {
      // A refused record only rejects its own promise: the step fails, the run goes on.
      return Promise.reject(error);
    }
    const pending = this.#chain.then(() => journal.record(safe));
    this.#chain = pending.catch((error: unknown) => {
      if (this.#journalError === undefined) {
        this.#journalError = error;
        this.#onJournalError(error);
      }
    });
    return pending;
  }

  #tell(event: RunEvent): void {
    if (event.type === 'finding') this.#findings++;
    try {
      this.#listener?.(event);
    } catch {
      // A broken reporter must not break a migration; reporters are documented not to throw.
    }
  }
}
