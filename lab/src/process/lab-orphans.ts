// Finds lab daemons that lost their pid file (a crashed or interrupted `lab up`): processes of the lab's own
// programs whose command line names a config file inside this lab directory. Nothing else is ever matched.
import { readdirSync, readFileSync } from 'node:fs';

const PROGRAMS = /^(sshd|\/usr\/sbin\/sshd|\/usr\/sbin\/mariadbd|mariadbd|nginx|php-fpm)/;

export function labOrphans(dir: string): number[] {
  const marks = [`${dir}/hosts/`, `${dir}/web/`];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      continue;
    }
    if (PROGRAMS.test(cmdline) && marks.some((m) => cmdline.includes(m))) pids.push(Number(entry));
  }
  return pids;
}
