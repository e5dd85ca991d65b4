// The target database server's flavour and version, which decide the dump fixes (collations, sandbox line).
import type { TargetFacts } from '../sql/dump-fixes.js';
import type { WpCli } from '../wp-cli/wp-cli.js';

export async function targetDbFacts(wp: WpCli): Promise<TargetFacts> {
  const version = (await wp.dbQuery('SELECT VERSION()', { header: false })).rows[0]?.[0] ?? '';
  const flavour = /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  const number = /^\d+(?:\.\d+)*/.exec(version)?.[0];
  return number ? { flavour, version: number } : { flavour };
}
