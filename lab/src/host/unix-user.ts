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
    await run('useradd', ['--system', '--no-create-home', '--home-dir', home, '--shell', '/bin/bash', '--user-group', user]);
  }
  // sshd without PAM refuses accounts whose password field starts with "!" (locked), even for keys.
  const shadow = await execa('getent', ['shadow', user], { reject: false });
  if (String(shadow.stdout).split(':')[1] !== '*') await run('usermod', ['-p', '*', user]);
}

export async function chownTree(user: string, ...paths: string[]): Promise<void> {
  await run('chown', ['-R', `${user}:${user}`, ...paths]);
}
