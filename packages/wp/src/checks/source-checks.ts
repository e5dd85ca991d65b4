// The source's half of verify's relation and serialized-value checks, read while the db step copies: the dump is
// a snapshot taken at that moment, so counting the source's orphans and corrupt values then compares the target
// with the source as it was copied, not as it is minutes later (a live source keeps changing), and it takes this
// work off verify's critical path. Verify reads it from the db step's outputs, or reads it itself when absent.
import {
  missingBlogTables,
  parseRelationCheckRows,
  relationCheckSql,
  type RelationCheckResult,
} from './relation-checks.js';
import type { WpCli } from '../wp-cli/wp-cli.js';
import { parseSerializedScan, serializedScanScript, type SerializedScan } from './serialized-scan.js';
import { tablesWithPrefix } from '../db/staging-tables.js';

export interface SideChecks {
  relations: RelationCheckResult[];
  serialized: SerializedScan;
}

/**
 * Relation checks and the serialized-value scan of the tables under `prefix` on one side. `tables` is that side's
 * list of those tables when the caller already asked for it.
 */
export async function readSideChecks(
  wp: WpCli,
  prefix: string,
  subsiteBlogIds: readonly number[],
  tables: Promise<readonly string[]> = tablesWithPrefix(wp, prefix),
): Promise<SideChecks> {
  const [relations, serialized] = await Promise.all([
    tables.then(async (tables) => {
      // Through dbQuery: a large network's check SQL goes on stdin, and PHP's messages are left out of the rows.
      const rows = (
        await wp.dbQuery(relationCheckSql({ prefix, subsiteBlogIds: [...subsiteBlogIds] }), { header: false })
      ).rows;
      return [
        ...parseRelationCheckRows(rows.map((r) => r.join('\t')).join('\n')),
        ...missingBlogTables(prefix, [...subsiteBlogIds], [...tables]),
      ];
    }),
    wp.evalFile(serializedScanScript(), { args: [prefix] }).then(parseSerializedScan),
  ]);
  return { relations, serialized };
}
