// A Host's own MariaDB: own datadir, socket, port and bind address, running as the Host's unix user.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnDaemon, stopByPidFile, waitFor } from '../process/daemon.js';
import { run } from './run.js';
import { execa } from 'execa';

export interface MariaDbPaths {
  cnf: string;
  datadir: string;
  socket: string;
  pidFile: string;
  log: string;
}

export function mariaDbPaths(root: string): MariaDbPaths {
  return {
    cnf: join(root, 'etc', 'my.cnf'),
    datadir: join(root, 'var', 'lib', 'mysql'),
    socket: join(root, 'run', 'mysqld', 'mysqld.sock'),
    pidFile: join(root, 'run', 'mysqld', 'mysqld.pid'),
    log: join(root, 'log', 'mysqld.log'),
  };
}

/** One `mariadb-install-db` for the whole lab; each Host starts from a copy (saves seconds per Host on 2 cores). */
export async function ensureDatadirTemplate(labDir: string): Promise<string> {
  const template = join(labDir, '.mysql-template');
  if (
    existsSync(join(template, 'mysql', 'global_priv.frm')) ||
    existsSync(join(template, 'mysql', 'global_priv.MAI'))
  ) {
    return template;
  }
  rmSync(template, { recursive: true, force: true });
  mkdirSync(template, { recursive: true });
  await run('mariadb-install-db', [
    '--no-defaults',
    `--datadir=${template}`,
    '--user=root',
    '--auth-root-authentication-method=socket',
    '--skip-test-db',
    '--skip-name-resolve',
  ]);
  return template;
}

export interface MariaDbOptions {
  labDir: string;
  root: string;
  address: string;
  port: number;
  user: string;
}

export async function startMariaDb(o: MariaDbOptions): Promise<MariaDbPaths> {
  const p = mariaDbPaths(o.root);
  // MariaDB runs as the Host's user, so its socket, pid and log paths must belong to that user.
  mkdirSync(dirname(p.socket), { recursive: true });
  writeFileSync(p.log, '', { flag: 'a' });
  await run('chown', [`${o.user}:${o.user}`, dirname(p.socket), p.log]);
  if (!existsSync(join(p.datadir, 'mysql'))) {
    const template = await ensureDatadirTemplate(o.labDir);
    cpSync(template, p.datadir, { recursive: true });
    await run('chown', ['-R', `${o.user}:${o.user}`, p.datadir]);
  }
  writeFileSync(
    p.cnf,
    [
      `# MariaDB for lab Host ${o.address}; the lab writes this file on every \`lab up\`.`,
      '[mariadbd]',
      `user=${o.user}`,
      `datadir=${p.datadir}`,
      `socket=${p.socket}`,
      `pid-file=${p.pidFile}`,
      `log-error=${p.log}`,
      `port=${o.port}`,
      `bind-address=${o.address}`,
      'skip-name-resolve',
      'skip-log-bin',
      'performance_schema=OFF',
      'innodb_buffer_pool_size=32M',
      'innodb_log_file_size=16M',
      'innodb_flush_log_at_trx_commit=2',
      'innodb_doublewrite=0',
      'character-set-server=utf8mb4',
      'collation-server=utf8mb4_unicode_ci',
      'max_allowed_packet=64M',
      '',
    ].join('\n'),
  );
  spawnDaemon('/usr/sbin/mariadbd', [`--defaults-file=${p.cnf}`], p.log);
  await waitFor(
    `MariaDB on ${o.address}:${o.port}`,
    async () =>
      (
        await execa('mariadb-admin', ['--no-defaults', `--socket=${p.socket}`, '-uroot', 'ping'], {
          reject: false,
        })
      ).exitCode === 0,
    60_000,
  );
  return p;
}

/** Runs SQL as the Host's MariaDB root over its socket; SQL goes on stdin, never argv. */
export async function sqlAsRoot(socket: string, sql: string): Promise<string> {
  return run('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '-N', '-B'], { input: sql });
}

export async function stopMariaDb(root: string): Promise<void> {
  await stopByPidFile(mariaDbPaths(root).pidFile, 30_000);
}
