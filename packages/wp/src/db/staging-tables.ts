// The tables under a prefix in the target database (staging or backup), read with SHOW TABLES LIKE.
import type { WpCli } from '../wp-cli/wp-cli.js';
import { likePrefix } from './sql-string.js';

export async function tablesWithPrefix(wp: WpCli, prefix: string): Promise<string[]> {
  const rows = (await wp.dbQuery(`SHOW TABLES LIKE ${likePrefix(prefix)}`, { header: false })).rows;
  return rows.map((r) => r[0]!).filter((t) => t !== undefined && t.startsWith(prefix));
}
