// Fingerprints of a lab Host's side of a site, taken straight from the lab's files and MariaDB sockets (not through
// wpfleet): a digest per table (a deterministic dump of it), and a sha256 per file under the site's directory.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, lstatSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LabState } from '@wpfleet/lab';

export function hostRoot(lab: LabState, host: string): string {
  return lab.hosts.find((h) => h.name === host)!.root;
}

export function dbSocket(lab: LabState, host: string): string {
  return lab.hosts.find((h) => h.name === host)!.dbSocket;
}

export function sql(lab: LabState, host: string, query: string): string {
  return execFileSync('mariadb', ['--no-defaults', `--socket=${dbSocket(lab, host)}`, '-uroot', '-N', '-B'], {
    input: query,
    encoding: 'utf8',
  });
}

/**
 * WordPress rewrites its transient cache (e.g. `_transient_timeout_global_styles_*`, one minute) on any reader's
 * page view; the HTTP check reads the source's pages like a reader does. Only with `ignoreTransients` are those
 * rows left out of the options/sitemeta digests; every other row and table is compared byte for byte.
 */
function transientFilter(table: string): string[] {
  if (/options$/.test(table))
    return [
      "--where=option_name NOT LIKE '\\_transient\\_%' AND option_name NOT LIKE '\\_site\\_transient\\_%'",
    ];
  if (/sitemeta$/.test(table)) return ["--where=meta_key NOT LIKE '\\_site\\_transient\\_%'"];
  return [];
}

/** sha256 per table of a deterministic dump of it (structure and rows). */
export function tableDigests(
  lab: LabState,
  host: string,
  database: string,
  options: { ignoreTransients?: boolean } = {},
): Record<string, string> {
  const tables = sql(lab, host, `SHOW TABLES FROM \`${database}\``).split('\n').filter(Boolean);
  const out: Record<string, string> = {};
  for (const table of tables) {
    const where = options.ignoreTransients ? transientFilter(table) : [];
    const dump = execFileSync(
      'mariadb-dump',
      [
        '--no-defaults',
        `--socket=${dbSocket(lab, host)}`,
        '-uroot',
        '--skip-dump-date',
        '--order-by-primary',
        '--skip-comments',
        '--single-transaction',
        ...where,
        database,
        table,
      ],
      { maxBuffer: 1 << 30 },
    );
    // A transient written and deleted still moves the table's AUTO_INCREMENT counter.
    const text = where.length > 0 ? dump.toString('latin1').replace(/ AUTO_INCREMENT=\d+/, '') : dump;
    out[table] = createHash('sha256').update(text).digest('hex');
  }
  return out;
}

/** sha256 of every file (and symlink target) below `dir`, by relative path. */
export function fileHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, path));
      if (st.isDirectory()) walk(path);
      else if (st.isSymbolicLink()) out[path] = `link:${readFileSync(join(dir, path)).length}`;
      else
        out[path] = createHash('sha256')
          .update(readFileSync(join(dir, path)))
          .digest('hex');
    }
  };
  if (existsSync(dir)) walk('');
  return out;
}

/** md5 per row of a site's main options table (transients left out), so a failed comparison names the option. */
export function optionRows(
  lab: LabState,
  host: string,
  database: string,
  prefix: string,
): Record<string, string> {
  const rows = sql(
    lab,
    host,
    `SELECT option_name, MD5(option_value) FROM \`${database}\`.\`${prefix}options\` WHERE option_name NOT LIKE '\\_transient\\_%' AND option_name NOT LIKE '\\_site\\_transient\\_%' ORDER BY option_name`,
  );
  return Object.fromEntries(
    rows
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t') as [string, string]),
  );
}
