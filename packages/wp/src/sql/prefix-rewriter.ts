// Table renaming on the fly: a source prefix becomes the target prefix (or a staging prefix, so the dump loads
// beside the live tables), in DDL, INSERTs, LOCK/ALTER/DROP, view bodies and the dump's comments; a trigger's body
// gets the live names it will run against after the swap.
// WordPress also stores its prefix inside rows; those values move with it (see dataRewriter).

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

  constructor(readonly rename: PrefixRename) {
    const name = `(?:${quoted}|(${escape(rename.from)}[\\w$\\x80-\\xff]*))`;
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

  private renamer(name: (table: string) => string) {
    return (_m: string, lead: string, quoted: string | undefined, bare: string | undefined): string => {
      if (quoted === undefined) return lead + name(bare!);
      return `${lead}\`${name(quoted.replace(/``/g, '`')).replace(/`/g, '``')}\``;
    };
  }

  private readonly renameQuoted = this.renamer((t) => this.outputName(t));
  private readonly renameLive = this.renamer((t) => this.finalName(t));

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
   * `wp_2_capabilities`, ...). Null when the column holds none.
   */
  dataRewriter(table: string, column: string | undefined): ((value: string) => string) | null {
    const { from, to } = this.rename;
    if (this.rename.rewriteData === false || from === to || column === undefined) return null;
    if (column === 'option_name' && new RegExp(`^${escape(from)}(?:\\d+_)?options$`).test(table)) {
      const re = new RegExp(`^${escape(from)}(\\d+_)?user_roles$`);
      return (v) => v.replace(re, (_m, blog: string | undefined) => `${to}${blog ?? ''}user_roles`);
    }
    if (column === 'meta_key' && table === `${from}usermeta`) {
      return (v) => (v.startsWith(from) ? to + v.slice(from.length) : v);
    }
    return null;
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
