// Property test for issue 13: DDL whose names, comments and strings are made of hostile fragments goes through the
// stream with every literal as it was and every table it names under the staging (or, in trigger bodies, live) prefix.
import { describe, expect, it } from 'vitest';
import { lexStatement, type StatementToken } from '../src/statement-tokens.js';
import { prng, randomJoin, run, runChunks, splitAt, sqlEscape } from './transform-helpers.js';

const HOSTILE = [
  "'",
  '"',
  '`',
  '``',
  '\\',
  '*/',
  '/*',
  '/*!',
  '/*!50001 ',
  '*/;',
  'DEFINER=',
  ' DEFINER=`x`@`y` ',
  "'x'@'h'",
  '@',
  'FOR EACH ROW',
  ' ON wp_x ',
  'ON `wp_users`',
  ' COLLATE utf8mb4_0900_ai_ci',
  'ENGINE=MyISAM',
  'wp_',
  'wpfs_',
  '\n',
  ';',
  ';;',
  ' ',
  '-- ',
  '#',
  'DROP TABLE wp_users',
  'TRIGGER',
  'CONSTRAINT fk_taken FOREIGN KEY',
  'x',
  '.',
  '(',
  ')',
  ',',
  'é',
];

/** How the stream should treat a token the generator wrote: its role decides what the output must hold there. */
type Role = 'keep' | 'output' | 'live' | 'removed';

/** A statement being generated, with the role of each name and literal by its offset. */
class Ddl {
  text = '';
  readonly roles = new Map<number, Role>();
  constructor(private readonly rnd: () => number) {}

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rnd() * list.length)]!;
  }
  private hostile(): string {
    return randomJoin(this.rnd, HOSTILE, 6);
  }
  add(sql: string): this {
    this.text += sql;
    return this;
  }
  mark(role: Role, sql: string): this {
    this.roles.set(this.text.length, role);
    return this.add(sql);
  }
  /** A backquoted name with hostile text in it. */
  name(role: Role = 'keep', prefix = ''): this {
    return this.mark(role, '`' + (prefix + this.hostile()).replace(/`/g, '``') + '`');
  }
  /** A table under the source prefix, backquoted with a hostile name or bare (--skip-quote-names). */
  table(role: Role): this {
    return this.rnd() < 0.3 ? this.mark(role, `wp_t${Math.floor(this.rnd() * 9)}`) : this.name(role, 'wp_');
  }
  string(role: Role = 'keep'): this {
    const h = this.hostile();
    return this.mark(
      role,
      this.pick([
        `'${sqlEscape(h)}'`,
        `"${sqlEscape(h)}"`,
        `'${h.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`,
      ]),
    );
  }
  /** A comment; a line comment only where no executable comment is open (it would hide its end). */
  comment(lines = true): this {
    const h = this.hostile().replace(/\*\//g, '* /');
    const oneLine = h.replace(/\n/g, ' ');
    if (!lines || this.rnd() < 0.5) return this.mark('keep', `/* ${h} */`);
    return this.mark('keep', this.rnd() < 0.5 ? `-- ${oneLine}\n` : `#${oneLine}\n`);
  }
  definer(): this {
    const r = this.rnd();
    if (r < 0.25) return this;
    if (r < 0.5) return this.add(' DEFINER=CURRENT_USER');
    this.add(' DEFINER=');
    if (r < 0.75) return this.name('removed').add('@').name('removed');
    return this.string('removed').add('@').string('removed');
  }
}

function createTable(d: Ddl): void {
  d.add('CREATE TABLE ')
    .table('output')
    .add(' (\n  ')
    .name()
    .add(' int NOT NULL COMMENT ')
    .string()
    .add(' ')
    .comment();
  d.add(',\n  ').name().add(' varchar(20) COLLATE utf8mb4_0900_ai_ci DEFAULT ').string();
  if (d.text.length % 2 === 0) d.add(',\n  CONSTRAINT ').mark('removed', '`fk_taken`');
  else d.add(',\n  CONSTRAINT ').name();
  d.add(' FOREIGN KEY (').name().add(') REFERENCES ').table('output').add(' (').name().add(')');
  d.add(',\n  KEY ')
    .name()
    .add(' (')
    .name()
    .add(')\n) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT=');
  d.string().add(';\n');
}

function createTrigger(d: Ddl, mysqldump: boolean): void {
  d.add('DELIMITER ;;\n');
  if (mysqldump) d.add('/*!50003 CREATE*/ /*!50017').definer().add('*/ /*!50003 TRIGGER ');
  else d.add('CREATE').definer().add(' TRIGGER ');
  d.name().add(' BEFORE INSERT ON ').table('output').add(' FOR EACH ROW ').comment(!mysqldump);
  d.add(' INSERT INTO ').table('live').add(' (').name().add(') SELECT ').string().add(' FROM ').table('live');
  d.add(' WHERE ').table('live').add('.').name().add(' = ').string();
  d.add(mysqldump ? ' */;;\n' : ';;\n').add('DELIMITER ;\n');
}

function createView(d: Ddl, mysqldump: boolean): void {
  if (mysqldump)
    d.add('/*!50001 CREATE ALGORITHM=UNDEFINED */\n/*!50013')
      .definer()
      .add(' SQL SECURITY DEFINER */\n/*!50001 VIEW ');
  else d.add('CREATE ALGORITHM=UNDEFINED').definer().add(' SQL SECURITY DEFINER VIEW ');
  d.table('output')
    .add(' AS select ')
    .table('output')
    .add('.')
    .name()
    .add(' AS ')
    .name()
    .add(',')
    .string()
    .add(' AS ');
  d.name()
    .add(' from ')
    .table('output')
    .add(' ')
    .comment(!mysqldump)
    .add(' join ')
    .table('output')
    .add(' on (');
  d.table('output')
    .add('.')
    .name()
    .add(' = ')
    .string()
    .add(')')
    .add(mysqldump ? ' */;\n' : ';\n');
}

const OPTIONS = {
  prefix: { from: 'wp_', to: 'new_', staging: 'wpfs_' },
  fixes: {
    target: { flavour: 'mariadb' as const, version: '10.6.5' },
    engine: 'InnoDB',
    takenConstraintNames: ['fk_taken'],
  },
};

/** Strings, comments and names, the tokens a rewrite may move no edge of (words that start with a prefix too). */
const quoted = (t: StatementToken, text: string): boolean =>
  t.kind === 'string' ||
  t.kind === 'comment' ||
  t.kind === 'identifier' ||
  (t.kind === 'word' && /^(?:wp_|wpfs_|new_)/.test(text.slice(t.start, t.end)));

/** What the output must hold for each of the input's strings, comments and names, in order. */
function expected(d: Ddl): [string, string][] {
  const out: [string, string][] = [];
  for (const t of lexStatement(d.text)) {
    if (!quoted(t, d.text)) continue;
    const role = d.roles.get(t.start) ?? 'keep';
    const raw = t.kind === 'word' ? d.text.slice(t.start, t.end) : t.value;
    if (role === 'removed') continue;
    if (role === 'keep') out.push([t.kind, raw]);
    else out.push([t.kind, (role === 'output' ? 'wpfs_' : 'new_') + raw.slice('wp_'.length)]);
  }
  return out;
}

describe('DDL made of hostile names, comments and strings', () => {
  it('keeps every literal as it was and puts every table it names under the staging or live prefix', () => {
    const rnd = prng(1313);
    for (let n = 0; n < 150; n++) {
      const d = new Ddl(rnd);
      for (let k = 0; k < 3; k++) {
        const r = rnd();
        if (r < 0.34) createTable(d);
        else if (r < 0.67) createTrigger(d, rnd() < 0.5);
        else createView(d, rnd() < 0.5);
      }
      const input = Buffer.from(d.text);
      const { text } = run(input, OPTIONS);
      const tokens = lexStatement(text);
      const got = tokens
        .filter((t) => quoted(t, text))
        .map((t): [string, string] => [t.kind, t.kind === 'word' ? text.slice(t.start, t.end) : t.value]);
      expect(got, d.text).toEqual(expected(d));
      expect(tokens.filter((t) => t.unterminated)).toEqual([]);
      // The clauses were rewritten where they are SQL: no MyISAM, MySQL 8 collation, DEFINER= or DROP outside literals.
      const words = tokens.filter((t) => t.kind === 'word').map((t) => t.value);
      for (const word of ['MYISAM', 'UTF8MB4_0900_AI_CI', 'DROP', 'FK_TAKEN'])
        expect(words, text).not.toContain(word);
      expect(text, d.text).not.toMatch(/DEFINER\s*=\s*CURRENT_USER/);
      const cut = Math.floor(rnd() * input.length);
      expect(runChunks(splitAt(input, [cut, Math.floor(cut / 2)]), OPTIONS).out.toString()).toBe(text);
    }
  });
});
