// How lab tests reach the lab: OpenSSH with the lab's ssh_config (strict host-key checking) and the
// MariaDB client with a Site's own credentials (password through the environment, never argv).
import { execa } from 'execa';
import { request } from 'node:http';
import type { LabDb, LabState } from '../src/index.js';

export interface SshRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function ssh(
  lab: LabState,
  host: string,
  remote: string,
  extra: string[] = [],
): Promise<SshRun> {
  const r = await execa('ssh', ['-F', lab.sshConfig, ...extra, host, '--', remote], {
    reject: false,
    timeout: 60_000,
    encoding: 'utf8',
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

export async function sql(db: LabDb, query: string): Promise<string> {
  const r = await execa(
    'mariadb',
    [
      '--no-defaults',
      '--default-character-set=utf8mb4',
      '-h',
      db.host,
      '-P',
      String(db.port),
      '-u',
      db.user,
      '-N',
      '-B',
      '--raw',
      db.name,
    ],
    { input: query, env: { MYSQL_PWD: db.password }, reject: false },
  );
  if (r.exitCode !== 0) throw new Error(`mariadb as ${db.user}@${db.host}:${db.port}: ${r.stderr}`);
  return r.stdout;
}

/** GET through the Host's address with the Site's name in the Host header (no DNS for *.test). */
export function httpGet(
  address: string,
  port: number,
  url: string,
): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: address, port, path: u.pathname + u.search, headers: { Host: u.hostname } },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
