// `lab up`: builds every Host of a topology (user, sshd, MariaDB, `wp`), installs and seeds the Sites,
// serves them over nginx + php-fpm and writes lab.json. A healthy lab with the same settings is left alone.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureKey, fingerprint, hostKeyLine, sshdPaths, startSshd } from './host/sshd.js';
import { mariaDbPaths, sqlAsRoot, startMariaDb, ensureDatadirTemplate } from './host/mariadb.js';
import { chownTree, ensureUnixUser } from './host/unix-user.js';
import { installWpCli } from './host/wp-cli-install.js';
import { defaultLabDir } from './lab-paths.js';
import {
  labStatePath,
  type LabHost,
  type LabSite,
  type LabSize,
  type LabState,
  type LabTarget,
} from './lab-state.js';
import { stopAndRemove } from './lab-down.js';
import { withLabLock } from './lab-lock.js';
import { labStatus } from './lab-status.js';
import { seedPlan } from './seed/seed-plan.js';
import { installSite, type SiteInstall } from './site/install-site.js';
import { loadTopology, type Topology, type TopologyHost } from './topology/topology.js';
import { choosePort, startWeb } from './host/web.js';

export interface LabUpOptions {
  dir?: string;
  /** Who asked: a lab brought up by a test run (`test`) may be taken down by the last test run out. */
  startedBy?: 'cli' | 'test';
  topology?: string;
  size?: LabSize;
  log?: (line: string) => void;
}

export async function labUp(options: LabUpOptions = {}): Promise<LabState> {
  return (await ensureLab(options)).state;
}

/** Like labUp, and says whether this call built the lab or found a healthy one. */
export async function ensureLab(options: LabUpOptions = {}): Promise<{ state: LabState; built: boolean }> {
  const dir = options.dir ?? defaultLabDir();
  return withLabLock(dir, () => build(dir, options));
}

async function build(dir: string, options: LabUpOptions): Promise<{ state: LabState; built: boolean }> {
  const topologyName = options.topology ?? 'default';
  const size = options.size ?? 'small';
  const log = options.log ?? (() => {});
  const started = Date.now();

  if (existsSync(labStatePath(dir))) {
    const status = await labStatus(dir);
    const fits = (s: LabState) =>
      (!options.topology || s.topology === options.topology) && (!options.size || s.size === options.size);
    if (status.healthy && status.state && fits(status.state)) {
      log(`lab: already up in ${dir}`);
      return { state: status.state, built: false };
    }
    log(`lab: rebuilding ${dir} (${status.healthy ? 'other settings' : status.problems.join('; ')})`);
  }
  await stopAndRemove(dir);

  const topology = loadTopology(topologyName);
  mkdirSync(join(dir, 'keys'), { recursive: true });
  mkdirSync(join(dir, 'work'), { recursive: true });
  // sshd reads authorized_keys as each Host's user, so the path down to it must be traversable.
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'keys'), 0o755);
  const clientKey = join(dir, 'keys', 'client_ed25519');
  await ensureKey(clientKey, 'wpfleet-lab client');
  const authorizedKeys = join(dir, 'keys', 'authorized_keys');
  writeFileSync(authorizedKeys, readFileSync(`${clientKey}.pub`));
  chmodSync(authorizedKeys, 0o644);
  await ensureDatadirTemplate(dir);
  log(`lab: keys and MariaDB template ready (${secs(started)} s)`);

  // One at a time: useradd/usermod lock /etc/passwd and fail rather than wait when run in parallel.
  for (const h of topology.hosts) await ensureUnixUser(h.user, join(hostRoot(dir, h.name), 'home'));
  const web = await choosePort(topology.hosts.map((h) => h.address));
  const hosts = await Promise.all(topology.hosts.map((h) => bringUpHost(dir, h, authorizedKeys, web, log)));
  log(`lab: ${hosts.length} hosts up (${secs(started)} s)`);

  const { sites, targets } = await installSites(dir, topology, hosts, size, log);
  log(`lab: ${sites.length} sites and ${targets.length} target installs ready (${secs(started)} s)`);

  const webPids = await startWeb({ dir, hosts, sites, targets, port: web });
  log(`lab: nginx + php-fpm serving on port ${web} (${secs(started)} s)`);

  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(
    knownHosts,
    topology.hosts
      .map((h) => hostKeyLine(h.address, h.sshPort, `${sshdPaths(hostRoot(dir, h.name)).hostKey}.pub`))
      .join('\n') + '\n',
  );
  const sshConfig = join(dir, 'ssh_config');
  writeFileSync(
    sshConfig,
    hosts
      .map((h) =>
        [
          `Host ${h.name}`,
          `  HostName ${h.address}`,
          `  Port ${h.sshPort}`,
          `  User ${h.user}`,
          `  IdentityFile ${clientKey}`,
          '  IdentitiesOnly yes',
          `  UserKnownHostsFile ${knownHosts}`,
          '  StrictHostKeyChecking yes',
          '  BatchMode yes',
          '',
        ].join('\n'),
      )
      .join('\n'),
  );

  const state: LabState = {
    version: 1,
    dir,
    topology: topologyName,
    seed: topology.seed,
    size,
    clientKey,
    knownHosts,
    sshConfig,
    hosts,
    sites,
    targets,
    web: webPids,
    startedBy: options.startedBy ?? 'cli',
    startedAt: new Date(started).toISOString(),
    upSeconds: Number(secs(started)),
  };
  writeFileSync(labStatePath(dir), JSON.stringify(state, null, 2) + '\n');
  log(`lab: up in ${secs(started)} s; state in ${labStatePath(dir)}`);
  return { state, built: true };
}

function secs(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

function hostRoot(dir: string, name: string): string {
  return join(dir, 'hosts', name);
}

async function bringUpHost(
  dir: string,
  h: TopologyHost,
  authorizedKeys: string,
  httpPort: number,
  log: (line: string) => void,
): Promise<LabHost> {
  const root = hostRoot(dir, h.name);
  const binDir = join(root, 'bin');
  const home = join(root, 'home');
  for (const d of ['etc', 'run', 'log', 'var/lib', 'bin']) mkdirSync(join(root, d), { recursive: true });
  for (const d of ['home', 'tmp', 'srv/www', 'var/www']) mkdirSync(join(root, d), { recursive: true });
  await chownTree(
    h.user,
    home,
    join(root, 'tmp'),
    join(root, 'srv'),
    join(root, 'var', 'www'),
    join(root, 'log'),
  );
  installWpCli(binDir, h.wpCli);

  const [db] = await Promise.all([
    startMariaDb({ labDir: dir, root, address: h.address, port: h.dbPort, user: h.user }),
    startSshd({ root, address: h.address, port: h.sshPort, user: h.user, authorizedKeys, binDir }),
  ]);
  // mariadb-install-db's anonymous users shadow 'wp'@'%' for logins through 127.0.1.N.
  await sqlAsRoot(db.socket, "DELETE FROM mysql.global_priv WHERE User='';\nFLUSH PRIVILEGES;\n");
  log(`lab: host ${h.name} (${h.address}) up`);
  return {
    name: h.name,
    role: h.role,
    address: h.address,
    sshPort: h.sshPort,
    user: h.user,
    root,
    binDir,
    wpCli: h.wpCli,
    dbPort: h.dbPort,
    dbSocket: mariaDbPaths(root).socket,
    httpPort,
    hostKeyFingerprint: await fingerprint(`${sshdPaths(root).hostKey}.pub`),
  };
}

async function installSites(
  dir: string,
  topology: Topology,
  hosts: LabHost[],
  size: LabSize,
  log: (line: string) => void,
): Promise<{ sites: LabSite[]; targets: LabTarget[] }> {
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const sitesDir = new Map(topology.hosts.map((h) => [h.name, h.sitesDir]));
  const sourcePassword = randomBytes(12).toString('hex');
  const targetPassword = randomBytes(12).toString('hex');
  const sites: LabSite[] = [];
  const targets: LabTarget[] = [];
  const jobs: SiteInstall[] = [];

  for (const t of topology.sites) {
    const src = byName.get(t.host)!;
    const tgt = byName.get(t.target)!;
    const domain = `${t.name}.${topology.domain}`;
    const url = `http://${domain}`;
    const path = join(src.root, sitesDir.get(src.name)!.replace('{site}', t.name));
    const db = {
      name: `wp_${t.name}`,
      user: 'wp',
      password: sourcePassword,
      host: src.address,
      port: src.dbPort,
    };
    sites.push({
      name: t.name,
      host: src.name,
      path,
      url,
      multisite: t.multisite,
      subsites: t.subsites.map((s) => `/${s}/`),
      prefix: t.prefix,
      db,
    });
    jobs.push({
      name: t.name,
      hostName: src.name,
      hostUser: src.user,
      path,
      url,
      domain,
      prefix: t.prefix,
      multisite: t.multisite,
      db,
      dbSocket: src.dbSocket,
      workDir: join(dir, 'work'),
      plan: seedPlan({ site: t.name, url, seed: topology.seed, size, scale: t.scale, subsites: t.subsites }),
    });

    const tDomain = t.targetDomain ?? domain;
    const tUrl = `http://${tDomain}`;
    const tPath = join(tgt.root, sitesDir.get(tgt.name)!.replace('{site}', t.name));
    const tDb = {
      name: `${t.name}_live`,
      user: 'wpapp',
      password: targetPassword,
      host: tgt.address,
      port: tgt.dbPort,
    };
    targets.push({ site: t.name, host: tgt.name, path: tPath, url: tUrl, prefix: t.prefix, db: tDb });
    jobs.push({
      name: t.name,
      hostName: tgt.name,
      hostUser: tgt.user,
      path: tPath,
      url: tUrl,
      domain: tDomain,
      prefix: t.prefix,
      multisite: t.multisite,
      db: tDb,
      dbSocket: tgt.dbSocket,
      workDir: join(dir, 'work'),
    });
  }
  // Two at a time: the machine has two cores, and each install is mostly PHP.
  let next = 0;
  const worker = async () => {
    for (;;) {
      const job = jobs[next++];
      if (!job) return;
      const t0 = Date.now();
      await installSite(job);
      log(`lab: ${job.plan ? 'seeded' : 'installed empty'} ${job.name} on ${job.hostName} (${secs(t0)} s)`);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  for (const h of hosts) await chownTree(h.user, join(h.root, 'srv'), join(h.root, 'var', 'www'));
  return { sites, targets };
}
