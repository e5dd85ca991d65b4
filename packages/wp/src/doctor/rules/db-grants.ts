// The target DB user may create, alter, drop and rename the staging tables (and load the source's triggers and
// views). The grant lines carry password hashes: only the privilege verdict leaves this rule.
import { likePrefix, sqlString } from '../../db/sql-string.js';
import type { WpCli } from '../../wp-cli/wp-cli.js';
import { checkGrants, MIGRATION_PRIVILEGES } from '../db-grants.js';
import { doctorCheck } from '../doctor-check.js';
import { fromError, type SiteRule } from './doctor-rule.js';

export const dbGrants: SiteRule = {
  name: 'db-grants',
  async check({ fleet, site, targetHost, targetCli, target, source, sourceCli }) {
    if (!targetCli || !target) return [];
    const where = { host: targetHost, site, side: 'target' as const };
    const dbName = fleet.sites[site]!.target.db?.name ?? target.database.name;
    try {
      const [grants, objects] = await Promise.all([
        targetCli.dbQuery('SHOW GRANTS', { header: false }),
        source && sourceCli
          ? sourceObjects(sourceCli, source.wordpress.tablePrefix)
          : Promise.resolve({ triggers: 0, views: 0 }),
      ]);
      // Loading the source's triggers and views into staging needs their privileges too.
      const required = [
        ...MIGRATION_PRIVILEGES,
        ...(objects.triggers > 0 ? ['TRIGGER'] : []),
        ...(objects.views > 0 ? ['CREATE VIEW'] : []),
      ];
      const verdict = checkGrants(grants.rows.map((r) => r.join('\t')).join('\n'), dbName, required);
      if (verdict.missing.length === 0)
        return [
          doctorCheck(
            'db-grants',
            where,
            'ok',
            `the target DB user may ${verdict.granted.join(', ')} on ${dbName}`,
          ),
        ];
      // The fix needs the account and where its DB lives; without them the check still fails, just without a fix.
      const [account = '', dbHost = ''] = await Promise.all([
        targetCli.dbQuery('SELECT CURRENT_USER()', { header: false }).then((r) => r.rows[0]?.[0] ?? ''),
        targetCli.configGet().then((c) => c.dbHost),
      ]).catch(() => ['', '']);
      const sql = grantSql(verdict.missing, dbName, account);
      const failed = doctorCheck(
        'db-grants',
        where,
        'fail',
        `the target DB user lacks ${verdict.missing.join(', ')} on ${dbName}`,
        sql
          ? `as a DB admin on ${targetHost}: ${sql} (staging tables are created, altered and renamed there); \`wpfleet doctor --fix\` runs it after asking`
          : `as a DB admin on ${targetHost}: GRANT ${verdict.missing.join(', ')} ON \`${dbName}\`.* TO the site's DB user; staging tables are created, altered and renamed there`,
      );
      if (!sql || !dbHost) return [failed];
      return [
        {
          ...failed,
          fix: {
            kind: 'db-grants',
            host: targetHost,
            site,
            database: dbName,
            account,
            privileges: verdict.missing,
            sql,
            dbHost,
          },
        },
      ];
    } catch (error) {
      const { message, hint } = fromError(error);
      return [
        doctorCheck(
          'db-grants',
          where,
          'fail',
          `could not read the target DB user's grants: ${message}`,
          hint,
        ),
      ];
    }
  },
};

/** How many triggers and views the source has on its tables (0 and 0 when it cannot say). */
async function sourceObjects(cli: WpCli, prefix: string): Promise<{ triggers: number; views: number }> {
  const like = likePrefix(prefix);
  try {
    const row = (
      await cli.dbQuery(
        `SELECT (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE LIKE ${like}), (SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE ${like})`,
        { header: false },
      )
    ).rows[0];
    return { triggers: Number(row?.[0] ?? 0) || 0, views: Number(row?.[1] ?? 0) || 0 };
  } catch {
    return { triggers: 0, views: 0 };
  }
}

/**
 * `GRANT ... ON \`db\`.* TO 'user'@'host'` for an account as CURRENT_USER() prints it (`user@host`). The database
 * name is written as WordPress hosts usually grant it (`_` unescaped), so the new privileges join the user's
 * existing entry: an escaped `db\_name` would be a second, more specific entry that shadows the existing one and
 * takes its other rights away.
 */
function grantSql(privileges: readonly string[], database: string, account: string): string {
  const at = account.lastIndexOf('@');
  if (at <= 0 || privileges.length === 0) return '';
  const db = `\`${database.replace(/`/g, '``')}\``;
  return `GRANT ${privileges.join(', ')} ON ${db}.* TO ${sqlString(account.slice(0, at))}@${sqlString(account.slice(at + 1))};`;
}
