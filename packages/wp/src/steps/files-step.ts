// Files: copies the managed wp-content directories into the target's staging directory, host to host when the
// target can reach the source (temporary rrsync-confined key, removed in a finally), else relayed through the
// controller. Re-running it converges (rsync) or starts over (relay), so an in-doubt start needs no check.
import { WpfleetError, type StepHandler } from '@wpfleet/core';
import { priorOutput, stepOutputs } from '../step-outputs/step-outputs.js';
import { DEFAULT_EXCLUDES } from '../files/file-manifest.js';
import { syncHostToHost, syncRelay, type FileSyncResult } from '../files/file-sync.js';
import { connectionLostError } from '../transport/streaming-transport.js';
import { asStepError, failureText } from '../step-environment/as-step-error.js';
import { removeStaleTemporaryKeys } from '../files/remove-stale-temporary-keys.js';
import { openSiteSides, targetWorkDirs } from '../step-environment/site-sides.js';
import type { StepEnvironment } from '../step-environment/step-environment.js';

export function filesStep(env: StepEnvironment): StepHandler {
  return async (ctx) => {
    const { site } = ctx;
    const where = { site: site.name, step: 'files' };
    try {
      const sides = await openSiteSides(env, site, ctx.signal, priorOutput(ctx, 'preflight'));
      const excludes = [...DEFAULT_EXCLUDES, ...site.excludes];
      const options = {
        excludes,
        delete: !site.forbiddenActions.includes('files-delete'),
        signal: ctx.signal,
        where,
        keyDir: sides.target.keyDir,
      };
      const source = { transport: sides.source.host.transport, contentDir: sides.source.contentDir };
      const target = { transport: sides.target.host.transport, contentDir: sides.target.contentDir };
      // A content directory that is not there would copy nothing and still succeed: say so instead. A host that went
      // away did not answer the question: that is a lost connection (retried), not a missing directory.
      const exists = (side: typeof source, host: string) =>
        side.transport
          .exec(['test', '-d', side.contentDir], {
            signal: ctx.signal,
            where: { ...where, host },
            reject: false,
          })
          .then((r) => {
            if (r.connectionLost) throw connectionLostError(r, side.transport.label, { ...where, host });
            return r.exitCode === 0;
          });
      const [sourceHas, targetHas] = await Promise.all([
        exists(source, site.source.host),
        exists(target, site.target.host),
      ]);
      for (const [has, side, host, dir] of [
        [sourceHas, 'source', site.source.host, source.contentDir],
        [targetHas, 'target', site.target.host, target.contentDir],
      ] as const) {
        if (!has) {
          throw new WpfleetError(
            'WPF_CONTENT_DIR_MISSING',
            `the ${side} of site ${site.name} has no wp-content directory at ${host}:${dir}`,
            {
              kind: 'user',
              where: { ...where, host },
              hint: `Check the ${side} \`path\` in the fleet file, and WP_CONTENT_DIR in its wp-config.php. Nothing was copied.`,
            },
          );
        }
      }
      await target.transport.exec(['mkdir', '-p', '--', sides.target.stagingDir], {
        signal: ctx.signal,
        where,
      });
      const ssh = sides.source.host.ssh;
      let result: FileSyncResult | undefined;
      if (!env.relayOnly && ssh && target.transport.capabilities.hostToHost) {
        ctx.emit({ message: `rsync ${site.source.host} → ${site.target.host}` });
        try {
          const stale = await removeStaleTemporaryKeys(source.transport, source.contentDir, ctx.signal);
          if (stale > 0) {
            ctx.finding({
              severity: 'info',
              code: 'stale-key-removed',
              where: { side: 'source' },
              message: `removed ${stale} temporary key line(s) an interrupted run left in authorized_keys on ${site.source.host}`,
            });
          }
          result = await syncHostToHost(
            {
              ...source,
              sshAddress: ssh.address,
              sshPort: ssh.port,
              sshUser: ssh.user,
              knownHostsLines: ssh.knownHostsLines,
            },
            target,
            sides.target.stagingDir,
            options,
          );
        } catch (error) {
          if (ctx.signal.aborted) throw error;
          ctx.finding({
            severity: 'info',
            code: 'files-relayed',
            message: `host-to-host copy from ${site.source.host} failed, relaying through the controller instead: ${(error as Error).message.split('\n')[0]}`,
          });
        }
      }
      if (!result) {
        ctx.emit({ message: `relay ${site.source.host} → controller → ${site.target.host}` });
        result = await syncRelay(source, target, sides.target.stagingDir, options);
      }
      if (!Number.isFinite(result.files)) {
        throw new WpfleetError(
          'WPF_FILES_SYNC',
          `the file copy for site ${site.name} reported no file count`,
          { kind: 'bug', where },
        );
      }
      ctx.emit({ itemsDone: result.files, itemsTotal: result.files, bytesDone: result.bytes });
      return {
        status: 'succeeded',
        outputs: stepOutputs('files', {
          mode: result.mode,
          files: result.files,
          transferredFiles: result.transferredFiles,
          bytes: result.bytes,
          stagingDir: sides.target.stagingDir,
        }),
      };
    } catch (error) {
      if (/No space left on device|Disk quota exceeded/i.test(failureText(error))) {
        throw new WpfleetError(
          'WPF_TARGET_DISK_FULL',
          `the target ${site.target.host} ran out of disk space while copying the files of site ${site.name}`,
          {
            kind: 'environment',
            where: { ...where, host: site.target.host },
            hint: `Free space on the filesystem of ${targetWorkDirs(site).stagingDir}, then run \`wpfleet resume\`. Only the staging directory was written; the live site is unchanged.`,
            cause: error,
          },
        );
      }
      throw asStepError(error, where);
    }
  };
}
