// Relation checks: counts of rows that point at something missing (orphan postmeta, comments on missing posts,
// ...). One SQL statement per run, so a site costs one `wp db query` round trip; it works on any table prefix,
// including the staging prefix before the swap, because WordPress does not need to be loaded.
import { WpfleetError } from '@wpfleet/core';
import { isPhpDiagnostic } from '../wp-cli/parse-wp-cli-output.js';

type RelationCheckName =
  | 'orphan-postmeta'
  | 'orphan-term-relationships'
  | 'term-taxonomy-without-term'
  | 'posts-missing-author'
  | 'orphan-usermeta'
  | 'comments-on-missing-posts'
  | 'orphan-commentmeta'
  | 'blogs-missing-tables';

export interface RelationCheckResult {
  check: RelationCheckName;
  /** `''` for the main site, `2` etc. for multisite subsites. */
  blog: string;
  orphans: number;
}

const SAFE_PREFIX = /^[A-Za-z0-9_]+$/;

function assertPrefix(prefix: string): void {
  if (!SAFE_PREFIX.test(prefix)) {
    throw new WpfleetError(
      'WPF_BAD_PREFIX',
      `table prefix ${JSON.stringify(prefix)} is not a plain identifier`,
      {
        kind: 'user',
        hint: 'WordPress table prefixes may only contain letters, digits and underscores.',
      },
    );
  }
}

/** Checks that apply to one blog's tables (`{prefix}` or `{prefix}{N}_` in multisite). */
function blogChecks(p: string, usersPrefix: string, blog: string): string[] {
  const q = (name: RelationCheckName, sql: string) => `SELECT '${name}', '${blog}', COUNT(*) FROM ${sql}`;
  return [
    q(
      'orphan-postmeta',
      `\`${p}postmeta\` m LEFT JOIN \`${p}posts\` p ON p.ID = m.post_id WHERE p.ID IS NULL`,
    ),
    q(
      'orphan-term-relationships',
      `\`${p}term_relationships\` r LEFT JOIN \`${p}term_taxonomy\` t ON t.term_taxonomy_id = r.term_taxonomy_id WHERE t.term_taxonomy_id IS NULL`,
    ),
    q(
      'term-taxonomy-without-term',
      `\`${p}term_taxonomy\` t LEFT JOIN \`${p}terms\` x ON x.term_id = t.term_id WHERE x.term_id IS NULL`,
    ),
    q(
      'posts-missing-author',
      `\`${p}posts\` p LEFT JOIN \`${usersPrefix}users\` u ON u.ID = p.post_author WHERE p.post_author <> 0 AND u.ID IS NULL`,
    ),
    q(
      'comments-on-missing-posts',
      `\`${p}comments\` c LEFT JOIN \`${p}posts\` p ON p.ID = c.comment_post_ID WHERE c.comment_post_ID <> 0 AND p.ID IS NULL`,
    ),
    q(
      'orphan-commentmeta',
      `\`${p}commentmeta\` m LEFT JOIN \`${p}comments\` c ON c.comment_ID = m.comment_id WHERE c.comment_ID IS NULL`,
    ),
  ];
}

export interface RelationCheckInput {
  /** The prefix the tables carry now (the staging prefix on a target before the swap). */
  prefix: string;
  /** Multisite blog ids other than the main site (1). */
  subsiteBlogIds?: number[];
}

/** One statement; its rows are `check, blog, count`. */
export function relationCheckSql({ prefix, subsiteBlogIds = [] }: RelationCheckInput): string {
  assertPrefix(prefix);
  const parts = blogChecks(prefix, prefix, '');
  parts.push(
    `SELECT 'orphan-usermeta', '', COUNT(*) FROM \`${prefix}usermeta\` m LEFT JOIN \`${prefix}users\` u ON u.ID = m.user_id WHERE u.ID IS NULL`,
  );
  for (const id of subsiteBlogIds) {
    if (!Number.isInteger(id) || id < 2) continue;
    parts.push(...blogChecks(`${prefix}${id}_`, prefix, String(id)));
  }
  return parts.join('\nUNION ALL\n');
}

/** Multisite blogs listed in `{prefix}blogs` whose own tables are missing (checked without SQL). */
export function missingBlogTables(
  prefix: string,
  subsiteBlogIds: number[],
  existingTables: string[],
): RelationCheckResult[] {
  const present = new Set(existingTables);
  const core = [
    'posts',
    'postmeta',
    'options',
    'comments',
    'commentmeta',
    'terms',
    'term_taxonomy',
    'term_relationships',
  ];
  return subsiteBlogIds
    .filter((id) => id >= 2)
    .map((id) => ({
      check: 'blogs-missing-tables' as const,
      blog: String(id),
      orphans: core.filter((t) => !present.has(`${prefix}${id}_${t}`)).length,
    }));
}

/** Parses `wp db query --skip-column-names` output (tab-separated, trailing blank line). */
export function parseRelationCheckRows(tsv: string): RelationCheckResult[] {
  return (
    tsv
      .split('\n')
      // PHP's own messages can come first on stdout (display_errors on); they are never a check's row.
      .filter((line) => line.trim() !== '' && !isPhpDiagnostic(line.replace(/\r$/, '')))
      .map((line) => {
        const [check, blog, count] = line.split('\t');
        const orphans = Number(count);
        if (!check || blog === undefined || !Number.isInteger(orphans)) {
          throw new WpfleetError(
            'WPF_CHECK_OUTPUT',
            `unexpected relation-check row ${JSON.stringify(line)}`,
            { kind: 'bug' },
          );
        }
        return { check: check as RelationCheckName, blog, orphans };
      })
  );
}

export interface RelationCheckDiff {
  check: RelationCheckName;
  blog: string;
  source: number;
  target: number;
}

/**
 * Orphans that the target has and the source did not. Orphans already on the source are carried over as they
 * are (wpfleet copies data, it does not clean it), so only an increase is a problem.
 */
export function compareRelationChecks(
  source: RelationCheckResult[],
  target: RelationCheckResult[],
): RelationCheckDiff[] {
  const key = (r: RelationCheckResult) => `${r.check}\u0000${r.blog}`;
  const before = new Map(source.map((r) => [key(r), r.orphans]));
  return target
    .filter((r) => r.orphans > (before.get(key(r)) ?? 0))
    .map((r) => ({ check: r.check, blog: r.blog, source: before.get(key(r)) ?? 0, target: r.orphans }));
}
