// The Replacer's engine: serialization-safe search-replace of URLs and paths in one string value. It expands each
// pair into the forms WordPress stores (replacement-forms.ts), honours domain and path boundaries, and rewrites
// PHP-serialized values through serialized-replacer. Three ways to search: a regex over decoded text and one over
// SQL-escaped text (boundary-patterns.ts), and an in-place matcher on escaped bytes (escaped-byte-matcher.ts).
import { FormPattern, formKey, type PatternForm } from './boundary-patterns.js';
import { EscapedByteMatcher, type ByteSink } from './escaped-byte-matcher.js';
import {
  anchorOf,
  expandForms,
  NEEDS_SQL_ESCAPE,
  sqlEscapeText,
  type Form,
  type ReplacementPair,
  type ReplacerOptions,
} from './replacement-forms.js';
import { looksSerialized, replaceInSerialized } from './serialized-replacer.js';

export { type ReplacementPair, type ReplacerOptions } from './replacement-forms.js';
export type { ByteSink } from './escaped-byte-matcher.js';
/** Result of rewriting one value: replacement count and serialized values left alone because they do not parse. */
export interface ReplaceOutcome {
  value: string;
  count: number;
  unparseable: number;
  /** Valid serialized values whose `C:` payload holds a search string, left as they are. */
  customKept: number;
}

const MAYBE_SERIALIZED = /^[aOsCEidbN][:;]/;

/**
 * The Replacer without its checks on the pairs (see Replacer): free of @wpfleet/core, so a worker thread that
 * only walks rows does not load it.
 */
export class ReplacerEngine {
  readonly pairs: ReplacementPair[];
  readonly caseInsensitive: boolean;
  /** Byte strings that every match contains; literals without one of them skip decoding entirely. */
  readonly anchors: Buffer[] | null;
  private readonly pattern: FormPattern;
  /** The pattern over SQL-escaped literal text, or null when a search form holds a byte dumpers escape differently. */
  private readonly escapedPattern: FormPattern | null;
  /** The in-place matcher (case-sensitive, escapable pairs only). */
  private readonly bytes: EscapedByteMatcher | null;
  private readonly anchorText: string[] | null;

  /** `pairs` must hold at least one pair, none with an empty `from` (Replacer checks). */
  constructor(pairs: ReplacementPair[], options: ReplacerOptions = {}) {
    this.pairs = pairs;
    this.caseInsensitive = options.caseInsensitive ?? false;
    const ci = this.caseInsensitive;
    const forms: PatternForm[] = [];
    const escapedForms: PatternForm[] = [];
    const keyedEscapedForms: Form[] = [];
    const seen = new Set<string>();
    let escapable = true;
    for (const pair of pairs) {
      for (const form of expandForms(pair)) {
        const { from: f, to: t, needsRight, unicode } = form;
        const key = formKey(f, unicode, ci);
        if (seen.has(key)) continue;
        seen.add(key);
        forms.push(form);
        if (NEEDS_SQL_ESCAPE.test(f.replace(/\\/g, ''))) escapable = false;
        const fe = sqlEscapeText(f);
        const te = sqlEscapeText(t);
        escapedForms.push({ from: fe, to: te, needsRight, unicode });
        keyedEscapedForms.push({ from: formKey(fe, unicode, ci), to: te, needsRight, unicode });
      }
    }
    this.pattern = new FormPattern(forms, ci, false);
    this.escapedPattern = escapable ? new FormPattern(escapedForms, ci, true) : null;
    const anchors = pairs.map((p) => anchorOf(p.from));
    this.anchors =
      this.caseInsensitive || anchors.some((a) => a === null)
        ? null
        : [...new Set(anchors as string[])].map((a) => Buffer.from(a, 'latin1'));
    this.anchorText = this.anchors ? this.anchors.map((a) => a.toString('latin1')) : null;
    this.bytes =
      this.anchors && this.anchorText && escapable
        ? EscapedByteMatcher.build(this.anchors, this.anchorText, keyedEscapedForms)
        : null;
  }

  /**
   * The fastest path: replaces in a literal's escaped bytes in place, found by anchor (no decoding, no strings).
   * Returns null when this path does not apply (maybe serialized, case-insensitive, pairs with quotes).
   * `next`, when given, holds each anchor's next known position in `buf` (or -1: no more) and is kept up to date.
   */
  replaceInEscaped(
    buf: Buffer,
    start: number,
    end: number,
    next?: number[],
  ): { out: Buffer; count: number } | null {
    return this.bytes === null ? null : this.bytes.replaceInEscaped(buf, start, end, next);
  }

  /**
   * The search half of replaceInEscaped: finds the matches in `buf[start, end)` and keeps them for
   * writeEscaped / escapedDecodedLength (until the next call). Returns how many, or -1 when this path does
   * not apply.
   */
  findInEscaped(buf: Buffer, start: number, end: number, next?: number[]): number {
    return this.bytes === null ? -1 : this.bytes.findInEscaped(buf, start, end, next);
  }

  /** Writes `buf[start, end)` with the matches findInEscaped found in it replaced. */
  writeEscaped(buf: Buffer, start: number, end: number, output: ByteSink): void {
    this.bytes!.writeEscaped(buf, start, end, output);
  }

  /** Bytes that `buf[start, end)` with the found matches replaced stands for, once unescaped. */
  escapedDecodedLength(buf: Uint8Array, start: number, end: number): number {
    return this.bytes!.escapedDecodedLength(buf, start, end);
  }

  /** Plain-text replacement (no serialized handling); `value` is latin1. */
  replaceText(value: string): { value: string; count: number } {
    // Most strings inside serialized data (file names, captions) hold no anchor: skip the regex for them.
    if (this.anchorText !== null && !this.anchorText.some((a) => value.includes(a)))
      return { value, count: 0 };
    return this.pattern.replace(value);
  }

  /**
   * Fast path on a literal as it stands in the dump (latin1 of the escaped bytes): no unescape and re-escape.
   * Returns null when the value may be PHP-serialized (lengths need the decoded bytes) or the pairs need the
   * decoded path.
   */
  replaceEscaped(raw: string): { value: string; count: number } | null {
    if (this.escapedPattern === null || MAYBE_SERIALIZED.test(raw)) return null;
    return this.escapedPattern.replace(raw);
  }

  /** Rewrites one stored value (latin1): serialized values structurally, anything else as text. */
  replaceValue(value: string): ReplaceOutcome {
    const outcome: ReplaceOutcome = { value, count: 0, unparseable: 0, customKept: 0 };
    outcome.value = this.rewrite(value, 0, outcome);
    return outcome;
  }

  private rewrite(value: string, depth: number, outcome: ReplaceOutcome): string {
    if (looksSerialized(value)) {
      let inner = 0;
      let custom = 0;
      const keptBefore = outcome.customKept;
      const next = replaceInSerialized(
        value,
        (payload, d) => {
          const before = outcome.count;
          const r = this.rewrite(payload, d, outcome);
          inner += outcome.count - before;
          return r;
        },
        depth,
        // A `C:` payload is its class's own format: copied as it is, and counted when it holds a search string.
        (payload) => {
          if (this.replaceText(payload).count > 0) custom++;
        },
      );
      if (next !== null) {
        if (custom > 0) outcome.customKept++;
        return next;
      }
      // Not valid serialized data: leave every byte alone (PHP would fail to read it either way) and report it,
      // but only when a replacement would have touched it.
      outcome.count -= inner;
      outcome.customKept = keptBefore;
      if (this.replaceText(value).count > 0) outcome.unparseable++;
      return value;
    }
    const r = this.replaceText(value);
    outcome.count += r.count;
    return r.value;
  }
}
