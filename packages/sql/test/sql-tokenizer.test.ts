import { SqlTokenizer, type SqlUnit } from '@wpfleet/sql';
import { describe, expect, it } from 'vitest';
import { MINI_DUMP, prng, run, runChunks, splitAt } from './transform-helpers.js';

function units(input: Buffer, chunks: Buffer[] = [input]): { kind: string; text: string; offset: number }[] {
  const t = new SqlTokenizer();
  const out: { kind: string; text: string; offset: number }[] = [];
  const sink = (u: SqlUnit) => out.push({ kind: u.kind, text: u.bytes.toString('latin1'), offset: u.offset });
  for (const c of chunks) t.push(c, sink);
  t.end(sink);
  return out;
}

function merged(list: { kind: string; text: string; offset: number }[]) {
  // Gaps may arrive in several pieces depending on chunking; statements never do.
  const out: { kind: string; text: string }[] = [];
  for (const u of list) {
    const last = out[out.length - 1];
    if (u.kind === 'gap' && last?.kind === 'gap') last.text += u.text;
    else out.push({ kind: u.kind, text: u.text });
  }
  return out;
}

describe('SQL tokenizer', () => {
  const dump = Buffer.from(MINI_DUMP, 'utf8');

  it('splits a mariadb-dump into gaps, statements and DELIMITER commands that add up to the input', () => {
    const list = units(dump);
    expect(Buffer.concat(list.map((u) => Buffer.from(u.text, 'latin1')))).toEqualBytes(dump);
    const statements = list.filter((u) => u.kind === 'statement').map((u) => u.text);
    expect(statements.some((s) => s.startsWith('INSERT INTO `wp_options` VALUES (1,'))).toBe(true);
    expect(statements.some((s) => s.startsWith('/*!50003 CREATE*/') && s.endsWith('*/;;'))).toBe(true);
    expect(list.filter((u) => u.kind === 'delimiter').map((u) => u.text.trim())).toEqual([
      'DELIMITER ;;',
      'DELIMITER ;',
    ]);
    expect(list[0]!.kind).toBe('gap');
    expect(list[0]!.text.startsWith('/*M!999999')).toBe(true);
  });

  it('gives the same units wherever the chunk boundaries fall (every single offset)', () => {
    const whole = merged(units(dump));
    for (let cut = 1; cut < dump.length; cut++) {
      expect(merged(units(dump, splitAt(dump, [cut])))).toEqual(whole);
    }
  });

  it('gives the same units when the dump arrives one byte at a time', () => {
    const bytes = [...dump].map((b) => Buffer.from([b]));
    expect(merged(units(dump, bytes))).toEqual(merged(units(dump)));
  });

  it('reports unit offsets as byte positions in the whole input', () => {
    for (const u of units(dump, splitAt(dump, [100, 700, 1200]))) {
      expect(dump.subarray(u.offset, u.offset + Buffer.byteLength(u.text, 'latin1')).toString('latin1')).toBe(
        u.text,
      );
    }
  });

  it('does not end a statement at a semicolon inside a string, identifier or comment', () => {
    const sql = 'INSERT INTO `a;b` VALUES (\'x;y\',"p;q") /* c;d */ -- e;f\n;\nSELECT 1;';
    const list = units(Buffer.from(sql)).filter((u) => u.kind === 'statement');
    expect(list.map((u) => u.text)).toEqual([
      'INSERT INTO `a;b` VALUES (\'x;y\',"p;q") /* c;d */ -- e;f\n;',
      'SELECT 1;',
    ]);
  });

  it('handles every MySQL escape and doubled quotes inside strings', () => {
    const sql = "INSERT INTO `t` VALUES ('a\\'b','c\\\\','d''e','\\0\\n\\r\\Z\\\"');SELECT 2;";
    const list = units(Buffer.from(sql)).filter((u) => u.kind === 'statement');
    expect(list).toHaveLength(2);
    expect(list[1]!.text).toBe('SELECT 2;');
  });
});

describe('SQL stream byte identity', () => {
  const dump = Buffer.from(MINI_DUMP, 'utf8');

  it('passes a dump through byte-identical when nothing is replaced', () => {
    expect(run(dump).out).toEqualBytes(dump);
  });

  it('produces identical replaced output for every split offset of the input', () => {
    const options = {
      pairs: [{ from: 'https://old.example.com', to: 'https://new.example.org' }],
      prefix: { from: 'wp_', to: 'wpx_' },
    };
    const whole = run(dump, options).out;
    expect(whole).not.toEqualBytes(dump);
    for (let cut = 1; cut < dump.length; cut++) {
      expect(runChunks(splitAt(dump, [cut]), options).out).toEqualBytes(whole);
    }
  });

  it('produces identical output at random split offsets of a large dump, including inside multibyte characters', () => {
    const rows: string[] = [];
    const rnd = prng(7);
    for (let i = 0; i < 3000; i++) {
      rows.push(
        `(${i},'ünïcødé ${i} https://old.example.com/p/${i} 日本語 \\'q\\' ${'x'.repeat(Math.floor(rnd() * 40))}',NULL)`,
      );
    }
    const big = Buffer.from(
      `CREATE TABLE \`t\` (\n  \`id\` int,\n  \`v\` text,\n  \`n\` int\n);\nINSERT INTO \`t\` VALUES ${rows.join(',')};\n`,
    );
    const options = { pairs: [{ from: 'https://old.example.com', to: 'https://n.example' }] };
    const whole = run(big, options);
    expect(whole.t.report().replacements.total).toBe(3000);
    for (let k = 0; k < 20; k++) {
      const cuts = Array.from(
        { length: 1 + Math.floor(rnd() * 50) },
        () => 1 + Math.floor(rnd() * (big.length - 1)),
      );
      const r = runChunks(splitAt(big, cuts), options);
      expect(r.out).toEqualBytes(whole.out);
      expect(r.t.report().digests).toEqual(whole.t.report().digests);
    }
  });
});

describe('SQL stream errors', () => {
  it('rejects a truncated dump with the byte offset of the unfinished statement', () => {
    const sql = 'SELECT 1;\nINSERT INTO `t` VALUES (1,2)';
    expect(() => run(sql)).toThrow(/byte 10: statement has no terminating ';'/);
  });

  it('rejects an unterminated string with the offset of its opening quote', () => {
    const sql = "SELECT 1;\nINSERT INTO `t` VALUES (1,'abc";
    try {
      run(sql);
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string }).code).toBe('WPF_SQL_PARSE');
      expect((error as Error).message).toContain(`byte ${sql.indexOf("'abc")}`);
      expect((error as Error).message).toContain('unterminated string literal');
    }
  });

  it('rejects binary garbage outside string literals with its offset instead of passing it on', () => {
    const sql = Buffer.concat([
      Buffer.from('INSERT INTO `t` VALUES (1,'),
      Buffer.from([0x00, 0xff, 0x01]),
      Buffer.from(');\n'),
    ]);
    expect(() => run(sql)).toThrow(/byte 26: binary byte 0x00/);
  });

  it('says so when the dump is still gzip-compressed', async () => {
    const { gzipSync } = await import('node:zlib');
    expect(() => run(gzipSync(Buffer.from('SELECT 1;\n')))).toThrow(
      /byte 0: this is gzip-compressed data, not SQL/,
    );
  });

  it('rejects a row that is cut short inside an INSERT', () => {
    expect(() => run("INSERT INTO `t` VALUES (1,'a'),(2;\n")).toThrow(
      /byte 34: statement ends inside a row in INSERT INTO `t`/,
    );
  });

  it('rejects an unterminated comment at the end of the dump', () => {
    expect(() => run('SELECT 1;\n/* never closed')).toThrow(/byte 10: unterminated \/\* comment/);
  });
});
