// Compares one observed `wp` run with a recorded real WP-CLI 2.12.0 transcript record, by shape:
// exit code, stderr prefixes (and text where no site-specific values occur), and stdout shape.

export interface TranscriptRecord {
  name: string;
  argv: string[];
  stdin: string | null;
  exit: number;
  stdout: string;
  stderr: string;
}

export interface ObservedRun {
  exit: number;
  stdout: string;
  stderr: string;
}

export interface ContractMismatch {
  record: string;
  aspect: 'exit' | 'stdout' | 'stderr';
  detail: string;
}

/** The marker the transcript file puts where a long output was cut. */
const CUT_MARKER = /\n?\[\.\.\. cut at \d+ chars \.\.\.\]\n?$/;

/** Values that differ from site to site; a message containing one is compared by prefix only. */
const SITE_SPECIFIC: readonly RegExp[] = [
  /\/srv\/www\/example/,
  /\bwpdb\b/,
  /example\.test/,
  /\bwp_\w*/,
  /\bakismet\b/,
  /\d+\.\d+\.\d+/,
  /\d{4}-\d{2}-\d{2}/,
];

export function parseTranscripts(text: string): TranscriptRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TranscriptRecord);
}

type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'boolean' || t === 'number' || t === 'string') return t;
  return 'object';
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(trimmed) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Returns the first difference between the JSON shapes, or undefined when they match. */
function jsonShapeDifference(expected: unknown, actual: unknown, at = '$'): string | undefined {
  const te = jsonType(expected);
  const ta = jsonType(actual);
  if (te !== ta) return `${at}: expected ${te}, got ${ta}`;
  if (te === 'array') {
    const exp = expected as unknown[];
    const act = actual as unknown[];
    if (exp.length === 0) return undefined;
    if (act.length === 0) return `${at}: recorded array has elements, observed array is empty`;
    for (let i = 0; i < act.length; i++) {
      // An element may take the shape of any recorded element (config list mixes string and boolean values).
      const differences = exp.map((e) => jsonShapeDifference(e, act[i], `${at}[${i}]`));
      if (differences.every((d) => d !== undefined)) return differences[0];
    }
    return undefined;
  }
  if (te === 'object') {
    const exp = expected as Record<string, unknown>;
    const act = actual as Record<string, unknown>;
    const expKeys = Object.keys(exp).sort();
    const actKeys = Object.keys(act).sort();
    const missing = expKeys.filter((k) => !(k in act));
    const extra = actKeys.filter((k) => !(k in exp));
    if (missing.length > 0 || extra.length > 0) {
      return `${at}: keys differ (missing: ${missing.join(',') || '-'}; extra: ${extra.join(',') || '-'})`;
    }
    for (const key of expKeys) {
      const d = jsonShapeDifference(exp[key], act[key], `${at}.${key}`);
      if (d !== undefined) return d;
    }
  }
  return undefined;
}

/** `Success: 1 transient deleted` and `Success: 2 transients deleted` are the same message. */
export function normalizeSuccess(line: string): string {
  return line.replace(/\d+(\s+[A-Za-z]+?)s?\b/g, 'N$1').replace(/\d+/g, 'N');
}

interface StderrMessage {
  prefix: string;
  text: string;
}

function stderrMessages(stderr: string): StderrMessage[] {
  const out: StderrMessage[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^(Error|Warning):/.exec(line);
    if (m?.[1] !== undefined) out.push({ prefix: m[1], text: line });
    else if (out.length > 0) out[out.length - 1]!.text += `\n${line}`;
    else if (line !== '') out.push({ prefix: '(none)', text: line });
  }
  return out;
}

function isSiteSpecific(text: string): boolean {
  return SITE_SPECIFIC.some((re) => re.test(text));
}

function lineKind(line: string): string {
  if (line === '') return 'empty';
  if (/^-?\d+(\.\d+)?$/.test(line)) return 'number';
  return 'text';
}

function compareStdout(expected: string, actual: string, mismatch: (detail: string) => void): void {
  const cut = CUT_MARKER.test(expected);
  const exp = expected.replace(CUT_MARKER, '');
  if (exp === '') {
    if (actual !== '') mismatch(`expected no output, got ${JSON.stringify(actual.slice(0, 200))}`);
    return;
  }
  if (!cut && exp.endsWith('\n') !== actual.endsWith('\n')) {
    mismatch(
      `trailing newline: expected ${exp.endsWith('\n') ? 'one' : 'none'}, got ${actual.endsWith('\n') ? 'one' : 'none'}`,
    );
  }
  if (cut) {
    const first = (s: string) => s.split('\n')[0] ?? '';
    if (first(exp) !== first(actual)) {
      mismatch(`first line: expected ${JSON.stringify(first(exp))}, got ${JSON.stringify(first(actual))}`);
    }
    return;
  }

  const expJson = tryJson(exp);
  if (expJson.ok) {
    const actJson = tryJson(actual);
    if (!actJson.ok) {
      mismatch(`expected JSON, got ${JSON.stringify(actual.slice(0, 200))}`);
      return;
    }
    const d = jsonShapeDifference(expJson.value, actJson.value);
    if (d !== undefined) mismatch(`JSON shape: ${d}`);
    return;
  }

  const split = (s: string) => {
    const lines = s.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return {
      success: lines.filter((l) => l.startsWith('Success:')).map(normalizeSuccess),
      body: lines.filter((l) => !l.startsWith('Success:')),
    };
  };
  const e = split(exp);
  const a = split(actual);
  if (e.success.join('\n') !== a.success.join('\n')) {
    mismatch(`Success lines: expected ${JSON.stringify(e.success)}, got ${JSON.stringify(a.success)}`);
  }
  if (e.body.length === 0) {
    if (a.body.length > 0) mismatch(`expected only Success lines, got ${JSON.stringify(a.body.slice(0, 3))}`);
    return;
  }
  const header = e.body[0] ?? '';
  if (header.includes('\t')) {
    // TSV (a table printed to a pipe): same header, same column count on every row.
    if (a.body[0] !== header)
      mismatch(`TSV header: expected ${JSON.stringify(header)}, got ${JSON.stringify(a.body[0])}`);
    const columns = header.split('\t').length;
    const bad = a.body.findIndex((row) => row.split('\t').length !== columns);
    if (bad >= 0)
      mismatch(`TSV row ${bad} has ${a.body[bad]!.split('\t').length} columns, expected ${columns}`);
    return;
  }
  if (e.body.length === 1 && header.includes(',')) {
    // CSV on one line (`db tables --format=csv`).
    const n = header.split(',').length;
    const m = (a.body[0] ?? '').split(',').length;
    if (a.body.length !== 1 || n !== m)
      mismatch(`CSV: expected one line of ${n} values, got ${a.body.length} line(s) of ${m}`);
    return;
  }
  if (e.body.length <= 6) {
    if (e.body.length !== a.body.length) {
      mismatch(`line count: expected ${e.body.length}, got ${a.body.length}`);
      return;
    }
    e.body.forEach((line, i) => {
      const got = a.body[i] ?? '';
      const label = /^([^:]{1,40}:)\s/.exec(line)?.[1];
      if (label !== undefined && !got.startsWith(label)) {
        mismatch(`line ${i}: expected label ${JSON.stringify(label)}, got ${JSON.stringify(got)}`);
      } else if (label === undefined && lineKind(line) !== lineKind(got)) {
        mismatch(`line ${i}: expected ${lineKind(line)}, got ${lineKind(got)} (${JSON.stringify(got)})`);
      }
    });
    return;
  }
  // A longer listing (`db check`): every observed line has the recorded lines' word count.
  const words = (l: string) => l.trim().split(/\s+/).length;
  const expected_words = new Set(e.body.map(words));
  if (a.body.length === 0) mismatch('expected a listing, got none');
  const bad = a.body.find((l) => !expected_words.has(words(l)));
  if (bad !== undefined)
    mismatch(`listing line ${JSON.stringify(bad)} does not look like ${JSON.stringify(e.body[0])}`);
}

function compareStderr(expected: string, actual: string, mismatch: (detail: string) => void): void {
  const exp = stderrMessages(expected);
  const act = stderrMessages(actual);
  const ep = exp.map((m) => m.prefix);
  const ap = act.map((m) => m.prefix);
  // Per-item warnings (one group per plugin, say) repeat once for each item the Site has.
  const perItem = exp.length > 0 && exp.every((m) => m.prefix === 'Warning' && isSiteSpecific(m.text));
  const repeats =
    perItem && ap.length > 0 && ap.length % ep.length === 0 && ap.every((p, i) => p === ep[i % ep.length]);
  if (ep.join(',') !== ap.join(',') && !repeats) {
    mismatch(
      `prefixes: expected [${ep.join(', ')}], got [${ap.join(', ')}]: ${JSON.stringify(actual.slice(0, 300))}`,
    );
    return;
  }
  act.forEach((got, i) => {
    const m = exp[i % exp.length];
    if (m !== undefined && !isSiteSpecific(m.text) && m.text !== got.text) {
      mismatch(`message ${i}: expected ${JSON.stringify(m.text)}, got ${JSON.stringify(got.text)}`);
    }
  });
  if (expected.endsWith('\n') !== actual.endsWith('\n') && expected !== '') {
    mismatch('trailing newline on stderr differs');
  }
}

/** All differences between a recorded run and an observed one; empty when the observed run honours the record. */
export function compareTranscript(record: TranscriptRecord, observed: ObservedRun): ContractMismatch[] {
  const out: ContractMismatch[] = [];
  if (record.exit !== observed.exit) {
    out.push({
      record: record.name,
      aspect: 'exit',
      detail: `expected exit ${record.exit}, got ${observed.exit}`,
    });
  }
  compareStdout(record.stdout, observed.stdout, (detail) =>
    out.push({ record: record.name, aspect: 'stdout', detail }),
  );
  compareStderr(record.stderr, observed.stderr, (detail) =>
    out.push({ record: record.name, aspect: 'stderr', detail }),
  );
  return out;
}

/** The record's argv for another site: its path instead of the recorded `/srv/www/example`. */
export function argvForSite(record: TranscriptRecord, sitePath: string): string[] {
  return record.argv.map((arg) => arg.split('/srv/www/example').join(sitePath));
}
