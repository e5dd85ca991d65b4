// Swap: one RENAME TABLE makes the staging tables live (the old live tables go under the backup prefix), then the
// staged wp-content directories move into place, then WordPress housekeeping. A resumed or retried run reads the
// table list first (swapState) and never renames twice. If the files cannot move, the tables are swapped back so
// the target is never half old and half new.
import { WpfleetError, trimSlash, type StepHandler } from '@wpfleet/core';
import { priorOutput, stepOutputs } from '../step-outputs/step-outputs.js';
import type { SwapOutputs } from '../step-outputs/swap-outputs.js';
import { assertPrefixes, planSwap, planUndo, quoteIdentifier, swapState } from '../db/table-swap.js';
import { MANAGED_DIRS } from '../files/file-manifest.js';
import { swapContentDirs } from '../files/file-sync.js';
import { asStepError } from '../step-environment/as-step-error.js';
import { expectedSiteurl } from '../housekeeping/expected-siteurl.js';
import { housekeepingScript, parseHousekeeping } from '../housekeeping/housekeeping.js';
import { sqlString } from '../db/sql-string.js';
import { openSiteSides, type SiteSides } from '../step-environment/site-sides.js';
import type { StepEnvironment } from '../step-environment/step-environment.js';
import { shScript } from '../transport/sh-script.js';
import { escapeRegExp } from '@wpfleet/sql';

export async function targetTables(sides: SiteSides): Promise<string[]> {
  return (await sides.target.wp.dbQuery('SHOW TABLES', { header: false })).rows
    .map((r) => r[0]!)
    .filter(Boolean);
}

// Which managed directories are still staged and which already have a backup: the files swap's own state.
const DIR_STATE =
  'staging="$1"; backup="$2"; shift 2; for d in "$@"; do [ -d "$staging/$d" ] && echo "staged $d"; [ -e "$backup/$d" ] && echo "backup $d"; done; true';

export function swapStep(env: StepEnvironment): StepHandler {
  return async (ctx) => {
    const { site } = ctx;
    const where = { site: site.name, step: 'swap', host: site.target.host };
    try {
      const preflight = priorOutput(ctx, 'preflight');
      const copied = priorOutput(ctx, 'db')?.copied ?? [];
      if (copied.length === 0 || !preflight) {
        throw new WpfleetError('WPF_SWAP_INCOMPLETE', `site ${site.name} has no completed copy to swap in`, {
          kind: 'bug',
          where,
          hint: 'The db and preflight steps must finish first; run `wpfleet resume`.',
        });
      }
      if (site.forbiddenActions.includes('swap')) {
        throw new WpfleetError('WPF_POLICY_SWAP', `the fleet policy forbids swapping site ${site.name}`, {
          kind: 'policy',
          where,
        });
      }
      const livePrefix = preflight.targetPrefix;
      const prefixes = { live: livePrefix, staging: site.stagingPrefix, backup: site.backupPrefix };
      // Before the first statement (planSwap checks again, but the state read and a swap back come first).
      assertPrefixes(prefixes, where);
      const sides = await openSiteSides(env, site, ctx.signal, preflight);
      const tables = await targetTables(sides);
      const state = swapState(prefixes, tables, copied);
      let promotedTables: string[];
      let backedUpTables: string[];
      if (state === 'pending') {
        const plan = planSwap({ ...prefixes, tables, copied });
        ctx.emit({ message: `RENAME TABLE (${plan.promoted.length} tables)` });
        await sides.target.wp.dbQuery(plan.sql, { header: false });
        promotedTables = plan.promoted;
        backedUpTables = plan.backedUp;
        if (plan.untouched.length > 0) {
          ctx.finding({
            severity: 'info',
            code: 'live-tables-untouched',
            where: { side: 'target' },
            message: `${plan.untouched.length} target table(s) the source does not have were left in place: ${plan.untouched.map((s) => livePrefix + s).join(', ')}`,
          });
        }
      } else if (state === 'done') {
        // An earlier attempt renamed the tables and stopped before recording it.
        promotedTables = [...copied].sort();
        const present = new Set(tables);
        backedUpTables = promotedTables.filter((s) => present.has(site.backupPrefix + s));
        ctx.emit({ message: 'tables were already swapped by an earlier attempt' });
      } else {
        throw new WpfleetError(
          'WPF_SWAP_MIXED',
          `the target tables of site ${site.name} are half swapped (some staging tables are left, some are live)`,
          {
            kind: 'environment',
            where,
            hint:
              'Compare the staging (`' +
              site.stagingPrefix +
              '`) and live tables by hand; `wpfleet undo` restores the backup.',
          },
        );
      }

      const dirs = {
        contentDir: sides.target.contentDir,
        stagingDir: sides.target.stagingDir,
        backupDir: sides.target.backupDir,
      };
      const dirState = (
        await sides.target.host.transport.exec(
          shScript(DIR_STATE, dirs.stagingDir, dirs.backupDir, ...MANAGED_DIRS),
          { signal: ctx.signal, where },
        )
      ).stdout;
      const staged = [...dirState.matchAll(/^staged (.+)$/gm)].map((m) => m[1]!);
      const backedUpDirs = [...dirState.matchAll(/^backup (.+)$/gm)].map((m) => m[1]!);
      let promotedDirs: string[];
      // Nothing staged after an attempt that may have swapped: the directories with a backup are the ones it moved.
      if (
        staged.length === 0 &&
        priorOutput(ctx, 'files') &&
        (ctx.inDoubt || ctx.attempt > 1 || state === 'done')
      ) {
        promotedDirs = backedUpDirs;
      } else {
        try {
          promotedDirs = await swapContentDirs(sides.target.host.transport, dirs, where);
        } catch (error) {
          if (state === 'pending') {
            const back = planUndo({
              ...prefixes,
              tables: await targetTables(sides),
              promoted: promotedTables,
              backedUp: backedUpTables,
            });
            await sides.target.wp.dbQuery(back.sql, { header: false });
          }
          throw error;
        }
      }

      const warn = (code: string, message: string) =>
        ctx.finding({ severity: 'warning', code, message, where: { side: 'target' } });
      await repointViews(
        sides,
        promotedTables.map((t) => livePrefix + t),
        site.stagingPrefix,
        livePrefix,
        warn,
      );
      await housekeeping(sides, site.target.url, livePrefix, site.multisite, warn);
      const outputs: SwapOutputs = {
        livePrefix,
        stagingPrefix: site.stagingPrefix,
        backupPrefix: site.backupPrefix,
        promotedTables,
        backedUpTables,
        ...dirs,
        promotedDirs,
      };
      return { status: state === 'done' ? 'skipped' : 'succeeded', outputs: stepOutputs('swap', outputs) };
    } catch (error) {
      throw asStepError(error, where);
    }
  };
}

/**
 * A view loaded into staging names the staging tables in its body, and RENAME TABLE renames the view but not what it
 * selects from: each promoted view is defined again over the live tables. Read as hex, so newlines and tabs in a
 * definition survive the TSV output. Failures are warnings.
 */
async function repointViews(
  sides: SiteSides,
  promoted: readonly string[],
  stagingPrefix: string,
  livePrefix: string,
  warn: (code: string, message: string) => void,
): Promise<void> {
  if (promoted.length === 0) return;
  const wanted = new Set(promoted);
  try {
    const rows = (
      await sides.target.wp.dbQuery(
        'SELECT HEX(TABLE_NAME), HEX(VIEW_DEFINITION), SECURITY_TYPE FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()',
        { header: false },
      )
    ).rows;
    const staged = new RegExp(`\`${escapeRegExp(stagingPrefix)}`, 'g');
    for (const [nameHex, definitionHex, security] of rows) {
      const name = Buffer.from(nameHex ?? '', 'hex').toString('utf8');
      if (!wanted.has(name)) continue;
      const definition = Buffer.from(definitionHex ?? '', 'hex').toString('utf8');
      const live = definition.replace(staged, `\`${livePrefix}`);
      if (live === definition) continue;
      const securityClause = security === 'INVOKER' ? 'INVOKER' : 'DEFINER';
      await sides.target.wp.dbQuery(
        `CREATE OR REPLACE SQL SECURITY ${securityClause} VIEW ${quoteIdentifier(name)} AS ${live}`,
        { header: false },
      );
    }
  } catch (error) {
    warn(
      'view-repoint-failed',
      `defining the site's views over the live tables failed on the target: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

/** siteurl/home as planned, then the caches WordPress keeps about its old home. Failures here are warnings. */
async function housekeeping(
  sides: SiteSides,
  url: string,
  prefix: string,
  multisite: boolean,
  warn: (code: string, message: string) => void,
): Promise<void> {
  const wanted = trimSlash(url);
  const attempt = async (code: string, what: string, action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      warn(code, `${what} failed on the target: ${(error as Error).message.split('\n')[0]}`);
    }
  };
  const table = `\`${prefix}options\``;
  await attempt('siteurl-update-failed', 'setting siteurl/home', async () => {
    // Read from the table itself (no WordPress boot, and not WP_HOME/WP_SITEURL from wp-config): it is what moved.
    const rows = (
      await sides.target.wp.dbQuery(
        `SELECT option_name, option_value FROM ${table} WHERE option_name IN ('siteurl', 'home')`,
        { header: false },
      )
    ).rows;
    const value = (name: string) => rows.find((r) => r[0] === name)?.[1];
    const [siteurl, home] = [value('siteurl'), value('home')];
    // home is the planned URL; siteurl keeps the subdirectory of a WordPress in its own directory.
    const wantedSiteurl = expectedSiteurl(siteurl, wanted);
    if (siteurl !== wantedSiteurl || home !== wanted) {
      await sides.target.wp.dbQuery(
        `UPDATE ${table} SET option_value = CASE option_name WHEN 'home' THEN ${sqlString(wanted)} ELSE ${sqlString(wantedSiteurl)} END WHERE option_name IN ('siteurl', 'home')`,
        { header: false },
      );
      if (!multisite)
        warn(
          'siteurl-rewritten',
          `siteurl/home were ${String(siteurl)} / ${String(home)} after the copy; set to ${wantedSiteurl} / ${wanted}`,
        );
    }
  });
  // Three deletions of derived data WordPress rebuilds on demand, in one WordPress boot (housekeepingScript).
  const actions = {
    cache: ['cache-flush-failed', 'flushing the object cache'],
    transients: ['transient-delete-failed', 'deleting transients'],
    rewrite: ['rewrite-flush-failed', 'flushing rewrite rules'],
  } as const;
  await attempt('housekeeping-failed', 'cache, transient and rewrite housekeeping', async () => {
    const outcome = parseHousekeeping(await sides.target.wp.evalFile(housekeepingScript()));
    for (const [name, [code, what]] of Object.entries(actions)) {
      const result = outcome[name as keyof typeof actions];
      if (result !== 'ok')
        warn(
          code,
          `${what} failed on the target: ${result.replace(/^failed:?\s*/, '') || 'WordPress reported a failure'}`,
        );
    }
  });
}
