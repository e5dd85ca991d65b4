// Property test: the in-place byte matcher (escaped bytes), the escaped-text regex (case-insensitive) and the
// decoded path must agree on every value, whatever escapes and boundary characters surround the URL.
import { Replacer } from '@wpfleet/sql';
import { describe, expect, it } from 'vitest';
import { prng, randomJoin, sqlEscape } from './transform-helpers.js';

const OLD = 'https://old.example.com';
const PIECES = [
  OLD,
  'http://old.example.com',
  '//old.example.com',
  'https:\\/\\/old.example.com',
  'https%3A%2F%2Fold.example.com',
  'old.example.com',
  'cold.example.com',
  'old.example.com.au',
  '/var/www/old',
  '/var/www/older',
  '\\',
  '\\\\',
  "'",
  '"',
  '\n',
  '\r',
  '\0',
  '.',
  '-',
  '_',
  'a',
  'Z',
  '9',
  ' ',
  '/',
  ':',
  'é',
  '日',
  '%',
  '\\n',
  'x.',
  '.x',
  // Escapes after a match decide the right boundary as the bytes they stand for.
  '%2E',
  '%2e',
  '%2F',
  '%2D',
  '%41',
  '\\u002e',
  '\\u002F',
  '\\u0061',
  'au',
];

const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('Replacer paths agree', () => {
  const pairs = [
    { from: OLD, to: 'https://new-site.example.org' },
    { from: '/var/www/old', to: '/srv/new' },
  ];
  const exact = new Replacer(pairs);

  it('gives the same result in place on escaped bytes as on the decoded value (5000 random values)', () => {
    const rnd = prng(99);
    let changed = 0;
    for (let n = 0; n < 5000; n++) {
      const v = randomJoin(rnd, PIECES, 8);
      if (/^[aOsCEidbN][:;]/.test(v)) continue;
      const raw = Buffer.from(sqlEscape(v), 'utf8');
      const inPlace = exact.replaceInEscaped(raw, 0, raw.length);
      expect(inPlace).not.toBeNull();
      const decoded = exact.replaceText(latin1(v));
      const want = Buffer.from(sqlEscape(Buffer.from(decoded.value, 'latin1').toString('utf8')), 'utf8');
      expect({ v, out: inPlace!.out.toString('utf8') }).toEqual({ v, out: want.toString('utf8') });
      expect(inPlace!.count).toBe(decoded.count);
      if (decoded.count > 0) changed++;
    }
    expect(changed).toBeGreaterThan(1000);
  });

  it('gives the same result with the escaped-text pattern as on the decoded value (case-insensitive)', () => {
    const rnd = prng(100);
    const ci = new Replacer(pairs, { caseInsensitive: true });
    for (let n = 0; n < 3000; n++) {
      const v = randomJoin(rnd, PIECES, 8, 0.3);
      if (/^[aOsCEidbN][:;]/.test(v)) continue;
      const escaped = latin1(sqlEscape(v));
      const fast = ci.replaceEscaped(escaped);
      const decoded = ci.replaceText(latin1(v));
      expect(fast).not.toBeNull();
      expect({ v, out: fast!.value }).toEqual({
        v,
        out: latin1(sqlEscape(Buffer.from(decoded.value, 'latin1').toString('utf8'))),
      });
    }
  });
});
