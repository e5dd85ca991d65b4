import { describe, expect, it } from 'vitest';
import {
  compareRelationChecks,
  missingBlogTables,
  parseRelationCheckRows,
  relationCheckSql,
} from '@wpfleet/wp';

describe('relation checks', () => {
  it('checks the staging prefix as readily as the live one', () => {
    const sql = relationCheckSql({ prefix: 'wpfstg_' });
    expect(sql).toContain('`wpfstg_postmeta`');
    expect(sql).not.toMatch(/`wp_/);
    expect(sql.split('UNION ALL')).toHaveLength(7);
  });

  it('adds each multisite subsite, whose posts still belong to the network users table', () => {
    const sql = relationCheckSql({ prefix: 'wp_', subsiteBlogIds: [2, 3] });
    expect(sql).toContain("'orphan-postmeta', '2'");
    expect(sql).toContain('`wp_3_comments`');
    expect(sql).toContain('LEFT JOIN `wp_users` u ON u.ID = p.post_author');
    expect(sql).not.toContain('wp_2_users');
  });

  it('refuses a prefix that could smuggle SQL into the statement', () => {
    expect(() => relationCheckSql({ prefix: 'wp_`; DROP TABLE x; --' })).toThrow(/not a plain identifier/);
  });

  it('parses the tab-separated rows that `wp db query --skip-column-names` prints, trailing blank line included', () => {
    expect(parseRelationCheckRows('orphan-postmeta\t\t3\nposts-missing-author\t2\t0\n\n')).toEqual([
      { check: 'orphan-postmeta', blog: '', orphans: 3 },
      { check: 'posts-missing-author', blog: '2', orphans: 0 },
    ]);
    expect(() => parseRelationCheckRows('garbage\n')).toThrow(/unexpected relation-check row/);
  });

  it('leaves out PHP messages a site printed ahead of the rows (display_errors on)', () => {
    const noisy =
      '\nWarning: Constant WP_DEBUG already defined in /srv/www/acme/wp-config.php on line 91\norphan-postmeta\t\t3\n';
    expect(parseRelationCheckRows(noisy)).toEqual([{ check: 'orphan-postmeta', blog: '', orphans: 3 }]);
  });

  it('only reports orphans the target gained: those the source already had are carried over as they are', () => {
    const source = [
      { check: 'orphan-postmeta' as const, blog: '', orphans: 3 },
      { check: 'orphan-usermeta' as const, blog: '', orphans: 0 },
    ];
    const target = [
      { check: 'orphan-postmeta' as const, blog: '', orphans: 3 },
      { check: 'orphan-usermeta' as const, blog: '', orphans: 2 },
    ];
    expect(compareRelationChecks(source, target)).toEqual([
      { check: 'orphan-usermeta', blog: '', source: 0, target: 2 },
    ]);
  });

  it('names multisite blogs whose tables did not arrive', () => {
    const tables = [
      'posts',
      'postmeta',
      'options',
      'comments',
      'commentmeta',
      'terms',
      'term_taxonomy',
      'term_relationships',
    ];
    const existing = tables.map((t) => `wp_2_${t}`).concat(['wp_3_posts']);
    expect(missingBlogTables('wp_', [2, 3], existing)).toEqual([
      { check: 'blogs-missing-tables', blog: '2', orphans: 0 },
      { check: 'blogs-missing-tables', blog: '3', orphans: 7 },
    ]);
  });
});
