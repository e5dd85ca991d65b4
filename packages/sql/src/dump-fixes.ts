// The known import killers, fixed on the fly and each reported as a Finding: the MariaDB sandbox line (MySQL
// and older MariaDB clients reject it), DEFINER clauses (the target user rarely has SUPER), collations the
// target does not know (MySQL 8 <-> MariaDB), mysqldump's replication statements (GTID_PURGED, SQL_LOG_BIN),
// constraint names the target database already uses, a user collation map and an optional engine rewrite.
// Statement fixes edit whole tokens (lexStatement): text inside strings, comments and quoted names is data.
import { WpfleetError } from '@wpfleet/core';
import { nameFromDump, nameInDump } from './prefix-rewriter.js';
import type { SqlFinding } from './sql-finding.js';
import { StatementEdits } from './statement-edits.js';
import { isTrivia, isWord, lexStatement, skipTrivia, type StatementToken } from './statement-tokens.js';
import { triggerShape } from './trigger-shape.js';

/** The target database server, as far as the dump fixes care. */
export interface TargetDbFacts {
  flavour: 'mysql' | 'mariadb';
  /** Server version, e.g. `10.11.6`; unknown means "assume the oldest supported". */
  version?: string;
}

export interface DumpFixOptions {
  target?: TargetDbFacts;
  /** Exact collation renames, applied before the built-in ones (`--map-collation A=B`). */
  collationMap?: Record<string, string>;
  /** Rewrite `ENGINE=...` of every table to this engine (e.g. `InnoDB`). */
  engine?: string;
  /** Remove DEFINER clauses. Default true. */
  removeDefiners?: boolean;
  /**
   * Constraint names the target database already uses (its live tables' foreign keys and checks). A constraint
   * name is unique per database, so a staged table declaring one of them fails to load (errno 121); its name is
   * left out and the server generates `<table>_ibfk_N`, which RENAME TABLE carries over to the live name.
   */
  takenConstraintNames?: readonly string[];
  /**
   * Trigger names the target database's live tables already use: a trigger name is unique per database too, so a
   * staged trigger of that name gets `renamedTriggerPrefix` in front (in its CREATE and any DROP TRIGGER, which
   * would otherwise drop the live one).
   */
  takenTriggerNames?: readonly string[];
  renamedTriggerPrefix?: string;
}

const SANDBOX_LINE = /\/\*M!999999\\- enable the sandbox mode \*\/[^\n]*\n?/g;
// mysqldump on a MySQL server with GTIDs (every MySQL 8 with binary logging, RDS, most managed hosts) writes these
// around the data. MariaDB has no GTID_PURGED (ERROR 1193), SQL_LOG_BIN needs SUPER on MySQL, and GTID_PURGED
// would set the whole target server's replication state from one site's import.
const REPLICATION_STATEMENT =
  /^\s*SET\s+(?:@@(?:GLOBAL\.|SESSION\.)?(?:GTID_PURGED|SQL_LOG_BIN)|@MYSQLDUMP_TEMP_LOG_BIN)\s*=/i;
const COLLATION = /^utf8mb[34]_[A-Za-z0-9_]+$/;
// An engine or collation name, as read from the dump and as written into it.
const BARE_NAME = /^[A-Za-z0-9_]+$/;
// A bare part of a DEFINER account (`root`, `%`, `127.0.0.1`, `my-user`) is lexed as several touching tokens.
const BARE_ACCOUNT = /^[A-Za-z0-9_.%$-]+$/;
// The objects that have a DEFINER; it stands in the head before them.
const HAS_DEFINER: ReadonlySet<string> = new Set([
  'VIEW',
  'TRIGGER',
  'PROCEDURE',
  'FUNCTION',
  'EVENT',
  'PACKAGE',
]);

function versionAtLeast(version: string | undefined, min: string): boolean {
  if (version === undefined) return false;
  const a = version.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const b = min.split('.').map(Number);
  for (let i = 0; i < b.length; i++) {
    if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) > b[i]!;
  }
  return true;
}

/** MariaDB clients that understand the sandbox line: 10.5.25, 10.6.18, 10.11.8, 11.0.6, 11.1.5, 11.2.4, 11.4.2+. */
function clientKnowsSandbox(target: TargetDbFacts): boolean {
  if (target.flavour === 'mysql') return false;
  const v = target.version;
  if (v === undefined) return true;
  const minor = v.split('.').slice(0, 2).join('.');
  const mins: Record<string, string> = {
    '10.5': '10.5.25',
    '10.6': '10.6.18',
    '10.11': '10.11.8',
    '11.0': '11.0.6',
    '11.1': '11.1.5',
    '11.2': '11.2.4',
    '11.3': '11.3.3',
  };
  const min = mins[minor];
  if (min) return versionAtLeast(v, min);
  return versionAtLeast(v, '11.4');
}

/** The built-in collation rename for a target, or undefined when the target knows the collation. */
export function builtinCollation(name: string, target: TargetDbFacts): string | undefined {
  const cs = name.startsWith('utf8mb3_') ? 'utf8mb3' : 'utf8mb4';
  if (target.flavour === 'mariadb') {
    // MariaDB 11.4.5 accepts the MySQL 8 names as aliases; older releases fail the import.
    if (/_0900_/.test(name) && !versionAtLeast(target.version, '11.4.5')) {
      return /_0900_(?:as_cs|bin)$|_0900_bin$/.test(name) ? `${cs}_bin` : `${cs}_unicode_520_ci`;
    }
    if (/_uca1400_/.test(name) && !versionAtLeast(target.version, '10.10')) {
      return /_as_cs$|_bin$/.test(name) ? `${cs}_bin` : `${cs}_unicode_520_ci`;
    }
    return undefined;
  }
  if (/_uca1400_/.test(name)) return /_as_cs$/.test(name) ? `${cs}_0900_as_cs` : `${cs}_0900_ai_ci`;
  if (/_nopad_/.test(name) || name.endsWith('_nopad_bin')) return name.replace('_nopad', '');
  return undefined;
}

/** Index of the first token at or after `i` that is not whitespace. */
function skipSpace(tokens: readonly StatementToken[], i: number): number {
  while (tokens[i]?.kind === 'space') i++;
  return i;
}

/** A name token's name as dump text (a backquoted one unescaped, a bare one as written), or null. */
function nameToken(sql: string, t: StatementToken | undefined): string | null {
  if (t === undefined || t.unterminated) return null;
  if (t.kind === 'identifier') return t.value;
  return t.kind === 'word' ? sql.slice(t.start, t.end) : null;
}

/** Whether the token at `i` follows COLLATE or COLLATE=. */
function afterCollate(tokens: readonly StatementToken[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && isTrivia(tokens[j]!)) j--;
  if (tokens[j]?.kind === 'punct' && tokens[j]!.value === '=') {
    j--;
    while (j >= 0 && isTrivia(tokens[j]!)) j--;
  }
  return isWord(tokens, j, 'COLLATE');
}

/** End of one half of a DEFINER account at `i` (`root`, 'root', \`root\`, 127.0.0.1, %): the index after it, or -1. */
function accountPartEnd(sql: string, tokens: readonly StatementToken[], i: number): number {
  const t = tokens[i];
  if (t === undefined || t.unterminated) return -1;
  if (t.kind === 'identifier' || t.kind === 'string') return i + 1;
  let k = i;
  while (
    k < tokens.length &&
    (k === i || tokens[k]!.start === tokens[k - 1]!.end) &&
    tokens[k]!.kind !== 'exec-close' &&
    BARE_ACCOUNT.test(sql.slice(tokens[k]!.start, tokens[k]!.end))
  )
    k++;
  return k > i ? k : -1;
}

/** The last token of the DEFINER = account clause whose DEFINER word is at `i`, or -1 when it is not one. */
function definerEnd(sql: string, tokens: readonly StatementToken[], i: number): number {
  const eq = skipSpace(tokens, i + 1);
  if (tokens[eq]?.kind !== 'punct' || tokens[eq]!.value !== '=') return -1;
  const j = skipSpace(tokens, eq + 1);
  if (isWord(tokens, j, 'CURRENT_USER')) {
    const open = tokens[j + 1];
    const close = tokens[j + 2];
    return open?.kind === 'punct' && open.value === '(' && close?.kind === 'punct' && close.value === ')'
      ? j + 2
      : j;
  }
  const user = accountPartEnd(sql, tokens, j);
  if (user < 0) return -1;
  const at = skipSpace(tokens, user);
  const t = tokens[at];
  // `root @localhost`: after a space the lexer reads the host as a user variable.
  if (t?.kind === 'variable' && !t.unterminated && !t.value.startsWith('@@')) return at;
  if (t?.kind !== 'punct' || t.value !== '@') return -1;
  const host = accountPartEnd(sql, tokens, skipSpace(tokens, at + 1));
  return host < 0 ? -1 : host - 1;
}

/** At most 64 characters, MySQL's identifier limit (characters, not bytes: a UTF-8 name is never cut inside one). */
const identifier = (name: string): string =>
  name.length <= 64 ? name : Array.from(name).slice(0, 64).join('');

export class DumpFixes {
  private readonly counts = new Map<
    string,
    { finding: Omit<SqlFinding, 'details'>; count: number; from?: string; to?: string }
  >();

  private readonly takenConstraints: ReadonlySet<string>;
  private readonly takenTriggers: ReadonlySet<string>;

  constructor(readonly options: DumpFixOptions) {
    // The engine and collation names are written into the SQL as bare words: anything else would be SQL of its own.
    const names: [string, string][] = [
      ...(options.engine !== undefined ? [['--engine', options.engine] as [string, string]] : []),
      ...Object.values(options.collationMap ?? {}).map((to): [string, string] => ['--map-collation', to]),
    ];
    for (const [option, name] of names) {
      if (!BARE_NAME.test(name))
        throw new WpfleetError(
          'WPF_USAGE',
          `${option} takes a name of letters, digits and _, got ${JSON.stringify(name)}`,
          {
            kind: 'user',
            hint: 'e.g. --engine InnoDB or --map-collation utf8mb4_0900_ai_ci=utf8mb4_unicode_ci',
          },
        );
    }
    this.takenConstraints = new Set((options.takenConstraintNames ?? []).map((n) => n.toLowerCase()));
    this.takenTriggers = new Set((options.takenTriggerNames ?? []).map((n) => n.toLowerCase()));
  }

  private note(
    code: string,
    message: string,
    from?: string,
    to?: string,
    severity: SqlFinding['severity'] = 'info',
  ): void {
    const key = `${code}\0${from ?? ''}\0${to ?? ''}`;
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { finding: { severity, code, message, where: {} }, count: 1, from, to });
  }

  fixGap(text: string): string {
    const target = this.options.target;
    if (target === undefined || clientKnowsSandbox(target) || !text.includes('/*M!999999')) return text;
    return text.replace(SANDBOX_LINE, () => {
      this.note(
        'sandbox-line-removed',
        `removed the MariaDB sandbox line, which the ${target.flavour} ${target.version ?? ''} client rejects`.replace(
          '  ',
          ' ',
        ),
      );
      return '';
    });
  }

  /** Fixes one non-INSERT statement (latin1 text, with its delimiter); '' drops it. Row data is never touched here. */
  fixStatement(sql: string): string {
    if (REPLICATION_STATEMENT.test(sql)) {
      this.note(
        'replication-statement-removed',
        "removed mysqldump's GTID_PURGED/SQL_LOG_BIN statements (MariaDB rejects them, MySQL needs SUPER, and they would set the target server's replication state); the import is logged to the target's binary log as usual",
      );
      return '';
    }
    const target = this.options.target;
    const userMap = this.options.collationMap ?? {};
    const engine = this.options.engine;
    // Cheap looks first: most statements (SET, LOCK, ALTER ... KEYS) need no lexing.
    const definers = this.options.removeDefiners !== false && /DEFINER/i.test(sql);
    const constraints = this.takenConstraints.size > 0 && /CONSTRAINT/i.test(sql);
    const triggers = this.takenTriggers.size > 0 && /TRIGGER/i.test(sql);
    const collations = (target !== undefined || Object.keys(userMap).length > 0) && sql.includes('utf8mb');
    const engines = engine !== undefined && sql.includes('ENGINE');
    if (!definers && !constraints && !triggers && !collations && !engines) return sql;
    const tokens = lexStatement(sql);
    const edits = new StatementEdits(sql, tokens);
    if (definers) this.removeDefiners(sql, tokens, edits);
    if (constraints) this.leaveOutTakenConstraintNames(sql, tokens, edits);
    if (triggers) this.renameTakenTrigger(sql, tokens, edits);
    if (collations) this.mapCollations(sql, tokens, edits, target, userMap);
    if (engine !== undefined && engines) this.rewriteEngine(sql, tokens, edits, engine);
    return edits.apply();
  }

  /** DEFINER=account in the head of a CREATE/ALTER of a view, trigger, routine or event, with the space before it. */
  private removeDefiners(sql: string, tokens: readonly StatementToken[], edits: StatementEdits): void {
    const first = skipTrivia(tokens, 0);
    if (!isWord(tokens, first, 'CREATE') && !isWord(tokens, first, 'ALTER')) return;
    for (let i = first + 1; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind !== 'word') continue;
      if (HAS_DEFINER.has(t.value)) return;
      if (t.value !== 'DEFINER') continue;
      const end = definerEnd(sql, tokens, i);
      if (end < 0) continue;
      edits.replace(tokens[i - 1]?.kind === 'space' ? i - 1 : i, end, '');
      this.note(
        'definer-removed',
        'removed DEFINER clauses, so views, triggers and routines load without SUPER',
        nameFromDump(sql.slice(t.start, tokens[end]!.end)),
      );
      i = end;
    }
  }

  /** `CONSTRAINT name` before FOREIGN KEY or CHECK, when the target database already uses the name. */
  private leaveOutTakenConstraintNames(
    sql: string,
    tokens: readonly StatementToken[],
    edits: StatementEdits,
  ): void {
    for (let i = 0; i < tokens.length; i++) {
      if (!isWord(tokens, i, 'CONSTRAINT')) continue;
      const j = skipTrivia(tokens, i + 1);
      const raw = nameToken(sql, tokens[j]);
      const k = skipTrivia(tokens, j + 1);
      if (raw === null || k === j + 1) continue;
      if (
        !(isWord(tokens, k, 'FOREIGN') && isWord(tokens, skipTrivia(tokens, k + 1), 'KEY')) &&
        !isWord(tokens, k, 'CHECK')
      )
        continue;
      // As the database reports it (UTF-8), to compare with the names read from information_schema.
      const name = nameFromDump(raw);
      if (!this.takenConstraints.has(name.toLowerCase())) continue;
      this.note(
        'constraint-name-generated',
        `left out the name of constraint ${name}, which the target database's live tables already use (a constraint name is unique per database): the staged copy gets the server's generated name, so a plugin that looks for ${name} by name may add it again`,
        name,
        undefined,
        'warning',
      );
      edits.replace(i, k - 1, '');
    }
  }

  /** The trigger's name in CREATE ... TRIGGER and DROP TRIGGER [IF EXISTS], when a live table's trigger has it. */
  private renameTakenTrigger(sql: string, tokens: readonly StatementToken[], edits: StatementEdits): void {
    const first = skipTrivia(tokens, 0);
    let i: number;
    if (isWord(tokens, first, 'DROP')) {
      i = skipTrivia(tokens, first + 1);
      if (!isWord(tokens, i, 'TRIGGER')) return;
      i = skipTrivia(tokens, i + 1);
      if (isWord(tokens, i, 'IF')) i = skipTrivia(tokens, skipTrivia(tokens, i + 1) + 1);
      // DROP TRIGGER [IF EXISTS] [db.]name
      if (tokens[i + 1]?.value === '.' && tokens[i + 1]!.kind === 'punct') i = skipTrivia(tokens, i + 2);
    } else {
      const shape = triggerShape(tokens);
      if (shape === null) return;
      i = shape.name;
    }
    const raw = nameToken(sql, tokens[i]);
    if (raw === null) return;
    const name = nameFromDump(raw);
    if (!this.takenTriggers.has(name.toLowerCase())) return;
    const prefix = this.options.renamedTriggerPrefix ?? 'wpfs_';
    const renamed = identifier(prefix + name);
    // Written back as the dump's bytes; a name that is not UTF-8 stays in its own (single-byte) encoding.
    const written = name === raw ? renamed : nameInDump(renamed);
    this.note(
      'trigger-renamed',
      `renamed trigger ${name} to ${renamed}: the target database's live tables already have a trigger of that name (a trigger name is unique per database)`,
      name,
      renamed,
      'warning',
    );
    edits.replace(i, i, `\`${written.replace(/`/g, '``')}\``);
  }

  /** Collation names written as bare words (or backquoted after COLLATE); never text inside a string or comment. */
  private mapCollations(
    sql: string,
    tokens: readonly StatementToken[],
    edits: StatementEdits,
    target: TargetDbFacts | undefined,
    userMap: Record<string, string>,
  ): void {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      let name: string;
      if (t.kind === 'word') name = sql.slice(t.start, t.end);
      else if (t.kind === 'identifier' && t.unterminated === undefined && afterCollate(tokens, i))
        name = t.value;
      else continue;
      if (!COLLATION.test(name)) continue;
      const to = Object.hasOwn(userMap, name)
        ? userMap[name]!
        : target
          ? builtinCollation(name, target)
          : undefined;
      if (to === undefined || to === name) continue;
      this.note('collation-mapped', `mapped collation ${name} to ${to}`, name, to);
      edits.replace(i, i, t.kind === 'word' ? to : `\`${to.replace(/`/g, '``')}\``);
    }
  }

  /** ENGINE=name, written as ENGINE=<engine>. */
  private rewriteEngine(
    sql: string,
    tokens: readonly StatementToken[],
    edits: StatementEdits,
    engine: string,
  ): void {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind !== 'word' || t.value !== 'ENGINE' || !sql.startsWith('ENGINE', t.start)) continue;
      const eq = skipSpace(tokens, i + 1);
      if (tokens[eq]?.kind !== 'punct' || tokens[eq]!.value !== '=') continue;
      const k = skipSpace(tokens, eq + 1);
      const current = tokens[k]?.kind === 'word' ? sql.slice(tokens[k]!.start, tokens[k]!.end) : '';
      if (!BARE_NAME.test(current) || current.toLowerCase() === engine.toLowerCase()) continue;
      this.note('engine-rewritten', `rewrote ENGINE=${current} to ENGINE=${engine}`, current, engine);
      edits.replace(i, k, `ENGINE=${engine}`);
    }
  }

  findings(): SqlFinding[] {
    return [...this.counts.values()].map(({ finding, count, from, to }) => ({
      ...finding,
      message: count > 1 ? `${finding.message} (${count} times)` : finding.message,
      details: { count, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) },
    }));
  }
}
