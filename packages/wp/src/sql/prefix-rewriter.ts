// Table renaming on the fly: a source prefix becomes the target prefix (or a staging prefix, so the dump loads
// beside the live tables), in DDL, INSERTs, LOCK/ALTER/DROP, view bodies and the dump's comments; a trigger's body
// gets the live names it will run against after the swap.
// WordPress also stores its prefix inside rows; those values move with it (see dataRewriter).
import { isUtf8 } from 'node:buffer';
import { escapeRegExp } from '../text/escape-reg-exp.js';

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

const KEYWORDS = 'TABLE|TABLES|EXISTS|INTO|REFERENCES|FROM|JOIN|UPDATE|VIEW|ON|SEQUENCE';
const LIST_STATEMENT = /^\s*(?:\/\*!\d*\s*)?(?:DROP|LOCK)\b/i;
// Routines, events and triggers are not tables: their names stay, in DROP ... IF EXISTS as in CREATE.
const NOT_A_TABLE_DROP = /^\s*(?:\/\*!\d*\s*)?DROP\s+(?:PROCEDURE|FUNCTION|EVENT|TRIGGER)\b/i;
// Statements with bodies, where columns are qualified by their table (`wp_posts`.`ID`).
const HAS_BODY = /\b(?:VIEW|TRIGGER|PROCEDURE|FUNCTION|EVENT)\b/i;
// A trigger's body starts after FOR EACH ROW. The trigger is created on the staging table and moves with it at the
// swap, so its body names the live tables it will run against: mysqldump writes a table's triggers after its rows,
// so nothing fires during the import, and a staging name in the body would point at nothing after the swap.
const TRIGGER_BODY = /\bTRIGGER\b[\s\S]*?\bFOR\s+EACH\s+ROW\b/i;

export class PrefixRewriter {
  private readonly afterKeyword: RegExp;
  private readonly inList: RegExp;
  private readonly qualifier: RegExp;
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
    this.afterKeyword = new RegExp(
      `(\\b(?:${KEYWORDS})(?:\\s+|\\s*\\(+\\s*)|\\b(?:NEXTVAL|SETVAL|LASTVAL)\\(\\s*)${name}(?![\\w$\\x80-\\xff])`,
      'gi',
    );
    this.inList = new RegExp(`((?:\\bWRITE|\\bREAD|\`)\\s*,\\s*)${name}(?![\\w$\\x80-\\xff])`, 'gi');
    this.qualifier = new RegExp(`((?:^|[^\\w$\\x80-\\xff\`]))${name}(?=\\.[\`\\w$\\x80-\\xff])`, 'g');
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
  private readonly renameLive = this.renamer((t) =>
    t.startsWith(this.text.from) ? this.text.to + t.slice(this.text.from.length) : t,
  );

  /** Renames tables in a DDL or other non-INSERT statement (latin1 text). */
  rewriteStatement(sql: string): string {
    if (NOT_A_TABLE_DROP.test(sql)) return sql;
    const trigger = TRIGGER_BODY.exec(sql);
    if (trigger !== null) {
      const end = trigger.index + trigger[0].length;
      const body = sql.slice(end).replace(this.afterKeyword, this.renameLive).replace(this.qualifier, this.renameLive);
      return sql.slice(0, end).replace(this.afterKeyword, this.renameQuoted) + body;
    }
    let out = sql.replace(this.afterKeyword, this.renameQuoted);
    if (LIST_STATEMENT.test(out)) out = out.replace(this.inList, this.renameQuoted);
    if (HAS_BODY.test(out)) out = out.replace(this.qualifier, this.renameQuoted);
    return out;
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

