// The SqlStream's allow-list: what reaches `wp db import` is only the statement kinds a dump of a site's tables
// needs, each touching only tables under the site's staging prefix. The source's database is hostile input.
import { constants } from 'node:buffer';
import { WpfleetError } from '@wpfleet/core';
import { nameFromDump } from './prefix-rewriter.js';
import { lexStatement, type StatementToken } from './statement-tokens.js';

export interface SqlFirewallOptions {
  /** Every table a statement creates, drops, alters, locks, inserts into or attaches a trigger to starts with this. */
  tablePrefix?: string;
  /** The stream must start like a mysqldump/mariadb-dump dump (the db step's `wp db export -`). */
  requireDumpHeader?: boolean;
  /**
   * Tables a trigger's body may read and write (default `tablePrefix`). The db step gives the target's live prefix:
   * the body names the live tables it will run against after the swap (PrefixRewriter).
   */
  triggerBodyPrefix?: string;
}

/** Default cap on one statement (and on any gap between statements): far below the controller's memory. */
export const DEFAULT_MAX_STATEMENT_BYTES = 256 * 1024 * 1024;
/** V8's longest string: a statement is read as one latin1 string, so no cap may go past it. */
export const MAX_STATEMENT_BYTES_LIMIT = constants.MAX_STRING_LENGTH;

/**
 * Client character sets whose multi-byte characters may end in 0x5C (`\`): read as such, the bytes of a string
 * split differently than the controller's lexer splits them, so a quote the controller sees as escaped would
 * close the string on the server.
 */
const BACKSLASH_TRAIL_CHARSETS = ['big5', 'cp932', 'gbk', 'gb18030', 'sjis'] as const;

// sql_mode flags that change how strings and quotes lex (and the combination modes that include them).
const LEXING_MODES = new Set([
  'ANSI_QUOTES',
  'NO_BACKSLASH_ESCAPES',
  'ANSI',
  'ORACLE',
  'DB2',
  'MSSQL',
  'POSTGRESQL',
  'MAXDB',
]);
// Engines that reach outside the database: other servers (FEDERATED, SPIDER), files (CONNECT), other tables
// (MERGE), or graph queries over other tables (OQGRAPH).
const FOREIGN_ENGINES = new Set([
  'CONNECT',
  'FEDERATED',
  'FEDERATEDX',
  'SPIDER',
  'MERGE',
  'MRG_MYISAM',
  'OQGRAPH',
]);
// In a CREATE TABLE, these read other tables or write outside the datadir.
const TABLE_DEFINITION_REFUSED = new Set(['SELECT', 'LIKE', 'UNION', 'DIRECTORY', 'CONNECTION']);
// A trigger body may read and write the site's tables (DML); none of these, which change schemas, call routines,
// run dynamic SQL, touch files or the server, may appear in it.
const TRIGGER_BODY_REFUSED = new Set([
  'CALL',
  'DO',
  'PREPARE',
  'EXECUTE',
  'CREATE',
  'DROP',
  'ALTER',
  'RENAME',
  'TRUNCATE',
  'LOAD',
  'GRANT',
  'REVOKE',
  'HANDLER',
  'LOCK',
  'UNLOCK',
  'FLUSH',
  'KILL',
  'SHUTDOWN',
  'INSTALL',
  'UNINSTALL',
  'OUTFILE',
  'DUMPFILE',
  'LOAD_FILE',
  'GLOBAL',
  'PERSIST',
  'PERSIST_ONLY',
  'BINLOG',
  'PURGE',
  'RESET',
  'CHANGE',
  'USE',
  'PASSWORD',
]);
// In a trigger body, the words a table name follows.
const TABLE_BEFORE = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE']);
const ALTER_ITEMS = new Set(['ADD', 'MODIFY', 'AUTO_INCREMENT']);
const ALTER_REFUSED = new Set([
  'RENAME',
  'ENGINE',
  'DIRECTORY',
  'CONNECTION',
  'UNION',
  'SELECT',
  'DROP',
  'PARTITION',
]);
const SET_REFUSED = new Set(['GLOBAL', 'PERSIST', 'PERSIST_ONLY', 'PASSWORD', 'ROLE', 'STATEMENT', 'SELECT']);
/** A `\\` outside quotes: the client's command escape (never sent to the server). */
export const CLIENT_COMMAND =
  'a backslash outside a string (the mysql client runs `\\!`, `\\.`, `\\u` ... as its own commands)';
const GLOBAL_VARIABLE = /^@@(?:GLOBAL|PERSIST|PERSIST_ONLY)\./i;

const HINT =
  'Only SET, CREATE/DROP TABLE, VIEW and TRIGGER, LOCK/UNLOCK TABLES, ALTER TABLE ... DISABLE/ENABLE KEYS and ' +
  "INSERT into the site's own tables pass to a target. Look at the statement with `tail -c +OFFSET dump.sql | " +
  'head -c 300` (or the source database); nothing from this statement on reached the target.';

/** A refused statement: what it is and where, raised before any byte of it is written out. */
export function sqlRefused(offset: number, problem: string, hint = HINT): WpfleetError {
  return new WpfleetError('WPF_SQL_REFUSED', `SQL dump refused at byte ${offset}: ${problem}`, {
    kind: 'policy',
    hint,
  });
}

/** A statement (or gap) bigger than the cap: it is never held whole in memory, nor read as one string. */
export function sqlTooLarge(offset: number, cap: number, configured: number): WpfleetError {
  const v8 = cap < configured;
  return new WpfleetError(
    'WPF_SQL_TOO_LARGE',
    `SQL dump statement at byte ${offset} is larger than ${cap} bytes` +
      (v8 ? " (V8's longest string: no statement can be read past it)" : ' (the statement size cap)'),
    {
      kind: 'user',
      hint: v8
        ? 'Re-export the table with smaller statements (`--net-buffer-length`, or without --extended-insert); ' +
          'nothing from this statement on reached the target.'
        : 'Raise the cap with `--max-statement-bytes` if the controller has the memory (about twice the cap), or ' +
          're-export with smaller statements (`--net-buffer-length`); nothing from this statement on reached the target.',
    },
  );
}

/** Text from the dump shown in a message: printable ASCII only (no terminal escapes), cut short. */
function shown(text: string): string {
  const safe = text.replace(/[^\x20-\x7e]/g, '?');
  return safe.length > 64 ? `${safe.slice(0, 61)}...` : safe;
}

const isWsByte = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

const isSignificant = (t: StatementToken): boolean =>
  t.kind !== 'space' && t.kind !== 'comment' && t.kind !== 'exec-open' && t.kind !== 'exec-close';

/** Judges each statement of a dump as it will reach the target (after the SqlStream's rewrites). */
export class SqlFirewall {
  private readonly prefix: string | undefined;
  readonly bodyPrefix: string | undefined;

  constructor(options: SqlFirewallOptions) {
    this.prefix = options.tablePrefix;
    this.bodyPrefix = options.triggerBodyPrefix ?? options.tablePrefix;
  }

  /**
   * An INSERT the fast path walks (its head matched `INSERT ... VALUES`): its table, as the output names it, and its
   * end. The walker stops at the first byte after the rows and copies the rest as it is, so here the statement must
   * end with its last row: `)` and the delimiter, that row's `(` right after VALUES or after `),`. A tail such as
   * `ON DUPLICATE KEY UPDATE a = (SELECT ...)` is refused. Only the last row is read: the cost stays per statement.
   */
  checkInsert(
    table: string,
    offset: number,
    stmt: Buffer,
    literals: Int32Array,
    headLength: number,
    delimiter: number,
  ): void {
    this.checkTable(table, offset, 'INSERT');
    let p = stmt.length - delimiter - 1;
    while (p >= headLength && isWsByte(stmt[p]!)) p--;
    let lit = literals.length - 3;
    let ok = stmt[p] === 0x29;
    // Back over the last row to its `(`: no parenthesis outside its literals (a row holds none).
    for (p--; ok && p >= headLength; p--) {
      while (lit >= 0 && literals[lit]! > p) lit -= 3;
      if (lit >= 0 && literals[lit + 1] === p) {
        p = literals[lit]! - 1;
        lit -= 3;
        continue;
      }
      const c = stmt[p]!;
      if (c === 0x29) ok = false;
      if (c === 0x28) break;
    }
    if (ok && p > headLength) {
      let q = p - 1;
      while (q >= headLength && isWsByte(stmt[q]!)) q--;
      ok = stmt[q] === 0x2c;
      for (q--; ok && q >= headLength && isWsByte(stmt[q]!);) q--;
      ok = ok && stmt[q] === 0x29;
    } else ok = ok && p === headLength;
    if (!ok)
      throw sqlRefused(offset, 'INSERT with more after its rows (ON DUPLICATE KEY UPDATE, a subquery)');
  }

  /**
   * A `DELIMITER x` line: the mysql client refuses a delimiter with a backslash, while the tokenizer would end
   * statements at it, and the two would then split the rest of the dump differently.
   */
  checkDelimiter(line: string, offset: number): void {
    if (line.includes('\\')) throw sqlRefused(offset, 'DELIMITER with a backslash');
  }

  /**
   * Throws WPF_SQL_REFUSED unless the statement (latin1 text, without its delimiter) is allowed. `offset` is the
   * statement's first byte in the input.
   */
  checkStatement(text: string, offset: number): void {
    const all = lexStatement(text);
    for (const t of all) {
      if (t.unterminated) throw sqlRefused(offset, `statement with an unterminated ${t.kind}`);
    }
    const s = all.filter(isSignificant);
    if (s.length === 0) return;
    for (const t of s) {
      // The mysql client runs `\!`, `\.`, `\u` ... outside quotes as its own commands, never as SQL.
      if (t.kind === 'punct' && t.value === '\\') {
        throw sqlRefused(offset, CLIENT_COMMAND);
      }
    }
    const head = s[0]!;
    if (head.kind !== 'word') throw sqlRefused(offset, `statement starting with \`${shown(head.value)}\``);
    const c = new Cursor(s, text, offset, this);
    switch (head.value) {
      case 'SET':
        return this.set(s, offset);
      case 'CREATE':
        return c.create();
      case 'DROP':
        return c.drop();
      case 'LOCK':
        return c.lock();
      case 'UNLOCK':
        c.next();
        c.expectWord('TABLES', 'TABLE');
        return c.end('UNLOCK TABLES');
      case 'ALTER':
        return c.alter();
      case 'INSERT':
      case 'REPLACE':
        return c.insert();
      case 'START':
        // phpMyAdmin wraps its dumps in START TRANSACTION ... COMMIT; both are harmless.
        c.next();
        c.expectWord('TRANSACTION');
        return c.end('START TRANSACTION');
      case 'COMMIT':
        c.next();
        return c.end('COMMIT');
      default:
        throw sqlRefused(offset, `${kindOf(s)} statement`);
    }
  }

  checkTable(name: string, offset: number, kind: string, prefix = this.prefix): void {
    if (prefix !== undefined && !name.startsWith(prefix)) {
      throw sqlRefused(
        offset,
        `${kind} names table \`${shown(name)}\`, which is not under the prefix \`${prefix}\``,
      );
    }
  }

  private set(s: StatementToken[], offset: number): void {
    for (let i = 1; i < s.length; i++) {
      const t = s[i]!;
      if (t.kind === 'punct' && t.value === '(') {
        throw sqlRefused(offset, 'SET with a function call or subquery (a dump sets plain values)');
      }
      if (t.kind === 'word' && SET_REFUSED.has(t.value)) throw sqlRefused(offset, `SET ${t.value} statement`);
      if (t.kind === 'variable' && GLOBAL_VARIABLE.test(t.value)) {
        throw sqlRefused(offset, `SET of the server-wide variable \`${shown(t.value)}\``);
      }
      if (t.kind !== 'word' && t.kind !== 'string' && t.kind !== 'identifier') continue;
      // Any value naming a mode or charset counts, even through a variable (`SET @m='ANSI_QUOTES'`).
      for (const part of t.value.split(/[\s,]+/)) {
        const upper = part.toUpperCase();
        if (LEXING_MODES.has(upper)) {
          throw sqlRefused(
            offset,
            `SET of sql_mode ${upper}, which changes how quotes and backslashes read (wpfleet reads the dump in the default mode)`,
          );
        }
        const lower = part.toLowerCase();
        const charset = BACKSLASH_TRAIL_CHARSETS.find((cs) => lower === cs || lower.startsWith(`${cs}_`));
        if (charset !== undefined) {
          throw sqlRefused(
            offset,
            `the dump switches to the ${charset} character set, whose characters may end in a backslash byte (0x5C)`,
            `Re-export the source with \`--default-character-set=utf8mb4\` (wpfleet cannot read ${charset} ` +
              'strings safely); nothing from this statement on reached the target.',
          );
        }
      }
    }
  }
}

/** The statement's kind for a message: its first words, up to the object they act on. */
function kindOf(s: StatementToken[]): string {
  const words: string[] = [];
  for (const t of s.slice(0, 3)) {
    if (t.kind !== 'word') break;
    words.push(t.value);
    if (!['CREATE', 'DROP', 'ALTER', 'OR', 'REPLACE', 'LOAD', 'SELECT'].includes(t.value)) break;
  }
  return shown(words.join(' ') || s[0]!.value);
}

/** Walks one statement's significant tokens by the grammar of the kinds a dump holds. */
class Cursor {
  private i = 0;

  constructor(
    private readonly s: StatementToken[],
    private readonly text: string,
    private readonly offset: number,
    private readonly firewall: SqlFirewall,
  ) {}

  private peek(ahead = 0): StatementToken | undefined {
    return this.s[this.i + ahead];
  }

  next(): StatementToken | undefined {
    return this.s[this.i++];
  }

  private isWord(...words: string[]): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'word' && words.includes(t.value);
  }

  private isPunct(p: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'punct' && t.value === p;
  }

  private refuse(problem: string): never {
    throw sqlRefused(this.offset, problem);
  }

  expectWord(...words: string[]): string {
    if (!this.isWord(...words)) this.refuse(`${kindOf(this.s)} statement`);
    return this.next()!.value;
  }

  end(kind: string): void {
    if (this.i < this.s.length) this.refuse(`${kind} followed by more (\`${shown(this.peek()!.value)}\`)`);
  }

  private optional(...words: string[]): boolean {
    if (!this.isWord(words[0]!)) return false;
    for (let k = 1; k < words.length; k++) {
      const t = this.peek(k);
      if (t?.kind !== 'word' || t.value !== words[k]) return false;
    }
    this.i += words.length;
    return true;
  }

  /** A table (or view or trigger) name: bare or backquoted, never qualified by a schema. */
  private name(kind: string): string {
    const t = this.next();
    if (t === undefined || (t.kind !== 'word' && t.kind !== 'identifier')) {
      this.refuse(`${kind} without a plain table name`);
    }
    if (this.isPunct('.')) this.refuse(`${kind} of a table in another database (\`${shown(t.value)}\`.…)`);
    return nameFromDump(t.kind === 'word' ? this.text.slice(t.start, t.end) : t.value);
  }

  private table(kind: string): void {
    this.firewall.checkTable(this.name(kind), this.offset, kind);
  }

  private tableList(kind: string): void {
    for (;;) {
      this.table(kind);
      if (!this.isPunct(',')) return;
      this.next();
    }
  }

  create(): void {
    this.next();
    this.optional('OR', 'REPLACE');
    for (;;) {
      if (this.optional('TEMPORARY')) continue;
      if (this.isWord('ALGORITHM')) {
        this.i += 3;
        continue;
      }
      if (this.optional('SQL', 'SECURITY')) {
        this.next();
        continue;
      }
      if (this.isWord('DEFINER')) {
        // DEFINER = `user`@`host` | 'user'@'host' | user@host | CURRENT_USER[()]
        this.i += 2;
        const user = this.next();
        if (user?.kind === 'word' && user.value === 'CURRENT_USER' && this.isPunct('(')) this.i += 2;
        else if (this.isPunct('@')) this.i += 2;
        continue;
      }
      break;
    }
    const what = this.next();
    const kind = what?.kind === 'word' ? what.value : '';
    if (kind === 'TABLE') return this.createTable();
    if (kind === 'VIEW') {
      this.optional('IF', 'NOT', 'EXISTS');
      // Only the view's own name is judged: its SELECT reads with the importing user's rights, as the site would.
      this.table('CREATE VIEW');
      return;
    }
    if (kind === 'TRIGGER') return this.createTrigger();
    this.refuse(`CREATE ${shown(kind || (what?.value ?? ''))} statement`);
  }

  private createTable(): void {
    this.optional('IF', 'NOT', 'EXISTS');
    this.table('CREATE TABLE');
    if (!this.isPunct('(')) this.refuse('CREATE TABLE without a column list (a copy of another table)');
    this.references(this.i, 'CREATE TABLE');
    for (let k = this.i; k < this.s.length; k++) {
      const t = this.s[k]!;
      if (t.kind !== 'word') continue;
      if (TABLE_DEFINITION_REFUSED.has(t.value)) this.refuse(`CREATE TABLE with ${t.value}`);
      if (t.value === 'ENGINE') {
        let v = this.s[k + 1];
        if (v?.kind === 'punct' && v.value === '=') v = this.s[k + 2];
        if (v !== undefined && FOREIGN_ENGINES.has(v.value.toUpperCase())) {
          this.refuse(
            `CREATE TABLE with ENGINE=${shown(v.value.toUpperCase())}, which reaches outside the database`,
          );
        }
      }
    }
  }

  private createTrigger(): void {
    this.optional('IF', 'NOT', 'EXISTS');
    this.name('CREATE TRIGGER');
    this.expectWord('BEFORE', 'AFTER');
    this.expectWord('INSERT', 'UPDATE', 'DELETE');
    this.expectWord('ON');
    this.table('CREATE TRIGGER');
    this.expectWord('FOR');
    this.expectWord('EACH');
    this.expectWord('ROW');
    if (this.optional('FOLLOWS') || this.optional('PRECEDES')) this.name('CREATE TRIGGER');
    const kind = 'CREATE TRIGGER (its body)';
    const prefix = this.firewall.bodyPrefix;
    while (this.i < this.s.length) {
      const t = this.next()!;
      if (
        (t.kind === 'word' && TRIGGER_BODY_REFUSED.has(t.value)) ||
        (t.kind === 'variable' && GLOBAL_VARIABLE.test(t.value))
      ) {
        this.refuse(
          `CREATE TRIGGER whose body uses ${shown(t.value)} (a trigger body may only read and write the site's tables)`,
        );
      }
      if (t.kind !== 'word') continue;
      // ON DUPLICATE KEY UPDATE names columns; a subquery's `(` follows FROM; INSERT may leave out INTO.
      const after = this.peek();
      const names =
        (TABLE_BEFORE.has(t.value) && !(t.value === 'UPDATE' && this.s[this.i - 2]?.value === 'KEY')) ||
        ((t.value === 'INSERT' || t.value === 'REPLACE') && after?.kind !== 'word');
      if (!names || after === undefined || after.kind === 'punct' || after.kind === 'variable') continue;
      for (;;) {
        this.firewall.checkTable(this.name(kind), this.offset, kind, prefix);
        // FROM a, b: each table of the list.
        if (!(t.value === 'FROM' && this.isPunct(','))) break;
        this.next();
      }
    }
  }

  drop(): void {
    this.next();
    this.optional('TEMPORARY');
    const what = this.isWord('TABLE', 'TABLES', 'VIEW', 'TRIGGER') ? this.next()!.value : '';
    if (what === '') this.refuse(`${kindOf(this.s)} statement`);
    this.optional('IF', 'EXISTS');
    if (what === 'TRIGGER') {
      // Trigger names are unique per database: another one's trigger must not be dropped.
      this.table('DROP TRIGGER');
      return this.end('DROP TRIGGER');
    }
    const kind = what === 'VIEW' ? 'DROP VIEW' : 'DROP TABLE';
    this.tableList(kind);
    if (this.isWord('RESTRICT', 'CASCADE')) this.next();
    this.end(kind);
  }

  lock(): void {
    this.next();
    this.expectWord('TABLES', 'TABLE');
    for (;;) {
      this.table('LOCK TABLES');
      while (this.peek() !== undefined && !this.isPunct(',')) {
        const t = this.next()!;
        if (t.kind !== 'word' && t.kind !== 'identifier')
          this.refuse(`LOCK TABLES with \`${shown(t.value)}\``);
      }
      if (this.peek() === undefined) return;
      this.next();
    }
  }

  alter(): void {
    this.next();
    this.expectWord('TABLE');
    this.table('ALTER TABLE');
    if (this.isWord('DISABLE', 'ENABLE')) {
      this.next();
      this.expectWord('KEYS');
      return this.end('ALTER TABLE ... KEYS');
    }
    // phpMyAdmin adds keys and AUTO_INCREMENT after the rows: `ADD PRIMARY KEY (...), ADD KEY ...`, `MODIFY ...`.
    let depth = 0;
    let itemStart = true;
    for (let k = this.i; k < this.s.length; k++) {
      const t = this.s[k]!;
      if (t.kind === 'punct') {
        if (t.value === '(') depth++;
        else if (t.value === ')') depth--;
        else if (t.value === ',' && depth === 0) itemStart = true;
        continue;
      }
      if (itemStart && !(t.kind === 'word' && ALTER_ITEMS.has(t.value))) {
        this.refuse(
          `ALTER TABLE ... ${shown(t.value)} (only keys, column types and AUTO_INCREMENT may change)`,
        );
      }
      itemStart = false;
      if (t.kind === 'word' && ALTER_REFUSED.has(t.value)) this.refuse(`ALTER TABLE with ${t.value}`);
    }
    this.references(this.i, 'ALTER TABLE');
  }

  /** Tables a foreign key names must be the site's too: ON DELETE CASCADE would reach into another's. */
  private references(from: number, kind: string): void {
    for (let k = from; k < this.s.length; k++) {
      const t = this.s[k]!;
      if (t.kind !== 'word' || t.value !== 'REFERENCES') continue;
      const saved = this.i;
      this.i = k + 1;
      this.table(`${kind} ... REFERENCES`);
      this.i = saved;
    }
  }

  insert(): void {
    const kind = this.next()!.value;
    while (this.isWord('LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE')) this.next();
    this.optional('INTO');
    this.table(kind);
    if (this.isPunct('(')) {
      while (this.peek() !== undefined && !this.isPunct(')')) this.next();
      this.next();
    }
    if (!this.isWord('VALUES', 'VALUE')) this.refuse(`${kind} without VALUES (it would read other tables)`);
    for (let k = this.i; k < this.s.length; k++) {
      const t = this.s[k]!;
      if (t.kind === 'word' && t.value === 'SELECT') this.refuse(`${kind} with a subquery`);
    }
  }
}

/** Longest header we need to see to decide (the MariaDB sandbox line). */
const HEADER_WINDOW = 64;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const HEADERS = [
  /^-- (?:MySQL|MariaDB) dump /,
  /^\/\*M!999999\\- enable the sandbox mode \*\//,
  /^\/\*M?!\d{5,6} +SET\b/i,
];

/**
 * The first bytes of a `wp db export -` (after the PHP diagnostics filter): they must look like a mysqldump or
 * mariadb-dump header. Whatever wp-config.php echoes is refused before the tokenizer reads it as SQL.
 */
export class DumpHeaderCheck {
  private held: Buffer[] = [];
  private heldBytes = 0;
  decided = false;

  /** The bytes to pass on: the held ones once decided, or null while more are needed. */
  push(chunk: Uint8Array): Buffer | null {
    this.held.push(Buffer.from(chunk));
    this.heldBytes += chunk.length;
    return this.decide(false);
  }

  end(): Buffer {
    return this.decide(true) ?? Buffer.alloc(0);
  }

  private decide(ended: boolean): Buffer | null {
    const all = Buffer.concat(this.held, this.heldBytes);
    const bomPrefix = all.length < 3 && BOM.subarray(0, all.length).equals(all);
    if (bomPrefix && !ended) {
      this.held = [all];
      return null;
    }
    let start = all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf ? 3 : 0;
    while (start < all.length && (all[start] === 0x20 || (all[start]! >= 0x09 && all[start]! <= 0x0d)))
      start++;
    const head = all.toString('latin1', start, start + HEADER_WINDOW);
    const looksLikeHeader = HEADERS.some((h) => h.test(head));
    // Undecided while what came so far could still grow into a header; refused text is shown up to its line end.
    if (!looksLikeHeader && !ended && head.length < HEADER_WINDOW && !head.includes('\n')) {
      this.held = [all];
      return null;
    }
    if (!looksLikeHeader && head.length > 0) {
      throw sqlRefused(
        start,
        `the export does not start like a mysqldump/mariadb-dump dump (it starts with \`${shown(head.slice(0, 32))}\`)`,
        'Something on the source prints text ahead of the dump (an echo in wp-config.php, a plugin loaded by ' +
          'WP-CLI): run `wp db export - | head -c 300` there and remove it. Nothing reached the target.',
      );
    }
    this.decided = true;
    this.held = [];
    this.heldBytes = 0;
    return all;
  }
}
