// `lab status`: is every daemon of the lab running and answering? Lists what is not.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { isAlive, readPid } from './process/daemon.js';
import { mariaDbPaths } from './host/mariadb.js';
import { portOpen, sshdPaths } from './host/sshd.js';
import { defaultLabDir } from './lab-paths.js';
import { labStatePath, readLabState, type LabState } from './lab-state.js';

export interface LabStatus {
  dir: string;
  healthy: boolean;
  state?: LabState;
  problems: string[];
}

export async function labStatus(dir: string = defaultLabDir()): Promise<LabStatus> {
  if (!existsSync(labStatePath(dir))) return { dir, healthy: false, problems: [`no lab in ${dir}`] };
  let state: LabState;
  try {
    state = readLabState(dir);
  } catch (e) {
    return { dir, healthy: false, problems: [(e as Error).message] };
  }
  const problems: string[] = [];
  const checks = state.hosts.flatMap((h) => [
    (async () => {
      if (!isAlive(readPid(sshdPaths(h.root).pidFile)) || !(await portOpen(h.address, h.sshPort))) {
        problems.push(`host ${h.name}: sshd not answering on ${h.address}:${h.sshPort}`);
      }
    })(),
    (async () => {
      const ping = await execa(
        'mariadb-admin',
        ['--no-defaults', `--socket=${mariaDbPaths(h.root).socket}`, '-uroot', 'ping'],
        { reject: false },
      );
      if (!isAlive(readPid(mariaDbPaths(h.root).pidFile)) || ping.exitCode !== 0) {
        problems.push(`host ${h.name}: MariaDB not answering on ${h.dbSocket}`);
      }
    })(),
    (async () => {
      if (!(await portOpen(h.address, h.httpPort)))
        problems.push(`host ${h.name}: nothing serves HTTP on ${h.address}:${h.httpPort}`);
    })(),
  ]);
  await Promise.all(checks);
  if (!isAlive(readPid(state.web.nginxPid))) problems.push('nginx is not running');
  if (!isAlive(readPid(state.web.phpFpmPid))) problems.push('php-fpm is not running');
  return { dir, healthy: problems.length === 0, state, problems };
}
