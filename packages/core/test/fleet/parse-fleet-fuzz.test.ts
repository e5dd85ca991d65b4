// Property test of the fleet-file reader: mutants of the committed fixtures (and a few hand-made monsters) must each
// come back as a Fleet that kept every host and site, or as problems with a path, message, hint and position —
// never as an exception other than WPF_FLEET_INVALID, and never slowly.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isMap, parse, parseDocument, stringify, visit, type YAMLMap } from 'yaml';
import {
  FleetInvalidError,
  loadFleet,
  parseFleet,
  type FleetProblem,
  type WpfleetError,
} from '@wpfleet/core';
import { prng } from '@wpfleet/lab';

const dir = new URL('../../../../fixtures/fleets/', import.meta.url);
const fixtures = readdirSync(dir)
  .filter((name) => /\.(ya?ml|json)$/.test(name))
  .sort()
  .map((name) => ({ name, text: readFileSync(new URL(name, dir), 'utf8') }));

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const int = (rand: Rand, n: number): number => Math.floor(rand() * n);

const ODD_STRINGS = [
  '',
  ' ',
  'x'.repeat(100_000),
  '🚀🇯🇵👩‍💻',
  'עברית\u202Eevil',
  'e\u0301\u0301\u0301',
  '東京の朝',
  'a\tb',
  'line\nbreak',
  '\uFEFFbom',
  '$(rm -rf /)',
  '../../etc/passwd',
  '*',
  '&anchor',
  '\u0007\u001b[31m',
];
const ODD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e300,
  [],
  {},
  [1, [2, [3]]],
  { nested: { deeper: {} } },
  ...ODD_STRINGS,
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every container in the value, with the path to it. */
function containers(
  value: Json,
  path: (string | number)[] = [],
): [Json[] | Record<string, Json>, (string | number)[]][] {
  if (value === null || typeof value !== 'object') return [];
  const own: [Json[] | Record<string, Json>, (string | number)[]][] = [[value, path]];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return own.concat(children.flatMap(([k, v]) => containers(v, [...path, k])));
}

/** Structural mutants: the fixture as data, one or more edits, written back as YAML or JSON. */
function structuralMutant(text: string, rand: Rand): string {
  const data = parse(text) as Json;
  for (let edits = 1 + int(rand, 3); edits > 0; edits--) {
    const all = containers(data);
    if (all.length === 0) break;
    const [box] = pick(rand, all);
    const keys: (string | number)[] = Array.isArray(box) ? box.map((_, i) => i) : Object.keys(box);
    const key = keys.length > 0 ? pick(rand, keys) : undefined;
    const set = (k: string | number, v: unknown): void => {
      (box as Record<string | number, unknown>)[k] = v;
    };
    switch (int(rand, 5)) {
      case 0: // delete a key
        if (key === undefined) break;
        if (Array.isArray(box)) box.splice(key as number, 1);
        else delete box[key as string];
        break;
      case 1: // swap a value's type
        if (key !== undefined) set(key, structuredClone(pick(rand, ODD_VALUES)));
        break;
      case 2: // an unknown key, or an odd name where a name goes
        if (!Array.isArray(box))
          box[pick(rand, ['concurency', 'extra', 'Sites', 'hosts', '0', 'a b', '-x', '🚀'])] = 'surprise';
        break;
      case 3: // rename a key (hosts and sites are named by their keys)
        if (key === undefined || Array.isArray(box)) break;
        box[
          pick(rand, [
            'old-1',
            'new-1',
            'acme-blog',
            'x'.repeat(300),
            'ünï',
            'with space',
            'constructor',
            'toString',
          ])
        ] = box[key as string]!;
        delete box[key as string];
        break;
      default: // nest deeply
        if (key !== undefined) {
          let deep: unknown = 'bottom';
          for (let i = 0; i < 50; i++) deep = rand() < 0.5 ? [deep] : { k: deep };
          set(key, deep);
        }
    }
  }
  return rand() < 0.3 ? JSON.stringify(data, null, 2) : stringify(data);
}

/** Text mutants: what an editor, a copy-paste or a broken disk does to a file. */
function textMutant(text: string, rand: Rand): string {
  const lines = text.split('\n');
  const at = int(rand, lines.length);
  switch (int(rand, 9)) {
    case 0: // a key written twice
      lines.splice(at, 0, lines[at]!);
      return lines.join('\n');
    case 1: // tab indentation
      lines[at] = lines[at]!.replace(/^ +/, (s) => '\t'.repeat(Math.max(1, s.length / 2)));
      return lines.join('\n');
    case 2:
      return '\uFEFF' + text;
    case 3:
      return text.replace(/\n/g, '\r\n');
    case 4: // truncated
      return text.slice(0, int(rand, text.length));
    case 5: {
      // a flipped character
      const i = int(rand, text.length);
      return text.slice(0, i) + String.fromCharCode(int(rand, 128)) + text.slice(i + 1);
    }
    case 6: // a very long line
      lines.splice(at, 0, `# ${'y'.repeat(200_000)}`);
      return lines.join('\n');
    case 7: // unicode in values
      return text.replace(/: ([a-z])/, `: ${pick(rand, ODD_STRINGS.slice(3, 8))}$1`);
    default:
      return anchorMutant(text, rand);
  }
}

/** Anchors, aliases and merge keys between random mappings of the file. */
function anchorMutant(text: string, rand: Rand): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text;
  const maps: YAMLMap[] = [];
  visit(doc, {
    Map(_, node) {
      if (isMap(node)) maps.push(node as YAMLMap);
    },
  });
  if (maps.length < 2) return text;
  // An alias must come after its anchor; a mapping later in the file may also lie inside the anchored one (a cycle).
  const i = int(rand, maps.length - 1);
  const from = maps[i]!;
  const into = maps[i + 1 + int(rand, maps.length - i - 1)]!;
  into.add(doc.createPair(rand() < 0.5 ? '<<' : 'shared', doc.createAlias(from, `a${int(rand, 1000)}`)));
  return doc.toString();
}

function aliasBomb(levels: number): string {
  const rows = ['version: 1', 'l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < levels; i++)
    rows.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return rows.join('\n') + '\n';
}

const MONSTERS: Record<string, string> = {
  empty: '',
  whitespace: ' \n\t\n',
  'only a comment': '# nothing here\n',
  'a scalar': '42\n',
  'a list': '- version: 1\n',
  'JSON array': '[1, 2, 3]',
  'binary bytes': String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 131 + 7) % 256)),
  'UTF-16 text': Buffer.from('version: 1\n', 'utf16le').toString('latin1'),
  'NUL in a value': 'version: 1\nhosts: {a: {address: "1.2.3.4\u0000"}}\nsites: {}\n',
  'billion laughs': aliasBomb(9),
  'many aliases': `version: 1\na: &a x\nb: [${Array(5000).fill('*a').join(', ')}]\n`,
  'deep flow lists': `version: 1\nhosts: ${'['.repeat(3000)}${']'.repeat(3000)}\n`,
  'deep block maps': `version: 1\nhosts:\n${Array.from({ length: 1500 }, (_, i) => `${' '.repeat(2 * i + 2)}k${i}:`).join('\n')} 1\n`,
  'two documents': 'version: 1\nhosts: {}\nsites: {}\n---\nversion: 1\n',
  'a mapping as key': 'version: 1\nhosts:\n  ? {a: 1}\n  : {address: x}\nsites: {}\n',
  '__proto__ host': 'version: 1\nhosts:\n  __proto__: {address: 1.2.3.4}\nsites: {}\n',
  'unknown tag': 'version: !!js/function "x"\nhosts: !!set {a, b}\nsites: !!binary aGVsbG8=\n',
  'a 1024+ char key': `version: 1\n${'k'.repeat(2000)}: 1\n`,
};

const mutants: { name: string; text: string }[] = [];
for (const fixture of fixtures) {
  const rand = prng(0x5eed ^ fixture.name.length);
  for (let i = 0; i < 40; i++) {
    const parses = parseDocument(fixture.text).errors.length === 0;
    const text =
      parses && rand() < 0.5 ? structuralMutant(fixture.text, rand) : textMutant(fixture.text, rand);
    mutants.push({ name: `${fixture.name} #${i}`, text });
  }
}
for (const [name, text] of Object.entries(MONSTERS)) mutants.push({ name, text });

function expectUsefulProblems(problems: readonly FleetProblem[], label: string): void {
  expect(problems.length, label).toBeGreaterThan(0);
  for (const p of problems) {
    expect(typeof p.path, label).toBe('string');
    expect(p.message.length, label).toBeGreaterThan(0);
    expect(p.hint.length, label).toBeGreaterThan(0);
    expect(
      Number.isInteger(p.line) && p.line >= 0 && Number.isInteger(p.column) && p.column >= 0,
      label,
    ).toBe(true);
    if (p.message.startsWith('not valid YAML')) expect(p.line, label).toBeGreaterThan(0);
    expect(p.message, label).not.toMatch(/\n|at .*\.js:\d+/);
  }
}

/** The names the file itself gives its hosts and sites; a valid Fleet must have every one of them. */
function namesIn(text: string): { hosts: string[]; sites: string[] } {
  const raw = parse(text) as { hosts?: object; sites?: object | { name: string }[] };
  const sites = Array.isArray(raw.sites) ? raw.sites.map((s) => s.name) : Object.keys(raw.sites ?? {});
  return { hosts: Object.keys(raw.hosts ?? {}).sort(), sites: sites.sort() };
}

describe('parseFleet on mutated and hostile fleet files', () => {
  it('answers every mutant with a Fleet that kept every name, or with located problems, quickly', () => {
    let valid = 0;
    for (const { name, text } of mutants) {
      const started = performance.now();
      const result = parseFleet(text, { fileName: 'fleet.yml' });
      expect(performance.now() - started, `${name} took too long`).toBeLessThan(1000);
      if (result.ok) {
        valid++;
        const names = namesIn(text);
        expect(Object.keys(result.fleet.hosts).sort(), name).toEqual(names.hosts);
        expect(Object.keys(result.fleet.sites).sort(), name).toEqual(names.sites);
      } else {
        expectUsefulProblems(result.problems, name);
      }
    }
    // The mutants must not all be trivially broken: some survive as valid fleets.
    expect(valid).toBeGreaterThan(5);
  });

  it('loadFleet throws only WPF_FLEET_INVALID', () => {
    for (const { name, text } of mutants) {
      try {
        loadFleet(text, { fileName: 'fleet.yml' });
      } catch (error) {
        expect(error, name).toBeInstanceOf(FleetInvalidError);
        expect((error as WpfleetError).code, name).toBe('WPF_FLEET_INVALID');
      }
    }
  });

  it('refuses an alias bomb quickly and says what it is', () => {
    const started = performance.now();
    const result = parseFleet(aliasBomb(12));
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]).toMatchObject({ line: 3, message: expect.stringMatching(/alias bomb/) });
  });

  it('refuses a host or site named __proto__ instead of dropping it', () => {
    const result = parseFleet(MONSTERS['__proto__ host']!);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toMatchObject([{ path: 'hosts.__proto__', line: 3, column: 3 }]);
  });

  it('says a binary or UTF-16 file is not a text file', () => {
    for (const text of [MONSTERS['binary bytes']!, MONSTERS['UTF-16 text']!]) {
      const result = parseFleet(text);
      expect(!result.ok && result.problems[0]?.message).toMatch(/binary or UTF-16/);
    }
  });

  it('says a too deeply nested file is nested too deeply, and a mapping used as a key is not a name', () => {
    const deep = parseFleet(MONSTERS['deep flow lists']!);
    expect(!deep.ok && deep.problems[0]?.message).toMatch(/nested too deeply/);
    const complex = parseFleet(MONSTERS['a mapping as key']!);
    expect(!complex.ok && complex.problems).toMatchObject([{ path: 'hosts', line: 3, column: 5 }]);
  });

  it('names YAML kinds in YAML words: mappings, lists and tagged values, and one document per file', () => {
    const tagged = parseFleet(MONSTERS['unknown tag']!);
    const messages = tagged.ok ? [] : tagged.problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toContain('hosts: expected a mapping, got a set (!!set)');
    expect(messages).toContain('sites: expected a mapping, got binary data (!!binary)');
    const twoDocs = parseFleet(MONSTERS['two documents']!);
    expect(!twoDocs.ok && twoDocs.problems[0]?.message).toMatch(/more than one document \(a `---` line\)/);
  });
});
