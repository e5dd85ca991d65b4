// Verify: proves the staged copy equals what the stream sent and what the source holds, before anything goes
// live. Digests re-read from the target's staging tables, relation checks on both sides, row counts, a scan for
// serialized values that no longer unserialize, file counts and bytes per managed directory, plugin/theme parity.
// Read-only on both hosts, so it is always safe to run again. Any inequality fails the step.
import { WpfleetError, type PlannedSite, type StepHandler } from '@wpfleet/core';
import type { DbOutputs } from '../step-outputs/db-outputs.js';
import type { PreflightOutputs } from '../step-outputs/preflight-outputs.js';
import { priorOutput, stepOutputs } from '../step-outputs/step-outputs.js';
import { INTEGRITY_MISMATCH, type Integrity } from '../step-outputs/verify-outputs.js';
import { compareRelationChecks } from '../checks/relation-checks.js';
import {
  DEFAULT_EXCLUDES,
  compareFileManifests,
  fileManifestArgv,
  parseFileManifest,
  type ManifestComparison,
} from '../files/file-manifest.js';
import { compareDigests, digestDump, upgradeDigestKeys, type TableDigestJson } from '@wpfleet/sql';
import { allOrAbort } from '../step-environment/all-or-abort.js';
import { asStepError } from '../step-environment/as-step-error.js';
import type { RunMemory } from '../run-memory/run-memory.js';
import { openSiteSides, type SiteSides } from '../step-environment/site-sides.js';
import { readSideChecks } from '../checks/source-checks.js';
import { tablesWithPrefix } from '../db/staging-tables.js';
import { tableFields, tableInFinding, tableLabel } from '../db/table-in-finding.js';
import type { StepEnvironment } from '../step-environment/step-environment.js';
import { shScript } from '../transport/sh-script.js';

const LIST_DIRS =
  'for d in "$@"; do [ -d "$d" ] && ls -1A -- "$d" | sed "s|^|$(basename -- "$d")/|"; done; true';

export function verifyStep(env: StepEnvironment, memory: RunMemory): StepHandler {
  return async (ctx) => {
    const { site } = ctx;
    const where = { site: site.name, step: 'verify' };
    try {
      const db = priorOutput(ctx, 'db');
      const preflight = priorOutput(ctx, 'preflight');
      if (!db || !preflight) {
        throw new WpfleetError('WPF_STEP_ORDER', `verify of site ${site.name} ran before the copy finished`, {
          kind: 'bug',
          where,
        });
      }
      const { sourcePrefix, targetPrefix, subsiteBlogIds } = preflight;
      // The four checks only read, and each waits mostly on another host (a dump, a WordPress boot, a file walk),
      // so they run at once; their problems are listed in a fixed order. One that throws stops the others (their
      // remote commands are killed): the step fails with the first error instead of after the slowest check.
      const stop = new AbortController();
      const signal = AbortSignal.any([ctx.signal, stop.signal]);
      const sides = await openSiteSides(env, site, signal, preflight);
      ctx.emit({ message: 'digests, relations, serialized values, files and plugins' });
      // The staging tables, listed once for the re-dump and the relation checks.
      const staged = tablesWithPrefix(sides.target.wp, site.stagingPrefix);
      const [digestCheck, dataCheck, fileCheck, parityCheck] = await allOrAbort(stop, [
        checkDigests(sides, site, targetPrefix, db, staged, memory, signal),
        checkRelationsAndSerialized(sides, site, db, staged, sourcePrefix, targetPrefix, subsiteBlogIds),
        checkFiles(sides, site, signal, where),
        checkParity(sides, preflight, signal, where),
      ]);
      const { tables } = digestCheck;
      const { relations, sourceOrphans, sourceScan, targetScan } = dataCheck;
      const { files } = fileCheck;
      const { plugins, themes } = parityCheck;
      const problems = [
        ...digestCheck.problems,
        ...dataCheck.problems,
        ...fileCheck.problems,
        ...parityCheck.problems,
      ];
      for (const r of sourceOrphans) {
        ctx.finding({
          severity: 'info',
          code: r.check,
          where: { side: 'source' },
          message: `${r.orphans} ${r.check} row(s) on the source${r.blog ? ` (blog ${r.blog})` : ''}, carried over as they are`,
        });
      }
      const carriedCounts = new Map(targetScan.tables.map((t) => [t.suffix, t.count]));
      for (const { suffix, count } of sourceScan.tables) {
        const names = tableInFinding(sourcePrefix + suffix, 'source', {
          source: sourcePrefix,
          target: targetPrefix,
        });
        ctx.finding({
          severity: 'warning',
          code: 'serialized-corrupt',
          message: `${count} serialized value(s) in ${tableLabel(names)} do not unserialize on the source; carried over untouched`,
          ...tableFields(names, 'source', { count, carried: (carriedCounts.get(suffix) ?? 0) === count }),
        });
      }

      const integrity = { tables, files, relations } satisfies Integrity;
      const outputs = stepOutputs('verify', {
        integrity,
        serialized: { source: sourceScan.total, target: targetScan.total, scanned: targetScan.scanned },
        plugins: plugins.length,
        themes: themes.length,
        equal: problems.length === 0,
      });
      if (problems.length > 0) {
        // A failed step journals no outputs, so the integrity tables travel in a finding to reach the report.
        ctx.finding({
          severity: 'error',
          code: INTEGRITY_MISMATCH,
          message: `${problems.length} integrity difference(s)`,
          details: integrity,
        });
        throw Object.assign(
          new WpfleetError(
            'WPF_VERIFY_FAILED',
            `the staged copy of site ${site.name} differs from the source: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`,
            {
              kind: 'environment',
              where,
              hint: 'Nothing is live yet: the target still serves its previous site. See the integrity tables in the HTML report, then `wpfleet resume` copies again.',
            },
          ),
          { outputs },
        );
      }
      return { status: 'succeeded', outputs };
    } catch (error) {
      throw asStepError(error, where);
    }
  };
}

type Where = { site: string; step: string };

/** 1. Digests: the stream's (journalled) against a re-dump of the staging tables. */
async function checkDigests(
  sides: SiteSides,
  site: PlannedSite,
  targetPrefix: string,
  db: DbOutputs,
  stagedTables: Promise<string[]>,
  memory: RunMemory,
  signal: AbortSignal,
) {
  const journalled = journalledDigests(db.tables);
  const [staged, expect] = await Promise.all([
    stagedTables,
    memory.digestsOf(site.name, Object.fromEntries(journalled)),
  ]);
  const redump = await sides.target.wp.dbExport({ tables: staged, signal });
  const [read] = await Promise.all([
    digestDump(redump.stdout, {
      digestPrefix: { from: site.stagingPrefix, to: targetPrefix },
      ...(expect ? { expect } : {}),
    }),
    redump.result,
  ]);
  // A db step journalled by an older wpfleet keyed non-ASCII table names by their bytes (DS3).
  const sent = upgradeDigestKeys(journalled, read.digests);
  const differences = new Map(compareDigests(sent, read.digests, read.mismatches).map((d) => [d.table, d]));
  const names = [
    ...new Set([
      ...sent.keys(),
      ...read.digests.keys(),
      ...staged.map((t) => targetPrefix + t.slice(site.stagingPrefix.length)),
    ]),
  ].sort();
  const tables = names.map((table) => {
    const s = sent.get(table);
    const t = read.digests.get(table);
    const diff = differences.get(table);
    return {
      table,
      sourceRows: s?.rows ?? 0,
      targetRows: t?.rows ?? 0,
      sourceDigest: s?.digest ?? '',
      targetDigest: t?.digest ?? '',
      equal: diff === undefined,
      ...(diff ? { firstDifference: diff.message } : {}),
    };
  });
  return { tables, problems: [...differences.values()].map((d) => d.message) };
}

/**
 * 2 and 3. Relation checks (the target may not have more orphans than the source) and serialized values (corrupt
 * ones are carried over untouched and reported, never fixed; none may appear). The source's half comes from the
 * db step when it read it during the copy (source-checks.ts), else it is read now.
 */
async function checkRelationsAndSerialized(
  sides: SiteSides,
  site: PlannedSite,
  db: DbOutputs,
  stagedTables: Promise<string[]>,
  sourcePrefix: string,
  targetPrefix: string,
  subsiteBlogIds: readonly number[],
) {
  const [source, target] = await Promise.all([
    db.sourceChecks ?? readSideChecks(sides.source.wp, sourcePrefix, subsiteBlogIds),
    readSideChecks(sides.target.wp, site.stagingPrefix, subsiteBlogIds, stagedTables),
  ]);
  const targetByKey = new Map(target.relations.map((r) => [`${r.check}\0${r.blog}`, r.orphans]));
  const relations = source.relations.map((r) => ({
    check: r.check,
    blog: r.blog,
    source: r.orphans,
    target: targetByKey.get(`${r.check}\0${r.blog}`) ?? 0,
  }));
  const problems = compareRelationChecks(source.relations, target.relations).map(
    (d) =>
      `${d.check}${d.blog ? ` (blog ${d.blog})` : ''}: ${d.target} on the target, ${d.source} on the source`,
  );
  const sourceCounts = new Map(source.serialized.tables.map((t) => [t.suffix, t.count]));
  for (const { suffix, count } of target.serialized.tables) {
    const before = sourceCounts.get(suffix) ?? 0;
    const names = tableLabel(
      tableInFinding(targetPrefix + suffix, 'target', { source: sourcePrefix, target: targetPrefix }),
    );
    if (count > before)
      problems.push(
        `${count} serialized value(s) in ${names} no longer unserialize (the source has ${before})`,
      );
  }
  return {
    relations,
    problems,
    sourceOrphans: source.relations.filter((x) => x.orphans > 0),
    sourceScan: source.serialized,
    targetScan: target.serialized,
  };
}

/** 4. Files per managed directory, source live content against the target's staging directory. */
async function checkFiles(sides: SiteSides, site: PlannedSite, signal: AbortSignal, where: Where) {
  const excludes = [...DEFAULT_EXCLUDES, ...site.excludes];
  const [sourceList, targetList] = await Promise.all([
    sides.source.host.transport.exec(fileManifestArgv(sides.source.contentDir), { signal, where }),
    sides.target.host.transport.exec(fileManifestArgv(sides.target.stagingDir), { signal, where }),
  ]);
  const files: ManifestComparison[] = compareFileManifests(
    parseFileManifest(sourceList.stdout, excludes),
    parseFileManifest(targetList.stdout, excludes),
  );
  const problems = files
    .filter((x) => !x.equal)
    .map(
      (f) =>
        `wp-content/${f.dir}: ${f.sourceFiles} files / ${f.sourceBytes} bytes on the source, ${f.targetFiles} / ${f.targetBytes} staged`,
    );
  return { files, problems };
}

/**
 * 5. Plugin/theme parity: every plugin and theme the source knows is in the staged directories. The source's lists
 * come from the preflight's probe when it ran (regular plugins only, as `get_plugins()` lists them), else from
 * `wp plugin list` / `wp theme list` (must-use plugins and drop-ins left out: they are not plugin directories).
 */
async function checkParity(sides: SiteSides, preflight: PreflightOutputs, signal: AbortSignal, where: Where) {
  const probed = { plugins: preflight.sourcePlugins, themes: preflight.sourceThemes };
  const [plugins, themes, stagedEntries] = await Promise.all([
    probed.plugins ??
      sides.source.wp
        .pluginList()
        .then((list) => list.filter((p) => p.status !== 'must-use' && p.status !== 'dropin')),
    probed.themes ?? sides.source.wp.themeList(),
    sides.target.host.transport.exec(
      shScript(LIST_DIRS, `${sides.target.stagingDir}/plugins`, `${sides.target.stagingDir}/themes`),
      { signal, where },
    ),
  ]);
  const present = new Set(stagedEntries.stdout.split('\n').filter(Boolean));
  const missingPlugins = plugins.filter(
    (p) => !present.has(`plugins/${p.name}`) && !present.has(`plugins/${p.name}.php`),
  );
  const missingThemes = themes.filter((t) => !present.has(`themes/${t.name}`));
  const problems = [
    ...missingPlugins.map((p) => `plugin ${p.name} ${p.version} is not in the staged plugins`),
    ...missingThemes.map((t) => `theme ${t.name} ${t.version} is not in the staged themes`),
  ];
  return { plugins, themes, problems };
}

/**
 * The db step's journalled digests by table name. They are a list of `{ name, rows, digest }` (a table name is data,
 * not a field name); a journal from an older wpfleet keyed them by name, which is still read.
 */
function journalledDigests(tables: DbOutputs['tables']): Map<string, TableDigestJson> {
  if (Array.isArray(tables)) return new Map(tables.map(({ name, rows, digest }) => [name, { rows, digest }]));
  return new Map(Object.entries(tables ?? {}));
}
