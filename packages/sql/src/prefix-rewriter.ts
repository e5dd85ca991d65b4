// Table renaming on the fly: a source prefix becomes the target prefix (or a staging prefix, so the dump loads
// beside the live tables), in DDL, INSERTs, LOCK/ALTER/DROP, view bodies and the dump's comments; a trigger's body
// gets the live names it will run against after the swap.
// WordPress also stores its prefix inside rows; those values move with it (see dataRewriter). In statements only
// name tokens the grammar puts a table in are renamed, never text inside strings or comments (issue 13).
import { isUtf8 } from 'node:buffer';
import { escapeRegExp } from './text/escape-reg-exp.js';
import { StatementEdits } from './statement-edits.js';
import { isWord, lexStatement, skipTrivia, type StatementToken } from './statement-tokens.js';
import { triggerShape } from './trigger-shape.js';

export interface PrefixRename {
  /** Prefix of the tables in the dump, e.g. `wp_`. */
  from: string;
  /** The target's live prefix: what WordPress on the target will use; stored prefix-bearing values get it. */
  to: string;
  /** Tables are written under this prefix instead of `to` (staging tables); digests stay keyed by `to` names. */
  staging?: string;
  /** Rewrite `{prefix}user_roles` option names and `{prefix}...` usermeta keys. Default true. */
  rewriteData?: boolean;
  /** Rewrite the table name in `-- Table structure for table` comments. Default true. */
  rewriteComments?: boolean;
}

// A table name: backquoted, or bare (`mysqldump --skip-quote-names`); the bare form is only taken when it starts
// with the prefix (see the constructor), so keywords and other names are never taken for one.
const quoted = '`((?:[^`]|``)+)`';
const NON_ASCII = /[\x80-\xff]/;

/**
 * A name cut out of the dump's text (decoded one char per byte, so that regexes see every byte) as the name it is:
 * its bytes read as UTF-8, as the server stores identifiers and reports them (DS3). Bytes that are not UTF-8 (a
 * dump written in a single-byte character set) stay one char per byte, as before.
 */
export function nameFromDump(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  const bytes = Buffer.from(text, 'latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : text;
}

/** A name (a prefix, a user's UTF-8 string) as its bytes appear in the dump's one-char-per-byte text. */
export function nameInDump(name: string): string {
  return Buffer.from(name, 'utf8').toString('latin1');
}

// Words after which MariaDB/MySQL expect a table (or view or sequence) name.
const KEYWORDS: ReadonlySet<string> = new Set(
  'TABLE TABLES EXISTS INTO REFERENCES FROM JOIN UPDATE VIEW ON SEQUENCE'.split(' '),
);
const SEQUENCE_FUNCTIONS: ReadonlySet<string> = new Set(['NEXTVAL', 'SETVAL', 'LASTVAL']);
// Routines, events and triggers are not tables: their names stay, in DROP ... IF EXISTS as in CREATE.
const NOT_A_TABLE: ReadonlySet<string> = new Set(['PROCEDURE', 'FUNCTION', 'EVENT', 'TRIGGER']);
// Statements with bodies, where columns are qualified by their table (`wp_posts`.`ID`).
const HAS_BODY: ReadonlySet<string> = new Set(['VIEW', 'TRIGGER', 'PROCEDURE', 'FUNCTION', 'EVENT']);

/** Which prefix a renamed table gets: the output one (staging or target) or the live one (trigger bodies). */
type Renaming = 'output' | 'live';

export class PrefixRewriter {
  private readonly commentName: RegExp;
  /** The prefixes as dump text: statements, gaps and row values are matched and rewritten one char per byte. */
  private readonly text: { from: string; to: string; output: string };
  /** An INSERT's new prefix as bytes, backquoted-escaped or bare, and the bytes the old one takes in the name. */
  private readonly insertPrefix: { quoted: Buffer; bare: Buffer; quotedLength: number; bareLength: number };

  constructor(readonly rename: PrefixRename) {
    this.text = {
      from: nameInDump(rename.from),
      to: nameInDump(rename.to),
      output: nameInDump(rename.staging ?? rename.to),
    };
    const output = rename.staging ?? rename.to;
    this.insertPrefix = {
      quoted: Buffer.from(output.replace(/`/g, '``'), 'utf8'),
      bare: Buffer.from(output, 'utf8'),
      quotedLength: Buffer.byteLength(rename.from.replace(/`/g, '``'), 'utf8'),
      bareLength: Buffer.byteLength(rename.from, 'utf8'),
    };
    const name = `(?:${quoted}|(${escapeRegExp(this.text.from)}[\\w$\\x80-\\xff]*))`;
    // mysqldump/mariadb-dump/phpMyAdmin `-- ... for table|view|<name>` and WP Migrate DB `# ... of table`.
    this.commentName = new RegExp(`^((?:--|#) .*? (?:for|of) (?:table |view )?)${name}`, 'gm');
  }

  /** The name a table gets in the output. */
  outputName(table: string): string {
    const { from, to, staging } = this.rename;
    return table.startsWith(from) ? (staging ?? to) + table.slice(from.length) : table;
  }

  /** The name the table will have once live on the target (what digests are keyed by). */
  finalName(table: string): string {
    const { from, to } = this.rename;
    return table.startsWith(from) ? to + table.slice(from.length) : table;
  }

  /**
   * For an INSERT into `table` (its name as read, nameFromDump) written backquoted or bare: the bytes that replace
   * the prefix and how many bytes of the written name the old prefix takes, or null when the name stays. The rest of
   * the name is copied as the dump's own bytes, never re-encoded from the decoded name.
   */
  insertRename(table: string, backquoted: boolean): { bytes: Buffer; length: number } | null {
    const { from, to, staging } = this.rename;
    if ((staging ?? to) === from || !table.startsWith(from)) return null;
    const p = this.insertPrefix;
    return backquoted ? { bytes: p.quoted, length: p.quotedLength } : { bytes: p.bare, length: p.bareLength };
  }

  private renamer(name: (table: string) => string) {
    return (_m: string, lead: string, quoted: string | undefined, bare: string | undefined): string => {
      if (quoted === undefined) return lead + name(bare!);
      return `${lead}\`${name(quoted.replace(/``/g, '`')).replace(/`/g, '``')}\``;
    };
  }

  private readonly renameQuoted = this.renamer((t) =>
    t.startsWith(this.text.from) ? this.text.output + t.slice(this.text.from.length) : t,
  );

  /**
   * Renames tables in a DDL or other non-INSERT statement (latin1 text): only names the grammar puts a table in
   * (after TABLE, FROM, JOIN, ON, REFERENCES, ..., in DROP/LOCK lists, as column qualifiers), never the inside of
   * a string, comment or other quoted name. Throws StatementEditError if a literal would move (a bug, not input).
   */
  rewriteStatement(sql: string): string {
    if (!sql.includes(this.text.from)) return sql;
    const tokens = lexStatement(sql);
    const first = skipTrivia(tokens, 0);
    const object = tokens[skipTrivia(tokens, first + 1)];
    if (isWord(tokens, first, 'DROP') && object?.kind === 'word' && NOT_A_TABLE.has(object.value)) return sql;
    // A database is no table: CREATE DATABASE /*!32312 IF NOT EXISTS*/ `wp_acme` keeps its name.
    if (object?.kind === 'word' && (object.value === 'DATABASE' || object.value === 'SCHEMA')) return sql;
    const marks = new Map<number, Renaming>();
    const trigger = triggerShape(tokens);
    if (trigger !== null) {
      // On the staging table (it moves with it at the swap); the body runs against the live tables after it.
      marks.set(trigger.table, 'output');
      this.markAfterKeywords(sql, tokens, trigger.body, marks, 'live');
      this.markQualifiers(sql, tokens, trigger.body, marks, 'live');
    } else {
      this.markAfterKeywords(sql, tokens, 0, marks, 'output');
      if (isWord(tokens, first, 'DROP') || isWord(tokens, first, 'LOCK'))
        this.markListItems(sql, tokens, marks);
      if (tokens.some((t) => t.kind === 'word' && HAS_BODY.has(t.value)))
        this.markQualifiers(sql, tokens, 0, marks, 'output');
    }
    const edits = new StatementEdits(sql, tokens);
    for (const [i, renaming] of marks) {
      const renamed = this.renamedToken(sql, tokens[i]!, renaming);
      if (renamed !== null) edits.replace(i, i, renamed);
    }
    return edits.apply();
  }

  /** A table name token's text under its new prefix, or null when it is not a name under the source prefix. */
  private renamedToken(sql: string, t: StatementToken, renaming: Renaming): string | null {
    const { from } = this.text;
    const to = renaming === 'live' ? this.text.to : this.text.output;
    if (t.unterminated) return null;
    if (t.kind === 'identifier')
      return t.value.startsWith(from) ? `\`${(to + t.value.slice(from.length)).replace(/`/g, '``')}\`` : null;
    if (t.kind !== 'word') return null;
    const raw = sql.slice(t.start, t.end);
    return raw.startsWith(from) ? to + raw.slice(from.length) : null;
  }

  private isTableName(sql: string, t: StatementToken | undefined): boolean {
    return (
      t !== undefined &&
      (t.kind === 'identifier' || (t.kind === 'word' && sql.startsWith(this.text.from, t.start))) &&
      t.unterminated === undefined
    );
  }

  /** The name after TABLE, FROM, JOIN, ON, ... (opening parentheses allowed in between) and in NEXTVAL(...). */
  private markAfterKeywords(
    sql: string,
    tokens: readonly StatementToken[],
    from: number,
    marks: Map<number, Renaming>,
    renaming: Renaming,
  ): void {
    for (let i = from; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind !== 'word') continue;
      let j: number;
      if (KEYWORDS.has(t.value)) {
        j = skipTrivia(tokens, i + 1);
        while (tokens[j]?.kind === 'punct' && tokens[j]!.value === '(') j = skipTrivia(tokens, j + 1);
      } else if (
        SEQUENCE_FUNCTIONS.has(t.value) &&
        tokens[i + 1]?.value === '(' &&
        tokens[i + 1]!.kind === 'punct'
      ) {
        j = skipTrivia(tokens, i + 2);
      } else continue;
      if (this.isTableName(sql, tokens[j]) && !marks.has(j)) marks.set(j, renaming);
    }
  }

  /** Every name after a comma in DROP TABLE a, b and LOCK TABLES a WRITE, b READ. */
  private markListItems(sql: string, tokens: readonly StatementToken[], marks: Map<number, Renaming>): void {
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.kind !== 'punct' || tokens[i]!.value !== ',') continue;
      const j = skipTrivia(tokens, i + 1);
      if (this.isTableName(sql, tokens[j]) && !marks.has(j)) marks.set(j, 'output');
    }
  }

  /** A name right before `.column`: `wp_posts`.`ID`, wp_posts.ID. */
  private markQualifiers(
    sql: string,
    tokens: readonly StatementToken[],
    from: number,
    marks: Map<number, Renaming>,
    renaming: Renaming,
  ): void {
    for (let i = from; i + 2 < tokens.length; i++) {
      const dot = tokens[i + 1]!;
      const next = tokens[i + 2]!;
      if (dot.kind !== 'punct' || dot.value !== '.' || (next.kind !== 'identifier' && next.kind !== 'word'))
        continue;
      if (this.isTableName(sql, tokens[i]) && !marks.has(i)) marks.set(i, renaming);
    }
  }

  rewriteGap(text: string): string {
    if (this.rename.rewriteComments === false || (!text.includes(' for ') && !text.includes(' of ')))
      return text;
    return text.replace(this.commentName, this.renameQuoted);
  }

  /**
   * For a (source table, column), the rewrite of prefix-bearing values WordPress stores: the roles option
   * (`wp_user_roles`, `wp_2_user_roles` in multisite) and user meta keys (`wp_capabilities`, `wp_user_level`,
   * `wp_2_capabilities`, ...). Null when the column holds none. Names are as read (nameFromDump); the values the
   * rewrite gets and returns are latin1 text (one char per byte).
   */
  dataRewriter(table: string, column: string | undefined): ((value: string) => string) | null {
    const { from, to } = this.rename;
    if (this.rename.rewriteData === false || from === to || column === undefined) return null;
    const text = this.text;
    if (column === 'option_name' && new RegExp(`^${escapeRegExp(from)}(?:\\d+_)?options$`).test(table)) {
      const re = new RegExp(`^${escapeRegExp(text.from)}(\\d+_)?user_roles$`);
      return (v) => v.replace(re, (_m, blog: string | undefined) => `${text.to}${blog ?? ''}user_roles`);
    }
    if (column === 'meta_key' && table === `${from}usermeta`) {
      return (v) => (v.startsWith(text.from) ? text.to + v.slice(text.from.length) : v);
    }
    return null;
  }
}
