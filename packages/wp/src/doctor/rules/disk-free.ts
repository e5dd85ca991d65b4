// Free disk at the target path, from `df`, judged by core's one target-disk rule (the plan's and preflight's).
import { judgeTargetDisk } from '@wpfleet/core';
import { dfArgv, parseDfFreeBytes } from '../disk-free.js';
import { doctorCheck } from '../doctor-check.js';
import { firstLine, type SiteRule } from './doctor-rule.js';

export const diskFree: SiteRule = {
  name: 'disk-free',
  async check({ fleet, site, targetHost, source, target, targetCli, execOnTarget }) {
    if (!source || !target || !targetCli) return [];
    const where = { host: targetHost, site, side: 'target' as const };
    const path = fleet.sites[site]!.target.path;
    const dbBytes = source.database.tables.reduce((sum, t) => sum + t.bytes, 0);
    // What the files step copies: all managed wp-content directories (older cached facts know uploads only).
    const fileBytes = (source.content ?? source.uploads).bytes;
    const df = await execOnTarget(dfArgv(path));
    const free = df.exitCode === 0 ? parseDfFreeBytes(df.stdout) : null;
    if (free === null) {
      return [
        doctorCheck(
          'disk-free',
          where,
          'warn',
          `could not read free disk at ${path}: ${firstLine(df.stderr) || 'no df output'}`,
          'check by hand with `df -Pk PATH` on the target',
        ),
      ];
    }
    const verdict = judgeTargetDisk({ freeBytes: free, dbBytes, fileBytes, host: targetHost });
    return [
      doctorCheck(
        'disk-free',
        where,
        verdict.severity === 'error' ? 'fail' : 'ok',
        verdict.message,
        verdict.hint,
      ),
    ];
  },
};
