// The interactive `wpfleet init`: discovers hosts, tests each connection live (asking before trusting an
// unknown host key), finds WordPress installs, pairs them with targets and returns the answers. Writing the
// file and showing the plan happen in the command, so the batch path shares them.
import type { input as InputPrompt } from '@inquirer/prompts';
import { CRITICALITIES, formatBytes, type Criticality } from '@wpfleet/core';
import type { Transport } from '@wpfleet/wp';
import { discoverSshHosts, findWordPressInstalls, USUAL_WEB_ROOTS, type SshResolveEnv } from '@wpfleet/wp';
import { connectHost } from './connect-host.js';
import {
  parseHostSpec,
  siteNameFromUrl,
  type InitAnswers,
  type InitHost,
  type InitSite,
} from './init-answers.js';
import { terminalText } from '../terminal/terminal-stream.js';

export interface WizardContext {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  signal: AbortSignal;
  knownHosts: string;
  knownHostsText: string;
  sshConfigText: string;
  env: SshResolveEnv;
  /** The fleet file to write, as the user named it (it goes into the printed batch command). */
  fleetFile: string;
  searchRoots: string[];
  say(line: string): void;
}

const ADD_NEW = '\u0000add';

export async function runWizard(
  ctx: WizardContext,
): Promise<{ answers: InitAnswers; transports: Transport[] }> {
  // Loaded here, not at start-up: every other command (a migrate streaming 4 dumps) would carry it in memory.
  const { checkbox, confirm, input, select } = await import('@inquirer/prompts');
  const io = { input: ctx.input, output: ctx.output, signal: ctx.signal } as Parameters<
    typeof InputPrompt
  >[1];
  const hosts: InitHost[] = [];
  const transports: Transport[] = [];
  const candidates = discoverSshHosts(ctx.sshConfigText, ctx.knownHostsText);

  const chooseHosts = async (role: 'source' | 'target'): Promise<InitHost[]> => {
    const offered = candidates.filter((c) => !hosts.some((h) => h.name === c.name));
    const picked = await checkbox(
      {
        message:
          role === 'source'
            ? 'Which hosts hold the sites to move (sources)?'
            : 'Which hosts receive them (targets)?',
        choices: [
          ...hosts.map((h) => ({ name: `${h.name} (chosen already)`, value: h.name })),
          ...offered.map((c) => ({
            name: `${c.name}${c.hostName && c.hostName !== c.name ? `  ${c.user ? `${c.user}@` : ''}${c.hostName}${c.port ? `:${c.port}` : ''}` : ''}  [${c.from}]`,
            value: c.name,
          })),
          { name: 'Add a host that is not listed', value: ADD_NEW },
        ],
        required: true,
      },
      io,
    );
    const chosen: InitHost[] = [];
    for (const name of picked) {
      const existing = hosts.find((h) => h.name === name);
      if (existing) {
        chosen.push(existing);
        continue;
      }
      let host: InitHost;
      if (name === ADD_NEW) {
        const spec = await input(
          {
            message: 'New host as user@address[:port]:',
            validate: (v) => /^[^@\s]+@[^@\s]+$/.test(v) || 'Type user@address or user@address:port',
          },
          io,
        );
        const at = spec.lastIndexOf('@');
        const rest = spec.slice(at + 1);
        const portMatch = /^(.*):(\d+)$/.exec(rest);
        const address = portMatch ? portMatch[1]! : rest;
        const hostName = await input(
          { message: 'A short name for this host:', default: address.replace(/[^A-Za-z0-9._-]/g, '-') },
          io,
        );
        const identityFile = await input(
          { message: 'Private key file (empty: ssh-agent and ~/.ssh/id_*):', default: '' },
          io,
        );
        host = parseHostSpec(
          new URLSearchParams({
            name: hostName,
            address,
            user: spec.slice(0, at),
            ...(portMatch ? { port: portMatch[2]! } : {}),
            ...(identityFile ? { 'identity-file': identityFile } : {}),
          }).toString(),
        );
      } else {
        const candidate = candidates.find((c) => c.name === name)!;
        host =
          candidate.from === 'ssh-config'
            ? {
                name: candidate.name,
                address: candidate.hostName ?? candidate.name,
                sshAlias: candidate.name,
              }
            : {
                name: candidate.name.replace(/[^A-Za-z0-9._-]/g, '-'),
                address: candidate.hostName ?? candidate.name,
                ...(candidate.port ? { port: candidate.port } : {}),
              };
        if (!host.sshAlias && !host.user) {
          const user = await input({ message: `SSH user on ${host.name}:`, default: ctx.env.user }, io);
          host.user = user;
        }
      }
      ctx.say(`Testing the connection to ${host.name} ...`);
      const transport = await connectHost(host, {
        knownHosts: ctx.knownHosts,
        sshConfigText: ctx.sshConfigText,
        env: ctx.env,
        trust: (scanned) =>
          confirm(
            {
              message: `The host key of ${scanned.host}:${scanned.port} is unknown.\n  ${scanned.type} ${scanned.fingerprint}\n  Did you verify this fingerprint with the host's administrator, and trust it?`,
              default: false,
            },
            io,
          ),
      });
      ctx.say(`  ${host.name}: connected.`);
      transports.push(transport);
      hosts.push(host);
      chosen.push(host);
    }
    return chosen;
  };

  const sources = await chooseHosts('source');
  const targets = await chooseHosts('target');
  const sites: InitSite[] = [];
  const taken = new Set<string>();
  for (const source of sources) {
    const transport = transports[hosts.indexOf(source)]!;
    const roots = await input(
      {
        message: `Where to look for WordPress on ${source.name} (comma-separated)?`,
        default: ctx.searchRoots.join(','),
      },
      io,
    );
    ctx.say(`Searching ${source.name} for wp-config.php ...`);
    const found = await findWordPressInstalls(
      transport,
      roots
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
      { signal: ctx.signal },
    );
    if (found.length === 0) {
      ctx.say(`  no WordPress found on ${source.name}.`);
      continue;
    }
    const picked = await checkbox(
      {
        message: `Sites to move from ${source.name}:`,
        // Inquirer draws on the raw stream: what the host reported is made harmless for the terminal here.
        choices: found.map((f) => ({
          name: terminalText(
            `${f.path}  ${f.url ?? '(URL unknown)'}  ${f.kbytes === null ? '?' : formatBytes(f.kbytes * 1024)}`,
          ),
          value: f.path,
          checked: true,
        })),
      },
      io,
    );
    for (const path of picked) {
      const install = found.find((f) => f.path === path)!;
      const url = install.url ?? (await input({ message: `URL of ${terminalText(path)}:` }, io));
      const name = await input(
        {
          message: 'Site name:',
          default: siteNameFromUrl(url, taken),
          validate: (v) =>
            (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v) && !taken.has(v)) ||
            'Letters, digits, ".", "_" and "-", not used yet',
        },
        io,
      );
      taken.add(name);
      const targetHost =
        targets.length === 1
          ? targets[0]!.name
          : await select(
              {
                message: `Target host for ${name}:`,
                choices: targets.map((t) => ({ name: t.name, value: t.name })),
              },
              io,
            );
      const targetPath = await input({ message: `Path on ${targetHost}:`, default: path }, io);
      const targetUrl = await input({ message: 'URL on the target:', default: url }, io);
      const extra = await input(
        { message: 'Extra replacements, FROM>TO separated by spaces (empty for none):', default: '' },
        io,
      );
      const tags = await input({ message: 'Tags (comma-separated):', default: '' }, io);
      const criticality = (await select(
        {
          message: 'Criticality:',
          choices: CRITICALITIES.map((c) => ({ name: c, value: c })),
          default: 'normal',
        },
        io,
      )) as Criticality;
      sites.push({
        name,
        sourceHost: source.name,
        sourcePath: path,
        url,
        targetHost,
        targetPath,
        targetUrl,
        replacements: extra
          .split(/\s+/)
          .filter((p) => p.includes('>'))
          .map((p) => ({ from: p.slice(0, p.indexOf('>')), to: p.slice(p.indexOf('>') + 1) })),
        tags: tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        criticality,
      });
    }
  }
  return { answers: { output: ctx.fleetFile, knownHosts: ctx.knownHosts, hosts, sites }, transports };
}

export const DEFAULT_SEARCH_ROOTS: readonly string[] = USUAL_WEB_ROOTS;
