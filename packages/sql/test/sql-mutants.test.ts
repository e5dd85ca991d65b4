// Property test of the SqlStream on damaged dumps: every mutant of a realistic dump (truncated, bytes flipped, NULs
// and invalid UTF-8 inserted, quotes and comments left open, a DELIMITER never reset, one enormous statement) is
// either refused as WPF_SQL_PARSE with a byte offset inside the input, or passed on with nothing changed outside its
// string literals — never another error, never a silent rewrite of SQL code.
import { describe, expect, it } from 'vitest';
import { WpfleetError } from '@wpfleet/core';
import { MINI_DUMP, prng, run, runChunks, splitAt } from './transform-helpers.js';

const FROM = 'https://old.example.com';
const options = { pairs: [{ from: FROM, to: 'https://new.example.org/sub' }] };
const base = Buffer.from(
  MINI_DUMP +
    "DELIMITER ;;\n/*!50003 CREATE*/ /*!50003 TRIGGER `t1` BEFORE INSERT ON `wp_options` FOR EACH ROW SET NEW.option_value = 'https://old.example.com' */;;\nDELIMITER ;\n" +
    "INSERT INTO `wp_posts` VALUES (1,\"double \\\"quoted\\\" https://old.example.com\",'it''s https://old.example.com/a','-- not a comment',\n'# nor this');\n" +
    '-- the end\n',
);

type Rand = () => number;
const int = (rand: Rand, n: number): number => Math.floor(rand() * n);

function insert(buf: Buffer, at: number, bytes: Buffer | string): Buffer {
  return Buffer.concat([buf.subarray(0, at), Buffer.from(bytes), buf.subarray(at)]);
}

function mutate(input: Buffer, rand: Rand): Buffer {
  let buf = input;
  for (let edits = 1 + int(rand, 2); edits > 0; edits--) {
    const at = int(rand, buf.length + 1);
    switch (int(rand, 9)) {
      case 0:
        buf = buf.subarray(0, at);
        break;
      case 1: {
        const copy = Buffer.from(buf);
        if (at < copy.length) copy[at] = int(rand, 256);
        buf = copy;
        break;
      }
      case 2:
        buf = insert(buf, at, Buffer.from([0]));
        break;
      case 3:
        buf = insert(
          buf,
          at,
          Buffer.from([[0xff], [0xc0, 0xaf], [0x80], [0xed, 0xa0, 0x80], [0xf0, 0x9f]][int(rand, 5)]!),
        );
        break;
      case 4:
        buf = insert(buf, at, ["'", '"', '`', '\\'][int(rand, 4)]!);
        break;
      case 5:
        buf = insert(buf, at, ['/*', '*/', '-- ', '#', '/*!40101 '][int(rand, 5)]!);
        break;
      case 6:
        buf = insert(
          buf,
          at,
          ['\nDELIMITER ;;\n', '\nDELIMITER\n', '\nDELIMITER $$ \n', ';', ';;'][int(rand, 5)]!,
        );
        break;
      case 7: {
        const end = Math.min(buf.length, at + int(rand, 200));
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(end)]);
        break;
      }
      default:
        buf = insert(buf, at, `\r\n`);
    }
  }
  return buf;
}

/**
 * The dump with the inside of every string literal dropped: what must come through a search-replace unchanged.
 * A deliberately plain lexer (quotes with backslash escapes and doubling, backtick names, comments); a conditional
 * comment `/*!` holds SQL, so its literals are dropped too (MariaDB's sandbox line `/*M!999999\-` is a comment).
 */
function skeleton(buf: Buffer): string {
  const s = buf.toString('latin1');
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === "'" || c === '"') {
      out += c;
      i++;
      while (i < s.length) {
        if (s[i] === '\\') i += 2;
        else if (s[i] === c && s[i + 1] === c) i += 2;
        else if (s[i] === c) break;
        else i++;
      }
      out += c;
      i++;
    } else if ((i === 0 || s[i - 1] === '\n') && /^DELIMITER[ \t]/i.test(s.slice(i, i + 10))) {
      // A client command: its argument is no SQL, quotes in it open nothing.
      const end = s.indexOf('\n', i);
      const stop = end < 0 ? s.length : end;
      out += s.slice(i, stop);
      i = stop;
    } else if (c === '`') {
      const end = s.indexOf('`', i + 1);
      const stop = end < 0 ? s.length : end + 1;
      out += s.slice(i, stop);
      i = stop;
    } else if (
      s.startsWith('/*', i) &&
      ((s[i + 2] !== '!' && !s.startsWith('/*M!', i)) || s.startsWith('/*M!999999\\-', i))
    ) {
      const end = s.indexOf('*/', i + 2);
      const stop = end < 0 ? s.length : end + 2;
      out += s.slice(i, stop);
      i = stop;
    } else if (c === '#' || (s.startsWith('--', i) && /[\s]/.test(s[i + 2] ?? ' '))) {
      const end = s.indexOf('\n', i);
      const stop = end < 0 ? s.length : end;
      out += s.slice(i, stop);
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function expectParseError(error: unknown, input: Buffer, label: string): void {
  expect(error, label).toBeInstanceOf(WpfleetError);
  const e = error as WpfleetError;
  expect(e.code, `${label}: ${e.message}`).toBe('WPF_SQL_PARSE');
  expect(e.kind, label).toBe('user');
  const offset = /at byte (\d+)/.exec(e.message);
  expect(offset, `${label}: ${e.message}`).not.toBeNull();
  expect(Number(offset![1]), label).toBeLessThanOrEqual(input.length);
  expect(e.hint, label).toBeTruthy();
}

describe('SqlStream on damaged dumps', () => {
  it('replaces inside literals of the undamaged dump and leaves everything else as it was', () => {
    const { out, t } = run(base, options);
    expect(t.report().replacements.total).toBeGreaterThanOrEqual(4);
    expect(skeleton(out)).toBe(skeleton(base));
  });

  it('refuses every mutant with WPF_SQL_PARSE at a byte offset, or changes nothing outside its literals', () => {
    const rand = prng(0xd0d0);
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      const input = mutate(base, rand);
      const label = `mutant ${i}: ${JSON.stringify(input.toString('latin1').slice(0, 60))}…`;
      let out: Buffer;
      try {
        // Random chunk boundaries as well: an error must not depend on where a read ends.
        const cuts = Array.from({ length: int(rand, 4) }, () => int(rand, input.length + 1));
        out = runChunks(splitAt(input, cuts), options).out;
      } catch (error) {
        expectParseError(error, input, label);
        refused++;
        continue;
      }
      expect(skeleton(out), label).toBe(skeleton(input));
    }
    // The mutants must exercise both outcomes.
    expect(refused).toBeGreaterThan(50);
    expect(refused).toBeLessThan(390);
  });

  it('refuses a DELIMITER that names no delimiter, at its offset', () => {
    for (const sql of [
      'SELECT 1;\nDELIMITER\n',
      'SELECT 1;\nDELIMITER\nSELECT 2;\n',
      'SELECT 1;\nDELIMITER   \n',
    ]) {
      try {
        run(sql);
        expect.unreachable(sql);
      } catch (error) {
        expectParseError(error, Buffer.from(sql), sql);
        expect((error as Error).message).toMatch(/byte 10: DELIMITER command without a delimiter/);
      }
    }
  });

  it('passes one enormous statement (8 MB in one literal) through, and refuses it when its end is cut off', () => {
    const big = Buffer.from(`INSERT INTO \`t\` VALUES (1,'${'x'.repeat(8 * 1024 * 1024)} ${FROM}');\n`);
    const { out, t } = runChunks(splitAt(big, [1000, 4_000_000]), options);
    expect(t.report().replacements.total).toBe(1);
    expect(out.length).toBe(big.length + 'https://new.example.org/sub'.length - FROM.length);
    expect(() => run(big.subarray(0, big.length - 5), options)).toThrow(
      /byte 26: unterminated string literal/,
    );
  });

  it('passes an empty dump through as empty', () => {
    const { out, t } = run(Buffer.alloc(0), options);
    expect(out.length).toBe(0);
    expect(t.report().statements).toBe(0);
  });

  it('reads no stale byte past the input: a dump ending in one "-" is refused, not turned into a "--" comment', () => {
    // The first chunk fills the tokenizer's 64 KiB buffer so that the second is compacted to its start; the byte
    // after the second chunk is then the first chunk's "-" (it used to be read as the second "-" of a comment).
    const first = Buffer.from(`SELECT 12;\n-- ${'x'.repeat(65_510)}\nSELECT 3;`);
    const second = Buffer.from('SELECT 2;\n-');
    expect(first.length + second.length).toBeGreaterThan(1 << 16);
    expect(first[second.length]).toBe(0x2d);
    expect(() => runChunks([first, second])).toThrow(
      `byte ${first.length + 10}: statement has no terminating ';'`,
    );
  });

  it('refuses a row whose values the server would not see as the walk does: a comment in it, a quote in a bare value', () => {
    const cases: [string, RegExp][] = [
      // `#` comments out the rest of the line: the URL is no value, and rewriting it would rewrite a comment.
      [`INSERT INTO \`t\` VALUES (1,'a'),(#2,'${FROM}'\n);\n`, /byte 32: a comment inside a row/],
      [`INSERT INTO \`t\` VALUES (/*1,'${FROM}'*/2);\n`, /byte 24: a comment inside a row/],
      [`INSERT INTO \`t\` VALUES (1/*,'${FROM}'*/);\n`, /byte 25: a comment inside a row/],
      [`INSERT INTO \`t\` VALUES (1-- ,'${FROM}'\n);\n`, /byte 25: a comment inside a row/],
      // A stray quote after 1 opens a string there, so the URL after the next one is bare SQL, not a literal.
      [`INSERT INTO \`t\` VALUES (1','a','${FROM}','b'');\n`, /byte 25: a quote inside a bare value/],
      [`INSERT INTO \`t\` VALUES (0x6'1,'${FROM}'');\n`, /byte 27: a quote inside a bare value/],
    ];
    for (const [sql, problem] of cases) {
      try {
        run(sql, options);
        expect.unreachable(sql);
      } catch (error) {
        expectParseError(error, Buffer.from(sql), sql);
        expect((error as Error).message, sql).toMatch(problem);
      }
    }
    // A BIT value as mysqldump writes it keeps its quotes and is passed on as it is.
    const bit = `INSERT INTO \`t\` VALUES (b'0101','${FROM}'),(B'',NULL);\n`;
    expect(run(bit, options).text).toBe(bit.replace(FROM, 'https://new.example.org/sub'));
  });
});
