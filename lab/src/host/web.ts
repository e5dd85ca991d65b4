// One nginx and one php-fpm for the whole lab: a server block per Site on its Host's address, and a
// php-fpm pool per Host running as that Host's user.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { readPid, stopByPidFile, waitFor, isAlive } from '../process/daemon.js';
import type { LabHost, LabSite, LabTarget } from '../lab-state.js';
import { run } from './run.js';

interface WebPaths {
  dir: string;
  nginxConf: string;
  nginxPid: string;
  fpmConf: string;
  fpmPid: string;
}

function webPaths(labDir: string): WebPaths {
  const dir = join(labDir, 'web');
  return {
    dir,
    nginxConf: join(dir, 'nginx.conf'),
    nginxPid: join(dir, 'nginx.pid'),
    fpmConf: join(dir, 'php-fpm.conf'),
    fpmPid: join(dir, 'php-fpm.pid'),
  };
}

function canBind(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, address, () => server.close(() => resolve(true)));
  });
}

/** Port 80 when every Host address has it free, else 8080. */
export async function choosePort(addresses: string[]): Promise<number> {
  for (const port of [80, 8080]) {
    const free = await Promise.all(addresses.map((a) => canBind(a, port)));
    if (free.every(Boolean)) return port;
  }
  throw new Error(`lab: neither port 80 nor 8080 is free on ${addresses.join(', ')}`);
}

interface WebOptions {
  dir: string;
  hosts: LabHost[];
  sites: LabSite[];
  targets: LabTarget[];
  port: number;
}

/** Where one server block of the lab's nginx listens and what it serves through which php-fpm socket. */
export interface NginxSite {
  address: string;
  port: number | string;
  domain: string;
  root: string;
  socket: string;
  multisite: boolean;
}

/** One nginx server block for a WordPress docroot (with the subdirectory rewrites of a multisite). */
export function nginxServerBlock({ address, port, domain, root, socket, multisite }: NginxSite): string {
  return `
server {
    listen ${address}:${port};
    server_name ${domain};
    root ${root};
    index index.php;
    ${
      multisite
        ? `if (!-e $request_filename) {
        rewrite /wp-admin$ $scheme://$host$uri/ permanent;
        rewrite ^(/[^/]+)?(/wp-.*) $2 last;
        rewrite ^(/[^/]+)?(/.*\\.php) $2 last;
    }`
        : ''
    }
    location / { try_files $uri $uri/ /index.php?$args; }
    location ~ \\.php$ {
        try_files $uri =404;
        include /etc/nginx/fastcgi_params;
        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
        fastcgi_pass unix:${socket};
    }
}`;
}

export async function startWeb(o: WebOptions): Promise<{ nginxPid: string; phpFpmPid: string }> {
  const p = webPaths(o.dir);
  mkdirSync(join(p.dir, 'tmp'), { recursive: true });
  const socket = (h: LabHost) => join(p.dir, `${h.name}.sock`);
  const byName = new Map(o.hosts.map((h) => [h.name, h]));

  writeFileSync(
    p.fpmConf,
    [
      '; php-fpm for the lab, written by `lab up`: one pool per Host, running as its user.',
      '[global]',
      `pid = ${p.fpmPid}`,
      `error_log = ${join(p.dir, 'php-fpm.log')}`,
      'daemonize = yes',
      ...o.hosts.flatMap((h) => [
        `[${h.name}]`,
        `user = ${h.user}`,
        `group = ${h.user}`,
        `listen = ${socket(h)}`,
        'listen.mode = 0666',
        'pm = ondemand',
        'pm.max_children = 3',
        'pm.process_idle_timeout = 10s',
      ]),
      '',
    ].join('\n'),
  );
  const blocks = [
    ...o.sites.map((s) => {
      const h = byName.get(s.host)!;
      return nginxServerBlock({
        address: h.address,
        port: o.port,
        domain: new URL(s.url).hostname,
        root: s.path,
        socket: socket(h),
        multisite: s.multisite,
      });
    }),
    ...o.targets.map((t) => {
      const h = byName.get(t.host)!;
      const multisite = o.sites.find((s) => s.name === t.site)?.multisite ?? false;
      return nginxServerBlock({
        address: h.address,
        port: o.port,
        domain: new URL(t.url).hostname,
        root: t.path,
        socket: socket(h),
        multisite,
      });
    }),
  ];
  writeFileSync(
    p.nginxConf,
    `# nginx for the lab, written by \`lab up\`: one server block per Site and target install.
user www-data;
worker_processes 1;
pid ${p.nginxPid};
error_log ${join(p.dir, 'nginx-error.log')};
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    access_log ${join(p.dir, 'nginx-access.log')};
    client_body_temp_path ${join(p.dir, 'tmp', 'body')};
    fastcgi_temp_path ${join(p.dir, 'tmp', 'fastcgi')};
    proxy_temp_path ${join(p.dir, 'tmp', 'proxy')};
    uwsgi_temp_path ${join(p.dir, 'tmp', 'uwsgi')};
    scgi_temp_path ${join(p.dir, 'tmp', 'scgi')};
    client_max_body_size 64m;
    server_names_hash_bucket_size 128;
${blocks.join('\n')}
}
`,
  );
  await run('/usr/sbin/php-fpm8.2', ['--fpm-config', p.fpmConf, '--prefix', p.dir]);
  await run('/usr/sbin/nginx', ['-e', join(p.dir, 'nginx-error.log'), '-c', p.nginxConf, '-p', p.dir]);
  await waitFor(
    'nginx and php-fpm pid files',
    () => isAlive(readPid(p.nginxPid)) && isAlive(readPid(p.fpmPid)),
    15_000,
  );
  return { nginxPid: p.nginxPid, phpFpmPid: p.fpmPid };
}

export async function stopWeb(labDir: string): Promise<void> {
  const p = webPaths(labDir);
  await Promise.all([stopByPidFile(p.nginxPid), stopByPidFile(p.fpmPid)]);
}
