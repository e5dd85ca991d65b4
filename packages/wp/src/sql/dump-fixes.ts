// The known import killers, fixed on the fly and each reported as a Finding: the MariaDB sandbox line (MySQL
// and older MariaDB clients reject it), DEFINER clauses (the target user rarely has SUPER), collations the
// target does not know (MySQL 8 <-> MariaDB), mysqldump's replication statements (GTID_PURGED, SQL_LOG_BIN),
// constraint names the target database already uses, a user collation map and an optional engine rewrite.
import { nameFromDump, nameInDump } from './prefix-rewriter.js';
import type { SqlFinding } from './sql-finding.js';

/** The target database server, as far as the dump fixes care. */
interface TargetDbFacts {
  flavour: 'mysql' | 'mariadb';
  /** Server version, e.g. `10.11.6`; unknown means "assume the oldest supported". */
  version?: string;
}

/** The name the SqlStream brief used; core's `TargetFacts` is the probe's view of a target path. */
export type TargetFacts = TargetDbFacts;

export interface DumpFixOptions {
  target?: TargetFacts;
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
const DEFINER =
  /\s*DEFINER\s*=\s*(?:CURRENT_USER(?:\(\))?|(?:`(?:[^`]|``)*`|'(?:[^'\\]|\\.)*'|[A-Za-z0-9_.$-]+)\s*@\s*(?:`(?:[^`]|``)*`|'(?:[^'\\]|\\.)*'|[A-Za-z0-9_.%$-]+))/gi;
// mysqldump on a MySQL server with GTIDs (every MySQL 8 with binary logging, RDS, most managed hosts) writes these
// around the data. MariaDB has no GTID_PURGED (ERROR 1193), SQL_LOG_BIN needs SUPER on MySQL, and GTID_PURGED
// would set the whole target server's replication state from one site's import.
const REPLICATION_STATEMENT = /^\s*SET\s+(?:@@(?:GLOBAL\.|SESSION\.)?(?:GTID_PURGED|SQL_LOG_BIN)|@MYSQLDUMP_TEMP_LOG_BIN)\s*=/i;
const NAMED_CONSTRAINT = /\bCONSTRAINT\s+(`(?:[^`]|``)+`|[A-Za-z0-9_$\x80-\xff]+)\s+(?=FOREIGN\s+KEY\b|CHECK\b)/gi;
// A trigger's name in CREATE ... TRIGGER and DROP TRIGGER [IF EXISTS], backquoted or bare.
const TRIGGER_NAME = /(\bTRIGGER\s+(?:IF\s+EXISTS\s+)?)(`(?:[^`]|``)+`|[A-Za-z0-9_$\x80-\xff]+)/gi;
const COLLATION = /\butf8mb[34]_[A-Za-z0-9_]+\b/g;
const ENGINE = /\bENGINE\s*=\s*([A-Za-z0-9_]+)/g;

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
function clientKnowsSandbox(target: TargetFacts): boolean {
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
export function builtinCollation(name: string, target: TargetFacts): string | undefined {
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

/**
 * An identifier token's name (dump text, one char per byte): a backquoted one without its quotes (a doubled
 * backquote is one), a bare one as is.
 */
function unquoted(token: string): string {
  return token.startsWith('`') ? token.slice(1, -1).replace(/``/g, '`') : token;
}

/** At most 64 characters, MySQL's identifier limit (characters, not bytes: a UTF-8 name is never cut inside one). */
const identifier = (name: string): string => (name.length <= 64 ? name : Array.from(name).slice(0, 64).join(''));

export class DumpFixes {
  private readonly counts = new Map<
    string,
    { finding: Omit<SqlFinding, 'details'>; count: number; from?: string; to?: string }
  >();

  private readonly takenConstraints: ReadonlySet<string>;
  private readonly takenTriggers: ReadonlySet<string>;

  constructor(readonly options: DumpFixOptions) {
    this.takenConstraints = new Set((options.takenConstraintNames ?? []).map((n) => n.toLowerCase()));
    this.takenTriggers = new Set((options.takenTriggerNames ?? []).map((n) => n.toLowerCase()));
  }

  private note(code: string, message: string, from?: string, to?: string, severity: SqlFinding['severity'] = 'info'): void {
    const key = `${code}\0${from ?? ''}\0${to ?? ''}`;
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { finding: { severity, code, message }, count: 1, from, to });
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
    let out = sql;
    if (this.options.removeDefiners !== false && /DEFINER/i.test(out)) {
      out = out.replace(DEFINER, (m) => {
        this.note(
          'definer-removed',
          'removed DEFINER clauses, so views, triggers and routines load without SUPER',
          nameFromDump(m.trim()),
        );
        return '';
      });
    }
    if (this.takenConstraints.size > 0 && /CONSTRAINT/i.test(out)) {
      out = out.replace(NAMED_CONSTRAINT, (m, quoted: string) => {
        // As the database reports it (UTF-8), to compare with the names read from information_schema.
        const name = nameFromDump(unquoted(quoted));
        if (!this.takenConstraints.has(name.toLowerCase())) return m;
        this.note(
          'constraint-name-generated',
          `left out the name of constraint ${name}, which the target database's live tables already use (a constraint name is unique per database): the staged copy gets the server's generated name, so a plugin that looks for ${name} by name may add it again`,
          name,
          undefined,
          'warning',
        );
        return '';
      });
    }
    if (this.takenTriggers.size > 0 && /TRIGGER/i.test(out)) {
      const prefix = this.options.renamedTriggerPrefix ?? 'wpfs_';
      out = out.replace(TRIGGER_NAME, (m, lead: string, quoted: string) => {
        const raw = unquoted(quoted);
        const name = nameFromDump(raw);
        if (!this.takenTriggers.has(name.toLowerCase())) return m;
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
        return `${lead}\`${written.replace(/`/g, '``')}\``;
      });
    }
    const target = this.options.target;
    const userMap = this.options.collationMap ?? {};
    if (target !== undefined || Object.keys(userMap).length > 0) {
      out = out.replace(COLLATION, (name) => {
        const to = userMap[name] ?? (target ? builtinCollation(name, target) : undefined);
        if (to === undefined || to === name) return name;
        this.note('collation-mapped', `mapped collation ${name} to ${to}`, name, to);
        return to;
      });
    }
    const engine = this.options.engine;
    if (engine !== undefined && /ENGINE/i.test(out)) {
      out = out.replace(ENGINE, (m, current: string) => {
        if (current.toLowerCase() === engine.toLowerCase()) return m;
        this.note('engine-rewritten', `rewrote ENGINE=${current} to ENGINE=${engine}`, current, engine);
        return `ENGINE=${engine}`;
      });
    }
    return out;
  }

  findings(): SqlFinding[] {
    return [...this.counts.values()].map(({ finding, count, from, to }) => ({
      ...finding,
      message: count > 1 ? `${finding.message} (${count} times)` : finding.message,
      details: { count, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) },
    }));
  }
}
