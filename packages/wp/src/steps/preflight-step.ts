// Preflight: the Doctor's checks for one site, right before its copy starts. It learns the facts the later steps
// need (table prefixes, multisite blog ids, target free space) and refuses early, before anything is written.
import { posix } from 'node:path';
import {
  WpfleetError,
  explainRequiredTargetBytes,
  judgeTargetDisk,
  requiredTargetBytes,
  type StepHandler,
} from '@wpfleet/core';
import { stepOutputs } from '../step-outputs/step-outputs.js';
import { assertPrefixes } from '../db/table-swap.js';
import { dfArgv, parseDfFreeBytes } from '../doctor/disk-free.js';
import { asStepError } from '../step-environment/as-step-error.js';
import { contentDirOf, openSiteSides } from '../step-environment/site-sides.js';
import type { DoctorSourceFacts, StepEnvironment } from '../step-environment/step-environment.js';

export function preflightStep(env: StepEnvironment): StepHandler {
  return async (ctx) => {
    const { site } = ctx;
    const where = { site: site.name, step: 'preflight' };
    try {
      if (site.blockers.length > 0) {
        throw new WpfleetError(
          'WPF_SITE_BLOCKED',
          `site ${site.name} has blockers: ${site.blockers.map((b) => b.message).join('; ')}`,
          {
            kind: 'policy',
            where,
            hint:
              site.blockers
                .map((b) => b.hint)
                .filter(Boolean)
                .join(' ') || 'Fix the blockers and run `wpfleet plan` again.',
          },
        );
      }
      // The Doctor first: it says what is wrong in the user's terms (path, install, grants, tools) before the
      // lookups below can fail with a bare WP-CLI error.
      let doctorSource: DoctorSourceFacts | undefined;
      if (env.doctor) {
        const { findings: results, source } = await env.doctor(site, ctx.signal);
        doctorSource = source;
        for (const r of results)
          ctx.finding({ severity: r.severity, code: r.code, message: r.message, where: { side: 'target' } });
        const errors = results.filter((r) => r.severity === 'error');
        if (errors.length > 0) {
          throw new WpfleetError(
            'WPF_PREFLIGHT_FAILED',
            `preflight failed for site ${site.name}: ${errors.map((e) => e.message).join('; ')}`,
            {
              kind: 'environment',
              where,
              hint:
                errors
                  .map((e) => e.hint)
                  .filter(Boolean)
                  .join(' ') || 'Run `wpfleet doctor` for details. Nothing was copied.',
            },
          );
        }
      }
      const sides = await openSiteSides(env, site, ctx.signal);
      // `wp config get` evaluates wp-config.php without booting WordPress, and `$table_prefix` is what `wp db
      // prefix` prints. The Doctor's probe has proved the source installed; without the Doctor, ask WP-CLI.
      const [installed, sourceConfig, targetConfig] = await Promise.all([
        env.doctor ? true : sides.source.wp.isInstalled(),
        sides.source.wp.configGet(),
        sides.target.wp.configGet(),
      ]);
      const [sourcePrefix, targetPrefix] = [sourceConfig.tablePrefix, targetConfig.tablePrefix];
      if (!installed) {
        throw new WpfleetError(
          'WPF_SOURCE_NOT_INSTALLED',
          `the source of site ${site.name} is not an installed WordPress`,
          {
            kind: 'user',
            where: { ...where, host: site.source.host },
            hint: 'Check the source `path` in the fleet file. Nothing was copied.',
          },
        );
      }
      assertPrefixes({ live: targetPrefix, staging: site.stagingPrefix, backup: site.backupPrefix });
      assertPrefixes({ live: sourcePrefix, staging: site.stagingPrefix, backup: site.backupPrefix });

      let subsiteBlogIds: number[] = [];
      if (site.multisite) {
        const blogs = await sides.source.wp.dbQuery(
          `SELECT blog_id FROM \`${sourcePrefix}blogs\` WHERE blog_id > 1 ORDER BY blog_id`,
          { header: false },
        );
        subsiteBlogIds = blogs.rows.map((r) => Number(r[0])).filter((n) => Number.isInteger(n));
      }

      const parent = posix.dirname(site.target.path.replace(/\/+$/, ''));
      const df = await sides.target.host.transport.exec(dfArgv(parent), {
        signal: ctx.signal,
        where: { ...where, host: site.target.host },
      });
      const freeBytes = parseDfFreeBytes(df.stdout);
      const needed = requiredTargetBytes(site.estimate.dbBytes, site.estimate.fileBytes);
      // The plan's `target-disk` rule, judged again with what `df` says right before the copy.
      const disk =
        freeBytes === null
          ? undefined
          : judgeTargetDisk({
              freeBytes,
              dbBytes: site.estimate.dbBytes,
              fileBytes: site.estimate.fileBytes,
              host: site.target.host,
            });
      if (disk?.severity === 'error') {
        throw new WpfleetError(
          'WPF_TARGET_DISK_FULL',
          `target host ${site.target.host} has ${freeBytes} bytes free under ${parent}, site ${site.name} needs about ${needed}`,
          {
            kind: 'environment',
            where: { ...where, host: site.target.host },
            hint: `Free space on the target (or grow the volume), then run \`wpfleet resume\`. Nothing was copied. The figure is ${explainRequiredTargetBytes(site.estimate.dbBytes, site.estimate.fileBytes)}.`,
          },
        );
      }

      return {
        status: 'succeeded',
        outputs: stepOutputs('preflight', {
          sourcePrefix,
          targetPrefix,
          subsiteBlogIds,
          // WP_CONTENT_DIR when wp-config.php moves it: the files step, verify and the swap work there.
          sourceContentDir: contentDirOf(site.source.path, sourceConfig.values),
          targetContentDir: contentDirOf(site.target.path, targetConfig.values),
          targetFreeBytes: freeBytes,
          neededBytes: needed,
          // The source's plugins and themes as its probe saw them: verify's parity check uses them (no WordPress boot).
          ...(doctorSource ? { sourcePlugins: doctorSource.plugins, sourceThemes: doctorSource.themes } : {}),
        }),
      };
    } catch (error) {
      throw asStepError(error, where);
    }
  };
}
