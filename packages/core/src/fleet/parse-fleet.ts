// Turns the text of a fleet file (YAML or JSON) into a validated Fleet, or into every problem at once, each with
// its dotted path, line:column and a hint. Pure: the caller reads the file.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { z } from 'zod';
import { WpfleetError } from '../errors/wpfleet-error.js';
import { formatFleetProblem, type FleetProblem } from './fleet-problem.js';
import { fleetFileSchema, fleetListSchema, fleetSchema, type Fleet, type FleetSite } from './fleet-schema.js';
import { checkFleetReferences } from './check-fleet-references.js';

export type ParseFleetResult = { ok: true; fleet: Fleet } | { ok: false; problems: FleetProblem[] };

export interface ParseFleetOptions {
  fileName?: string;
}

type PathSegment = string | number;

const SCHEMA_HINT = 'see schema/fleet.schema.json for every key';
const PASSWORD_HINT =
  'remove `password`; export the password in an environment variable and write `passwordEnv: VAR_NAME`, or write ' +
  "`passwordFrom: wp-config` to read it from the target's wp-config.php. Fleet files get shared and committed, so a " +
  'password written here leaks';

export function parseFleet(text: string, options: ParseFleetOptions = {}): ParseFleetResult {
  void options;
  const lineCounter = new LineCounter();
  // yaml's own duplicate-key check compares each key with every earlier key of its map: quadratic, minutes for a
  // fleet of 50 000 sites. duplicateKeyProblems does the same check with a set per map.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };

  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          ...at(nul),
          message: 'the file holds NUL bytes: it is binary or UTF-16, not a YAML/JSON text file',
          hint: 'pass the fleet file itself, saved as UTF-8 text',
        },
      ],
    };
  }

  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        path: '',
        ...at(error.pos[0]),
        // The parser recurses per nesting level; its own text for a too-deep document is only "Maximum call stack".
        message: /call stack/i.test(error.message)
          ? 'not valid YAML/JSON: nested too deeply'
          : error.code === 'MULTIPLE_DOCS'
            ? 'not valid YAML/JSON: the file holds more than one document (a `---` line); a fleet file is one'
            : `not valid YAML/JSON: ${error.message.split('\n')[0] ?? error.code}`,
        hint: 'fix the syntax first; indentation and quoting are the usual suspects',
      })),
    };
  }

  const duplicates = duplicateKeyProblems(doc, at);
  if (duplicates.length > 0) return { ok: false, problems: duplicates };

  const shapeProblems = keyShapeProblems(doc, at);
  if (shapeProblems.length > 0) return { ok: false, problems: shapeProblems };

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml refuses an alias that expands past maxAliasCount ("billion laughs") with a ReferenceError.
    if (!(error instanceof ReferenceError)) throw error;
    return {
      ok: false,
      problems: [
        {
          path: '',
          ...at(firstAliasOffset(doc)),
          message: `its aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies, which looks like an alias bomb`,
          hint: 'write the repeated values out, or use fewer nested aliases',
        },
      ],
    };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          line: 1,
          column: 1,
          message: 'a fleet file is a mapping with `version`, `hosts` and `sites`',
          hint: 'start from fixtures/fleets/demo.yml',
        },
      ],
    };
  }

  const locate = (path: readonly PathSegment[]): { line: number; column: number } => at(offsetOf(doc, path));
  const problems: FleetProblem[] = [];
  const rawSites = (raw as { sites?: unknown }).sites;
  const schema = Array.isArray(rawSites) ? fleetListSchema : fleetSchema;
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...problemsOf(issue, locate));
  }
  for (const ref of checkFleetReferences(raw)) {
    problems.push({ path: ref.path.join('.'), ...locate(ref.path), message: ref.message, hint: ref.hint });
  }

  if (problems.length > 0 || !parsed.success) {
    return { ok: false, problems: sortProblems(dedupe(problems)) };
  }
  return { ok: true, fleet: normalise(parsed.data) };
}

const MAX_ALIAS_COUNT = 1000;

/**
 * Keys that toJS cannot keep: a mapping or list used as a key (it would be stringified, with a process warning) and
 * `__proto__`, which zod's records drop without a word, so a host or site named so would silently vanish.
 */
function keyShapeProblems(
  doc: Document,
  at: (offset: number) => { line: number; column: number },
): FleetProblem[] {
  const problems: FleetProblem[] = [];
  visit(doc, {
    Pair(_, pair, path) {
      if (isScalar(pair.key) && pair.key.value !== '__proto__') return;
      const keyPath = path
        .filter((node) => isScalar((node as { key?: unknown }).key))
        .map((node) => String((node as { key: { value: unknown } }).key.value));
      const offset = rangeStart(pair.key) ?? 0;
      if (pair.key !== null && !isScalar(pair.key)) {
        problems.push({
          path: keyPath.join('.'),
          ...at(offset),
          message: 'a key must be a plain name, not a mapping or a list',
          hint: 'write the key as a plain word, e.g. `acme-blog:`',
        });
      } else if (isScalar(pair.key) && pair.key.value === '__proto__') {
        problems.push({
          path: [...keyPath, '__proto__'].join('.'),
          ...at(offset),
          message: 'the key `__proto__` is not allowed',
          hint: 'rename it, e.g. `acme-blog` or `old-1`; names must start with a letter or digit',
        });
      }
    },
  });
  return problems;
}

/**
 * Keys written twice in one mapping, reported as yaml's `uniqueKeys` would (same message, at the repeated key) but
 * in linear time. Scalar keys are equal when their values are (`1` and `"1"` differ, as in yaml).
 */
function duplicateKeyProblems(
  doc: Document,
  at: (offset: number) => { line: number; column: number },
): FleetProblem[] {
  const problems: FleetProblem[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const value = pair.key.value;
        if (!seen.has(value)) {
          seen.add(value);
          continue;
        }
        problems.push({
          path: '',
          ...at(rangeStart(pair.key) ?? 0),
          message: 'not valid YAML/JSON: Map keys must be unique',
          hint: 'fix the syntax first; indentation and quoting are the usual suspects',
        });
      }
    },
  });
  return problems;
}

function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node)) offset = rangeStart(node) ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/** Same as parseFleet, but throws WPF_FLEET_INVALID listing every problem. */
export function loadFleet(text: string, options: ParseFleetOptions = {}): Fleet {
  const result = parseFleet(text, options);
  if (result.ok) return result.fleet;
  throw new FleetInvalidError(result.problems, options.fileName);
}

export class FleetInvalidError extends WpfleetError {
  readonly problems: readonly FleetProblem[];
  constructor(problems: readonly FleetProblem[], fileName?: string) {
    const name = fileName ?? 'the fleet file';
    const lines = problems.map((p) => `  - ${formatFleetProblem(p, fileName)}`);
    super(
      'WPF_FLEET_INVALID',
      `${name} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`,
      {
        kind: 'user',
        hint: `fix ${problems.length === 1 ? 'it' : 'them'} and run the command again; nothing was contacted or changed`,
        where: fileName === undefined ? undefined : { path: fileName },
      },
    );
    this.problems = problems;
  }
}

/**
 * The map form, with no prototype on the name-keyed records: `constructor` and `toString` are valid names, and a
 * lookup by a name the fleet does not have must find nothing rather than Object.prototype's members.
 */
function normalise(data: z.output<typeof fleetSchema> | z.output<typeof fleetListSchema>): Fleet {
  const byName = <T>(entries: Iterable<[string, T]>): Record<string, T> =>
    Object.assign(Object.create(null) as Record<string, T>, Object.fromEntries(entries));
  const sites = Array.isArray(data.sites)
    ? byName(data.sites.map(({ name, ...site }) => [name, site] as [string, FleetSite]))
    : byName(Object.entries(data.sites));
  return {
    ...data,
    hosts: byName(Object.entries(data.hosts)),
    sites,
    policies: { ...data.policies, forbiddenActions: byName(Object.entries(data.policies.forbiddenActions)) },
  };
}

function problemsOf(
  issue: z.core.$ZodIssue,
  locate: (path: readonly PathSegment[]) => { line: number; column: number },
): FleetProblem[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const full = [...path, key];
      const suggestion = closestKey(key);
      return {
        path: full.join('.'),
        ...locate(full),
        message: `unknown key \`${key}\``,
        hint: suggestion
          ? `did you mean \`${suggestion}\`? Otherwise remove it`
          : `remove it or fix its spelling; ${SCHEMA_HINT}`,
      };
    });
  }
  const last = path[path.length - 1];
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  let message = issue.message;
  let hint = SCHEMA_HINT;
  if (last === 'password') {
    message = 'a literal DB password is not allowed in the fleet file';
    hint = PASSWORD_HINT;
  } else if (missing) {
    message = `\`${String(last ?? 'value')}\` is required (${yamlName(issue.expected)})`;
    hint = `add \`${String(last)}:\`; ${SCHEMA_HINT}`;
  } else if (issue.code === 'invalid_type') {
    message = `expected ${yamlName(issue.expected)}, got ${describe(issue.input)}`;
  } else if (issue.code === 'invalid_value') {
    const values = issue.values.map((v) => JSON.stringify(v)).join(', ');
    message = `must be ${issue.values.length === 1 ? values : `one of ${values}`}`;
    hint = last === 'version' ? 'write `version: 1` at the top of the file' : `use one of ${values}`;
  } else if (issue.code === 'invalid_format' && issue.format === 'url') {
    message = 'must be an absolute URL';
    hint = 'write it with its scheme, e.g. `https://blog.example.com`';
  } else if (issue.code === 'invalid_format' && issue.format === 'regex') {
    hint = 'rename it, e.g. `acme-blog` or `old-1`';
  } else if (issue.code === 'too_big' || issue.code === 'too_small') {
    const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
    const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
    const most = issue.code === 'too_big' ? 'at most' : 'at least';
    message =
      issue.code === 'too_small' &&
      (issue.origin === 'string' || issue.origin === 'array') &&
      Number(bound) === 1
        ? 'must not be empty'
        : issue.origin === 'array'
          ? `must have ${most} ${String(bound)}${unit}`
          : `must be ${most} ${String(bound)}${unit}`;
  } else if (issue.code === 'custom' && typeof issue.params?.['hint'] === 'string') {
    hint = issue.params['hint'];
  } else if (issue.code === 'invalid_union') {
    message = 'has the wrong shape';
  } else if (issue.code === 'invalid_key') {
    // A host or site name (a record key) that is not path-safe: zod's own text is only "Invalid key in record".
    const section = path[0] === 'hosts' ? 'host' : path[0] === 'sites' ? 'site' : 'name';
    message = `the ${section} name ${JSON.stringify(String(last))} ${issue.issues[0]?.message ?? 'is not allowed'}`;
    hint = 'rename it, e.g. `acme-blog` or `old-1`: names become run directories and journal entries';
  }
  return [{ path: path.join('.'), ...locate(path), message, hint }];
}

/** zod's names for kinds of values, in the words of YAML. */
function yamlName(expected: string): string {
  if (expected === 'record' || expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  return expected;
}

/** The kind of a value, never the value itself: a misplaced secret must not be echoed into a message. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  // Values of YAML tags such as !!set, !!omap and !!binary.
  if (value instanceof Set) return 'a set (!!set)';
  if (value instanceof Map) return 'an ordered map (!!omap)';
  if (value instanceof Uint8Array) return 'binary data (!!binary)';
  if (value instanceof Date) return 'a timestamp';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

/** Offset of the key (or list item) that a path names; falls back to the deepest part of the path that exists. */
function offsetOf(doc: Document, path: readonly PathSegment[]): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = pairsByKey(node).get(String(segment));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();
/** A mapping's pairs by key, built once per mapping: a fleet with thousands of problems locates each in O(depth). */
function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const item of map.items) {
      if (!isScalar(item.key)) continue;
      const key = String(item.key.value);
      if (!index.has(key)) index.set(key, item as Pair);
    }
    pairIndexes.set(map, index);
  }
  return index;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function dedupe(problems: FleetProblem[]): FleetProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortProblems(problems: FleetProblem[]): FleetProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column || a.path.localeCompare(b.path));
}

let knownKeys: string[] | undefined;
function closestKey(key: string): string | undefined {
  knownKeys ??= collectKeys(z.toJSONSchema(fleetFileSchema, { io: 'input', unrepresentable: 'any' }));
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of knownKeys) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function collectKeys(schema: unknown, into = new Set<string>()): string[] {
  if (Array.isArray(schema)) {
    for (const s of schema) collectKeys(s, into);
  } else if (typeof schema === 'object' && schema !== null) {
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'properties' && typeof v === 'object' && v !== null)
        for (const name of Object.keys(v)) into.add(name);
      collectKeys(v, into);
    }
  }
  return [...into].sort();
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}
