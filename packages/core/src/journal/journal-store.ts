// The JournalStore port: where journal lines live. Core decides what to write; a store (the file store in
// @wpfleet/wp, the memory store in tests) only keeps lines durably.

export interface JournalStore {
  /**
   * Append one line (the store adds the newline). When the promise resolves the line is durable (flushed and
   * synced), so a crash right after loses nothing that was acknowledged.
   */
  appendLine(line: string): Promise<void>;
  /** The whole journal text as stored, '' when there is none yet. A torn last line is returned as is. */
  readAll(): Promise<string>;
}

/** A JournalStore in memory, for tests and dry runs. */
export class MemoryJournalStore implements JournalStore {
  text: string;
  constructor(text = '') {
    this.text = text;
  }
  async appendLine(line: string): Promise<void> {
    this.text += `${line}\n`;
  }
  async readAll(): Promise<string> {
    return this.text;
  }
}
