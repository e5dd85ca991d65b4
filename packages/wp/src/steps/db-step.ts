// DB: the source's `wp db export -` streams through the SqlStream (replacements, rename to the staging prefix,
// target-prefix data, dump fixes, digests) straight into the target's `wp db import -`. Nothing lands on disk
// unless a dump directory is asked for. Only staging tables are written, so re-running after a failure or an
// in-doubt start is safe: leftover staging tables are dropped first and the dump recreates them.
import { createWriteStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WpfleetError, type StepHandler } from '@wpfleet/core';
import { SqlStream, SqlWorkerStream, type SqlStreamOptions } from '@wpfleet/sql';
import { priorOutput, stepOutputs } from '../step-outputs/step-outputs.js';
import { assertPrefixes, dropTablesSql } from '../db/table-swap.js';
import { asStepError } from '../step-environment/as-step-error.js';
import { DumpTee } from '../db/dump-tee.js';
import { explainDbFailure } from '../db/explain-db-failure.js';
import type { RunMemory } from '../run-memory/run-memory.js';
import { readSideChecks } from '../checks/source-checks.js';
import { openSiteSides } from '../step-environment/site-sides.js';
import { LeadingPhpMessageFilter } from '../wp-cli/leading-php-message-filter.js';
import { assertListableTables } from '../wp-cli/unlistable-table-name.js';
import { ownTables } from '../db/own-tables.js';
import { tablesWithPrefix } from '../db/staging-tables.js';
import { streamFindings } from '../db/table-in-finding.js';
import type { StepEnvironment } from '../step-environment/step-environment.js';
import { targetDbFacts } from '../db/target-db-facts.js';

/** Counts bytes and reports progress at most every half second. */
class ProgressMeter extends Transform {
  bytes = 0;
  private last = 0;
  private readonly started = Date.now();

  constructor(private readonly report: (bytes: number, rate: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    const now = Date.now();
    if (now - this.last >= 500) {
      this.last = now;
      this.report(this.bytes, this.bytes / Math.max(0.001, (now - this.started) / 1000));
    }
    callback(null, chunk);
  }
}

export function dbStep(env: StepEnvironment, memory: RunMemory): StepHandler {
  return async (ctx) => {
    const { site } = ctx;
    const where = { site: site.name, step: 'db' };
    const stop = new AbortController();
    const onAbort = () => stop.abort(ctx.signal.reason);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const preflight = priorOutput(ctx, 'preflight');
      if (!preflight) {
        throw new WpfleetError(
          'WPF_STEP_ORDER',
          `db step of site ${site.name} ran without preflight outputs`,
          { kind: 'bug', where },
        );
      }
      // The plan is trusted once its hash matches: re-assert, before the first statement, that the staging prefix
      // this step drops and fills cannot name a live table on either side.
      const { sourcePrefix, targetPrefix, subsiteBlogIds } = preflight;
      assertPrefixes(
        { live: targetPrefix, staging: site.stagingPrefix, backup: site.backupPrefix },
        { ...where, host: site.target.host },
      );
      assertPrefixes(
        { live: sourcePrefix, staging: site.stagingPrefix, backup: site.backupPrefix },
        { ...where, host: site.source.host },
      );
      const sides = await openSiteSides(env, site, stop.signal, preflight);
      // Three lookups on two hosts, independent of each other: at once. The source's tables come from SHOW
      // TABLES (what `wp db tables --all-tables-with-prefix` runs, without booting WordPress for it).
      const [targetDb, leftovers, everySourceTable] = await Promise.all([
        targetDbFacts(sides.target.wp, site.stagingPrefix),
        tablesWithPrefix(sides.target.wp, site.stagingPrefix),
        tablesWithPrefix(sides.source.wp, ''),
      ]);
      const { own: sourceTables, others } = ownTables(
        everySourceTable.filter((t) => t.startsWith(sourcePrefix)),
        sourcePrefix,
      );
      const own = new Set(sourceTables);
      for (const other of others) {
        ctx.finding({
          severity: 'warning',
          code: 'other-install-tables-skipped',
          where: { side: 'source' },
          message: `${other.tables.length} table(s) under \`${other.prefix}\` belong to another WordPress install sharing the source database and were not copied`,
          details: { prefix: other.prefix, tables: other.tables },
        });
      }

      // Before anything runs on either side: the export names these tables in a comma list.
      assertListableTables(sourceTables, { host: site.source.host, site: site.name });

      // Only staging tables are ever dropped here; the prefixes were checked not to overlap the live one.
      if (leftovers.length > 0) {
        await sides.target.wp.dbQuery(dropTablesSql(leftovers), { header: false });
      }

      const streamOptions: SqlStreamOptions = {
        pairs: site.replacements,
        prefix: { from: sourcePrefix, to: targetPrefix, staging: site.stagingPrefix },
        fixes: {
          target: targetDb.server,
          takenConstraintNames: targetDb.constraintNames,
          takenTriggerNames: targetDb.triggerNames,
          renamedTriggerPrefix: site.stagingPrefix,
          ...(env.collationMap ? { collationMap: { ...env.collationMap } } : {}),
        },
        // WordPress says never to change GUIDs: feed readers use them as identities.
        skipColumns: ['guid'],
        keepRowHashes: true,
        // The export's stdout is the source's to write: only a dump's statement kinds on staging tables pass.
        firewall: {
          tablePrefix: site.stagingPrefix,
          requireDumpHeader: true,
          triggerBodyPrefix: targetPrefix,
        },
        ...(env.maxStatementBytes !== undefined ? { maxStatementBytes: env.maxStatementBytes } : {}),
      };
      const stream = env.sqlWorkers
        ? new SqlWorkerStream(env.sqlWorkers, streamOptions)
        : new SqlStream(streamOptions);
      const total = site.estimate.dbBytes || undefined;
      const meter = new ProgressMeter((bytes, rate) =>
        ctx.emit({
          bytesDone: bytes,
          ...(total ? { bytesTotal: Math.max(total, bytes) } : {}),
          rate,
          message: 'db export → import',
        }),
      );
      // Only the site's own tables (tablesWithPrefix): another install or a stray table sharing the database must
      // not land on the target outside the staging prefix.
      if (sourceTables.length === 0) {
        throw new WpfleetError(
          'WPF_SOURCE_NO_TABLES',
          `the source database of site ${site.name} has no \`${sourcePrefix}\` tables`,
          {
            kind: 'environment',
            where: { ...where, host: site.source.host },
            hint: 'Check the source `path` and its wp-config.php `$table_prefix`. Nothing was copied.',
          },
        );
      }
      // The source's half of verify's relation and serialized checks, read from the same moment as the dump (and off
      // verify's critical path). Only reads; if it fails, verify reads it itself.
      const sourceChecks = readSideChecks(
        sides.source.wp,
        sourcePrefix,
        subsiteBlogIds,
        Promise.resolve(sourceTables),
      ).catch(() => undefined);
      // One after the other: an export that cannot start (a table list no command line holds) must not leave an
      // import running, whose cancellation nobody would await (an unhandled rejection ends the whole controller).
      const exporter = await sides.source.wp.dbExport({
        tables: sourceTables,
        otherTables: everySourceTable.filter((t) => !own.has(t)),
        extraArgs: env.dbExportArgs ?? [],
        signal: stop.signal,
      });
      const importer = await sides.target.wp.dbImport({ signal: stop.signal }).catch((error: unknown) => {
        exporter.result.catch(() => undefined);
        throw error;
      });
      const tee = env.keepDumpDir
        ? new DumpTee(createWriteStream(`${env.keepDumpDir}/${site.name}.sql`, { mode: 0o600 }))
        : null;
      // Whichever side fails first stops the other, so a dead target never leaves a dump running on the source.
      const settle = <T>(p: Promise<T>) =>
        p.catch((error: unknown) => {
          stop.abort(error);
          throw error;
        });
      // PHP's messages printed ahead of the dump (display_errors on) would reach the import as SQL.
      const lead = new LeadingPhpMessageFilter();
      await Promise.all([
        settle(
          tee
            ? pipeline(exporter.stdout, lead, meter, stream, tee, importer.stdin, { signal: stop.signal })
            : pipeline(exporter.stdout, lead, meter, stream, importer.stdin, { signal: stop.signal }),
        ),
        settle(exporter.result),
        settle(importer.result),
      ]);

      if (lead.removed.length > 0) {
        ctx.finding({
          severity: 'warning',
          code: 'php-messages-before-dump',
          where: { side: 'source' },
          message: `the source printed ${lead.removed.length} PHP message(s) ahead of the dump (display_errors is on); they were left out of the copy: ${lead.removed[0]}`,
        });
      }
      const report = stream.report();
      for (const f of streamFindings(report.findings, { source: sourcePrefix, target: targetPrefix }))
        ctx.finding(f);
      const staged = await tablesWithPrefix(sides.target.wp, site.stagingPrefix);
      if (staged.length === 0) {
        throw new WpfleetError(
          'WPF_DB_IMPORT_EMPTY',
          `the import for site ${site.name} created no staging tables on ${site.target.host}`,
          {
            kind: 'environment',
            where: { ...where, host: site.target.host },
            hint: 'Check that the source dump is not empty (`wp db export -` on the source). The live tables were not touched.',
          },
        );
      }
      await memory.rememberDigests(site.name, stream.digests);
      const source = await sourceChecks;
      // A list, not an object keyed by name: table names are data (`wp_oauth_token`, `__proto__`), not field names.
      const tables = [...stream.digests].map(([name, d]) => ({ name, rows: d.rows, digest: d.digest }));
      const corrupt = report.findings
        .filter((f) => f.code === 'serialized-unparseable')
        .reduce((n, f) => n + (f.details?.count ?? 0), 0);
      ctx.emit({
        bytesDone: report.bytesIn,
        bytesTotal: report.bytesIn,
        message: 'db imported into staging tables',
      });
      return {
        status: 'succeeded',
        outputs: stepOutputs('db', {
          sourcePrefix,
          targetPrefix,
          copied: staged.map((t) => t.slice(site.stagingPrefix.length)).sort(),
          tables,
          bytesIn: report.bytesIn,
          bytesOut: report.bytesOut,
          replacements: report.replacements.total,
          unparseableSerialized: corrupt,
          target: { flavour: targetDb.server.flavour, version: targetDb.server.version ?? null },
          ...(source
            ? {
                sourceChecks: {
                  relations: source.relations.map((r) => ({ ...r })),
                  serialized: {
                    ...source.serialized,
                    tables: source.serialized.tables.map((t) => ({ ...t })),
                  },
                },
              }
            : {}),
        }),
      };
    } catch (error) {
      stop.abort(error);
      if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : error;
      throw asStepError(explainDbFailure(error, site.name, site.target.host), where);
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
  };
}
