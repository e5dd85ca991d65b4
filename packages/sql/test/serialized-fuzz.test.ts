// Property test: random nested PHP-serialized structures (arrays, objects, nested serialized strings, multibyte
// text with quotes and backslashes, ints, floats, bools, null) through the stream at random chunk splits. The
// oracle serializes the same structure with the URL replaced; PHP must accept every output; a second pass
// changes nothing.
import { describe, expect, it } from 'vitest';
import { phpUnserializes } from './php-unserialize.js';
import { prng, runChunks, splitAt, sqlEscape, sqlUnescape } from './transform-helpers.js';

const OLD = 'https://old.example.com';
const NEW = 'https://www.new-site.example.org';

type Node =
  | { t: 'str'; parts: string[] }
  | { t: 'nested'; node: Node }
  | { t: 'int'; v: number }
  | { t: 'float'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'null' }
  | { t: 'arr'; entries: [string | number, Node][] }
  | { t: 'obj'; cls: string; entries: [string, Node][] };

const ALPHABET = [
  'a',
  'Z',
  '9',
  ' ',
  '"',
  "'",
  '\\',
  ';',
  ':',
  '{',
  '}',
  '\n',
  '\0',
  'é',
  '日本',
  '💡',
  'ß',
  '/',
  '.',
];

function gen(rnd: () => number, depth: number, old: string): Node {
  const r = rnd();
  const text = () => {
    const parts: string[] = [];
    const n = Math.floor(rnd() * 4);
    for (let i = 0; i < n; i++) {
      let s = '';
      const len = Math.floor(rnd() * 8);
      for (let k = 0; k < len; k++) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
      parts.push(s);
    }
    return parts;
  };
  if (depth > 3 || r < 0.35) return { t: 'str', parts: text() };
  if (r < 0.42) return { t: 'int', v: Math.floor(rnd() * 2000) - 1000 };
  if (r < 0.47)
    return {
      t: 'float',
      v: ['0.1', '-2.5', '1.0E+25', '3.0E-5', 'INF', '-INF', 'NAN'][Math.floor(rnd() * 7)]!,
    };
  if (r < 0.5) return { t: 'bool', v: rnd() < 0.5 };
  if (r < 0.53) return { t: 'null' };
  if (r < 0.63) return { t: 'nested', node: gen(rnd, depth + 1, old) };
  const count = Math.floor(rnd() * 4);
  if (r < 0.85) {
    const entries: [string | number, Node][] = [];
    for (let i = 0; i < count; i++)
      entries.push([rnd() < 0.5 ? i : `k${i} ${old}`, gen(rnd, depth + 1, old)]);
    return { t: 'arr', entries };
  }
  const entries: [string, Node][] = [];
  for (let i = 0; i < count; i++)
    entries.push([rnd() < 0.3 ? `\0*\0p${i}` : `p${i}`, gen(rnd, depth + 1, old)]);
  return { t: 'obj', cls: rnd() < 0.5 ? 'stdClass' : 'WP_Widget_Ünï', entries };
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const sstr = (s: string) => `s:${bytes(s)}:"${s}";`;

function serialize(n: Node, url: string): string {
  switch (n.t) {
    case 'str':
      // The URL sits between the random parts, delimited the way it is in real content.
      return sstr(n.parts.join(` ${url}/x `));
    case 'nested':
      return sstr(serialize(n.node, url));
    case 'int':
      return `i:${n.v};`;
    case 'float':
      return `d:${n.v};`;
    case 'bool':
      return `b:${n.v ? 1 : 0};`;
    case 'null':
      return 'N;';
    case 'arr':
      return `a:${n.entries.length}:{${n.entries.map(([k, v]) => (typeof k === 'number' ? `i:${k};` : sstr(k)) + serialize(v, url)).join('')}}`;
    case 'obj':
      return `O:${bytes(n.cls)}:"${n.cls}":${n.entries.length}:{${n.entries.map(([k, v]) => sstr(k) + serialize(v, url)).join('')}}`;
  }
}

function values(out: Buffer): Map<number, Buffer> {
  const text = out.toString('latin1');
  const map = new Map<number, Buffer>();
  for (const m of text.matchAll(/\((\d+),'((?:[^'\\]|\\.|'')*)'\)/gs))
    map.set(Number(m[1]), Buffer.from(sqlUnescape(m[2]!), 'latin1'));
  return map;
}

// The URL as stored and its replacement: plain, and as json_encode writes a non-ASCII one inside a JSON string.
const CASES = [
  { name: 'a URL', old: OLD, new: NEW, pair: { from: OLD, to: NEW } },
  {
    name: "a non-ASCII URL in json_encode's \\u form",
    old: 'https:\\/\\/ex\\u00e4mple.com\\/\\u00fcn\\u00ef',
    new: 'https:\\/\\/www.n\\u00ebw-site.example\\/\\ud83d\\ude00',
    pair: { from: 'https://exämple.com/ünï', to: 'https://www.nëw-site.example/😀' },
  },
];

describe.each(CASES)(
  'serialized values holding $name under random structures and random chunk splits',
  (c) => {
    const rnd = prng(20261124);
    const structures = Array.from({ length: 300 }, () => gen(rnd, 0, c.old));
    const rows = structures.map((s, i) => `(${i},'${sqlEscape(serialize(s, c.old))}')`);
    let sql = 'CREATE TABLE `wp_options` (\n  `option_id` int,\n  `option_value` longtext\n);\n';
    for (let i = 0; i < rows.length;) {
      const n = 1 + Math.floor(rnd() * 20);
      sql += `INSERT INTO \`wp_options\` VALUES ${rows.slice(i, i + n).join(',')};\n`;
      i += n;
    }
    const input = Buffer.from(sql, 'utf8');
    const options = { pairs: [c.pair] };
    const first = runChunks([input], options);

    it('rewrites every structure exactly like serializing it with the new URL would', () => {
      const got = values(first.out);
      expect(got.size).toBe(structures.length);
      structures.forEach((s, i) => expect(got.get(i)?.toString('utf8')).toBe(serialize(s, c.new)));
    });

    it('gives byte-identical output and digests at random chunk splits', () => {
      for (let k = 0; k < 25; k++) {
        const cuts = Array.from(
          { length: 1 + Math.floor(rnd() * 200) },
          () => 1 + Math.floor(rnd() * (input.length - 1)),
        );
        const r = runChunks(splitAt(input, cuts), options);
        expect(r.out).toEqualBytes(first.out);
        expect(r.t.report().digests).toEqual(first.t.report().digests);
      }
    });

    it('produces only values PHP unserialize() accepts', () => {
      const out = [...values(first.out).values()];
      const ok = phpUnserializes(out);
      expect(ok.filter((x) => !x)).toHaveLength(0);
      expect(ok).toHaveLength(structures.length);
    });

    it('changes nothing more when the same replacement runs again on its own output', () => {
      const second = runChunks([first.out], options);
      expect(second.out).toEqualBytes(first.out);
      expect(second.t.report().replacements.total).toBe(0);
    });

    it('leaves keys that contain the old URL alone', () => {
      expect(first.out.toString('utf8')).toContain(sqlEscape(`k1 ${c.old}`));
    });
  },
);
