// Token-level edits of one statement: whole tokens replaced or removed, then a check on the result that no
// string literal, comment or quoted name outside the edits moved where it starts or ends.
import { lexStatement, type StatementToken, type StatementTokenKind } from './statement-tokens.js';

/** A rewrite would have changed where a literal starts or ends: the statement must not reach the target. */
export class StatementEditError extends Error {}

const QUOTED: ReadonlySet<StatementTokenKind> = new Set(['string', 'comment', 'identifier', 'variable']);

interface Edit {
  start: number;
  end: number;
  text: string;
}

export class StatementEdits {
  private readonly edits: Edit[] = [];

  constructor(
    readonly text: string,
    readonly tokens: readonly StatementToken[],
  ) {}

  /** Replaces the tokens `first` to `last` (inclusive) with `text`; an edit overlapping an earlier one is ignored. */
  replace(first: number, last: number, text: string): void {
    const start = this.tokens[first]!.start;
    const end = this.tokens[last]!.end;
    if (this.edits.some((e) => e.start < end && start < e.end)) return;
    this.edits.push({ start, end, text });
  }

  get size(): number {
    return this.edits.length;
  }

  /** The statement with the edits made; throws StatementEditError when a literal outside them would move. */
  apply(): string {
    if (this.edits.length === 0) return this.text;
    const edits = [...this.edits].sort((a, b) => a.start - b.start);
    let out = '';
    let at = 0;
    // Where each edit's text lands in the output.
    const placed: { start: number; end: number; shift: number }[] = [];
    for (const e of edits) {
      out += this.text.slice(at, e.start);
      const start = out.length;
      out += e.text;
      placed.push({ start, end: out.length, shift: out.length - e.end });
      at = e.end;
    }
    out += this.text.slice(at);
    this.check(out, edits, placed);
    return out;
  }

  private check(out: string, edits: Edit[], placed: { start: number; end: number; shift: number }[]): void {
    const kept = this.tokens.filter(
      (t) => (QUOTED.has(t.kind) || t.unterminated) && !edits.some((e) => e.start < t.end && t.start < e.end),
    );
    let k = 0;
    let p = 0;
    for (const t of lexStatement(out)) {
      if (!QUOTED.has(t.kind) && !t.unterminated) continue;
      while (p < placed.length && placed[p]!.end <= t.start) p++;
      const edit = placed[p];
      if (edit !== undefined && edit.start < t.end) {
        // Inside a rewritten name is fine; across an edit's edge the token is not one the input had.
        if (edit.start <= t.start && t.end <= edit.end && edit.end > edit.start) continue;
        throw new StatementEditError(
          `a rewrite would run the ${t.kind} at byte ${t.start} of its output into rewritten text`,
        );
      }
      const shift = p === 0 ? 0 : placed[p - 1]!.shift;
      const was = kept[k++];
      if (
        was === undefined ||
        was.kind !== t.kind ||
        was.start !== t.start - shift ||
        was.end !== t.end - shift ||
        was.value !== t.value
      )
        throw new StatementEditError(
          `a rewrite would move where the ${t.kind} at byte ${t.start - shift} starts or ends`,
        );
    }
    if (k !== kept.length)
      throw new StatementEditError(`a rewrite would swallow the ${kept[k]!.kind} at byte ${kept[k]!.start}`);
  }
}
