import { describe, expect, it } from 'vitest';
import { lexStatement, type StatementToken } from '../src/statement-tokens.js';
import { prng } from './transform-helpers.js';

const kinds = (text: string): [string, string][] =>
  lexStatement(text)
    .filter((t) => t.kind !== 'space')
    .map((t) => [t.kind, t.value]);

const rejoin = (text: string, tokens: StatementToken[]): string =>
  tokens.map((t) => text.slice(t.start, t.end)).join('');

describe('statement lexer', () => {
  it('reads a CREATE TABLE head as words, quoted names, strings, numbers and punctuation', () => {
    expect(kinds("CREATE TABLE `wp_posts` (id int(11) COMMENT 'it''s', x decimal(3.5))")).toEqual([
      ['word', 'CREATE'],
      ['word', 'TABLE'],
      ['identifier', 'wp_posts'],
      ['punct', '('],
      ['word', 'ID'],
      ['word', 'INT'],
      ['punct', '('],
      ['number', '11'],
      ['punct', ')'],
      ['word', 'COMMENT'],
      ['string', "it''s"],
      ['punct', ','],
      ['word', 'X'],
      ['word', 'DECIMAL'],
      ['punct', '('],
      ['number', '3.5'],
      ['punct', ')'],
      ['punct', ')'],
    ]);
  });

  it('keeps quotes inside comments from opening a string', () => {
    expect(kinds("/* it's */ SELECT 1 -- don't\n# isn't\nFROM t")).toEqual([
      ['comment', "/* it's */"],
      ['word', 'SELECT'],
      ['number', '1'],
      ['comment', "-- don't"],
      ['comment', "# isn't"],
      ['word', 'FROM'],
      ['word', 'T'],
    ]);
  });

  it('treats -- without a following space as two minus signs, as MySQL does', () => {
    expect(kinds('SELECT 1--2')).toEqual([
      ['word', 'SELECT'],
      ['number', '1'],
      ['punct', '-'],
      ['punct', '-'],
      ['number', '2'],
    ]);
    expect(kinds('SELECT 1 --\tx')).toEqual([
      ['word', 'SELECT'],
      ['number', '1'],
      ['comment', '--\tx'],
    ]);
    expect(kinds('SELECT 1 --')).toEqual([
      ['word', 'SELECT'],
      ['number', '1'],
      ['comment', '--'],
    ]);
  });

  it('reads the content of an executable comment as live SQL and a */ inside its strings as text', () => {
    expect(kinds("/*!50001 CREATE VIEW v AS SELECT '*/ DROP' */ /*M!100101 x */ /*!y*/")).toEqual([
      ['exec-open', '/*!50001'],
      ['word', 'CREATE'],
      ['word', 'VIEW'],
      ['word', 'V'],
      ['word', 'AS'],
      ['word', 'SELECT'],
      ['string', '*/ DROP'],
      ['exec-close', '*/'],
      ['exec-open', '/*M!100101'],
      ['word', 'X'],
      ['exec-close', '*/'],
      ['exec-open', '/*!'],
      ['word', 'Y'],
      ['exec-close', '*/'],
    ]);
  });

  it('reads */ outside an executable comment as operators, not as a closer', () => {
    expect(kinds('SELECT 2*/3')).toEqual([
      ['word', 'SELECT'],
      ['number', '2'],
      ['punct', '*'],
      ['punct', '/'],
      ['number', '3'],
    ]);
  });

  it('unescapes doubled backticks in an identifier and leaves backslashes alone there', () => {
    const tokens = lexStatement('`a``b\\` x');
    expect(tokens[0]).toMatchObject({ kind: 'identifier', value: 'a`b\\', start: 0, end: 7 });
  });

  it('honours backslash-escaped and doubled quotes in strings of both kinds', () => {
    expect(kinds(`'a\\'b' "c\\"d" 'e''f' "g""h" 'i\\\\' x`)).toEqual([
      ['string', "a\\'b"],
      ['string', 'c\\"d'],
      ['string', "e''f"],
      ['string', 'g""h'],
      ['string', 'i\\\\'],
      ['word', 'X'],
    ]);
  });

  it('keeps a comment opener inside a string and a quote inside a quoted name as text', () => {
    expect(kinds("'/* -- #' `it's` \"`\"")).toEqual([
      ['string', '/* -- #'],
      ['identifier', "it's"],
      ['string', '`'],
    ]);
  });

  it('tells user variables, system variables and user@host apart', () => {
    expect(kinds("@x @@session.sql_mode @'a b' @`c` DEFINER=`root`@`localhost` 'u'@'%' root@host @")).toEqual(
      [
        ['variable', '@x'],
        ['variable', '@@session.sql_mode'],
        ['variable', "@'a b'"],
        ['variable', '@`c`'],
        ['word', 'DEFINER'],
        ['punct', '='],
        ['identifier', 'root'],
        ['punct', '@'],
        ['identifier', 'localhost'],
        ['string', 'u'],
        ['punct', '@'],
        ['string', '%'],
        ['word', 'ROOT'],
        ['punct', '@'],
        ['word', 'HOST'],
        ['punct', '@'],
      ],
    );
  });

  it('reads numbers, and names that start with digits as names', () => {
    expect(kinds('1 2.5 1e-5 0x1F 1st_table 2fa 3.')).toEqual([
      ['number', '1'],
      ['number', '2.5'],
      ['number', '1e-5'],
      ['number', '0x1F'],
      ['word', '1ST_TABLE'],
      ['word', '2FA'],
      ['number', '3.'],
    ]);
  });

  it('reads bytes of UTF-8 names as part of bare words', () => {
    const text = Buffer.from('CREATE TABLE wp_ünï (x int)', 'utf8').toString('latin1');
    const name = lexStatement(text).filter((t) => t.kind === 'word')[2]!;
    expect(Buffer.from(text.slice(name.start, name.end), 'latin1').toString('utf8')).toBe('wp_ünï');
  });

  it('turns an unterminated quote or comment into one flagged token to the end', () => {
    for (const [text, kind] of [
      ["SELECT 'abc", 'string'],
      ['SELECT "abc\\"', 'string'],
      ['SELECT `abc``', 'identifier'],
      ['SELECT /* abc', 'comment'],
      ["SELECT @'abc", 'variable'],
    ] as const) {
      const tokens = lexStatement(text);
      const last = tokens[tokens.length - 1]!;
      expect(last).toMatchObject({ kind, start: 7, end: text.length, unterminated: true });
      expect(rejoin(text, tokens)).toBe(text);
    }
    const open = lexStatement('/*!50001 SELECT 1');
    expect(open[0]).toMatchObject({ kind: 'exec-open', unterminated: true });
    expect(lexStatement('/*!50001 SELECT 1 */')[0]!.unterminated).toBeUndefined();
  });

  it('gives back the text exactly when its tokens are joined, whatever the input', () => {
    const rnd = prng(1311);
    const alphabet = [
      "'",
      '"',
      '`',
      '\\',
      '/',
      '*',
      '!',
      'M',
      '-',
      '#',
      '\n',
      ' ',
      '@',
      'a',
      '1',
      '.',
      'e',
      ';',
      '\u00e9',
      '\t',
    ];
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const len = Math.floor(rnd() * 40);
      for (let k = 0; k < len; k++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      const tokens = lexStatement(text);
      if (rejoin(text, tokens) !== text) expect(rejoin(text, tokens)).toBe(text);
      const gap = tokens.findIndex(
        (t, k) => t.end <= t.start || t.start !== (k === 0 ? 0 : tokens[k - 1]!.end),
      );
      expect(gap, JSON.stringify(text)).toBe(-1);
    }
  });
});
