// Each lab Host logs in as its own unprivileged unix user, so ownership and permissions behave as on real hosts.
import { execa } from 'execa';
import { run } from './run.js';

export async function ensureUnixUser(user: string, home: string): Promise<void> {
  const entry = await execa('getent', ['passwd', user], { reject: false });
  if (entry.exitCode === 0) {
    // usermod takes the /etc/passwd lock; skip it when the account already fits.
    const [, , , , , dir, shell] = String(entry.stdout).trim().split(':');
    if (dir !== home || shell !== '/bin/bash') await run('usermod', ['-d', home, '-s', '/bin/bash', user]);
  } else {
    await run('useradd', [
      '--system',
      '--no-create-home',
      '--home-dir',
      home,
      '--shell',
      '/bin/bash',
      '--user-group',
      user,
    ]);
  }
  // sshd without PAM refuses accounts whose password field starts with "!" (locked), even for keys.
  const shadow = await execa('getent', ['shadow', user], { reject: false });
  if (String(shadow.stdout).split(':')[1] !== '*') await run('usermod', ['-p', '*', user]);
}

export async function chownTree(user: string, ...paths: string[]): Promise<void> {
  await run('chown', ['-R', `${user}:${user}`, ...paths]);
}

/**
 * Removes the unix users whose home is under `hostsDir` (the ones `lab up` made for its Hosts), one at a time
 * (userdel locks /etc/passwd too). Users of anything else are never touched. Returns the names removed.
 */
export async function removeUnixUsersUnder(hostsDir: string): Promise<string[]> {
  const all = await execa('getent', ['passwd'], { reject: false });
  const prefix = hostsDir.replace(/\/+$/, '') + '/';
  const users = String(all.stdout)
    .split('\n')
    .map((line) => line.split(':'))
    .filter((f) => f.length >= 7 && f[5]!.startsWith(prefix))
    .map((f) => f[0]!);
  const removed: string[] = [];
  for (const user of users) {
    const r = await execa('userdel', [user], { reject: false });
    if (r.exitCode === 0) removed.push(user);
  }
  return removed;
}
