// `wpfleet init`: the wizard that writes fleet.yml, or its batch twin (`--yes` with --host/--site flags).
// Both end the same way: a validated, commented fleet file, the plan, and the batch command that repeats it.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { WpfleetError, parseFleet, formatFleetProblem } from '@wpfleet/core';
import type { Transport } from '@wpfleet/wp';
import { quoteArgv } from '@wpfleet/wp';
import { defineCommand, type CommandContext } from '../argv/command.js';
import { ExitCode } from '../argv/exit-code.js';
import { connectHost } from '../wizard/connect-host.js';
import { initArgv, parseHostSpec, parseSiteSpec, type InitAnswers } from '../wizard/init-answers.js';
import { renderFleetYaml } from '../wizard/render-fleet-yaml.js';
import { DEFAULT_SEARCH_ROOTS, runWizard } from '../wizard/run-wizard.js';
import { plural } from '../reporters/plural.js';
import { rawStream } from '../terminal/terminal-stream.js';

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

async function answersFromFlags(
  ctx: CommandContext,
  output: string,
  knownHosts: string,
  sshConfig: { text: string; flag: string | undefined },
  transports: Transport[],
): Promise<InitAnswers> {
  const hosts = strings(ctx.options.host).map(parseHostSpec);
  const sites = strings(ctx.options.site).map(parseSiteSpec);
  if (hosts.length === 0 || sites.length === 0) {
    throw new WpfleetError('WPF_USAGE', '`init --yes` needs at least one --host and one --site', {
      kind: 'user',
      hint: 'Run `wpfleet init` in a terminal for the wizard, or see `wpfleet init --help` for the flags it prints at the end.',
    });
  }
  const trusted = new Set(strings(ctx.options['trust-host-key']));
  const env = { home: ctx.env.HOME ?? homedir(), user: ctx.env.USER ?? userInfo().username };
  for (const host of hosts) {
    transports.push(
      await connectHost(host, {
        knownHosts,
        sshConfigText: sshConfig.text,
        env,
        trust: async (scanned) => trusted.has(scanned.fingerprint),
      }),
    );
  }
  return { output, knownHosts, ...(sshConfig.flag ? { sshConfig: sshConfig.flag } : {}), hosts, sites };
}

export const initCommand = defineCommand({
  name: 'init',
  summary: 'Describe a fleet: discover hosts and WordPress installs, and write a commented fleet.yml.',
  description:
    'In a terminal, a wizard asks for everything and tests each connection live. With --yes it takes the same answers from ' +
    'flags; the wizard prints that exact command at the end. An unknown host key is only trusted after you confirm its ' +
    'fingerprint (or pass it with --trust-host-key).',
  options: [
    {
      name: 'output',
      short: 'o',
      type: 'string',
      description: 'Where to write the fleet file.',
      default: 'fleet.yml',
      valueName: 'FILE',
    },
    {
      name: 'known-hosts',
      type: 'string',
      description: 'known_hosts file to check and extend (default ~/.ssh/known_hosts).',
      valueName: 'FILE',
    },
    {
      name: 'ssh-config',
      type: 'string',
      description: 'ssh config with host aliases (default ~/.ssh/config).',
      valueName: 'FILE',
    },
    {
      name: 'host',
      type: 'list',
      splitCommas: false,
      description:
        'A host, as name=NAME&address=ADDR&user=USER&port=N&identity-file=PATH (or alias=SSH-ALIAS). Repeatable.',
      valueName: 'SPEC',
    },
    {
      name: 'site',
      type: 'list',
      splitCommas: false,
      description:
        'A site, as name=NAME&source=HOST:PATH&url=URL&target=HOST:PATH[&target-url=URL][&replace=FROM>TO][&tags=a,b][&criticality=high]. Repeatable.',
      valueName: 'SPEC',
    },
    {
      name: 'search-root',
      type: 'list',
      description: 'Where the wizard looks for wp-config.php.',
      valueName: 'DIR',
    },
    {
      name: 'trust-host-key',
      type: 'list',
      description: 'Trust an unknown host key with this SHA256 fingerprint (batch mode).',
      valueName: 'SHA256:...',
    },
    { name: 'yes', short: 'y', type: 'boolean', description: 'No prompts: take every answer from flags.' },
    { name: 'force', type: 'boolean', description: 'Overwrite an existing fleet file.' },
    { name: 'no-plan', type: 'boolean', description: 'Do not show the plan at the end.' },
  ],
  examples: [
    'wpfleet init',
    "wpfleet init --yes --host 'name=old-1&address=203.0.113.10&user=deploy' --host 'name=new-1&address=198.51.100.7&user=deploy' \\\n  --site 'name=blog&source=old-1:/var/www/blog&url=https://blog.example&target=new-1:/srv/www/blog'",
  ],
  async run(ctx) {
    const home = ctx.env.HOME ?? homedir();
    const output = resolve(ctx.cwd, str(ctx.options.output) ?? 'fleet.yml');
    const knownHosts = resolve(ctx.cwd, str(ctx.options['known-hosts']) ?? `${home}/.ssh/known_hosts`);
    const sshConfigFlag =
      str(ctx.options['ssh-config']) === undefined
        ? undefined
        : resolve(ctx.cwd, str(ctx.options['ssh-config'])!);
    const sshConfigPath = sshConfigFlag ?? `${home}/.ssh/config`;
    const sshConfigText = await readFile(sshConfigPath, 'utf8').catch(() => '');
    const say = (line: string) => {
      if (!ctx.options.quiet) ctx.io.stderr.write(`${line}\n`);
    };
    if (!ctx.options.yes && !ctx.io.isTTY) {
      throw new WpfleetError('WPF_NO_TTY', 'the wizard needs a terminal, and this input is not one', {
        kind: 'user',
        hint: 'Run it in a terminal, or pass the answers as flags with --yes (see `wpfleet init --help`).',
      });
    }
    if (existsSync(output) && !ctx.options.force) {
      throw new WpfleetError('WPF_FILE_EXISTS', `${output} exists already`, {
        kind: 'user',
        hint: 'Pass --force to overwrite it, or --output to write another file.',
      });
    }
    const transports: Transport[] = [];
    let answers: InitAnswers;
    try {
      if (ctx.options.yes) {
        answers = await answersFromFlags(
          ctx,
          str(ctx.options.output) ?? 'fleet.yml',
          knownHosts,
          { text: sshConfigText, flag: sshConfigFlag },
          transports,
        );
      } else {
        const result = await runWizard({
          input: ctx.io.stdin,
          output: rawStream(ctx.io.stderr),
          signal: ctx.signal,
          knownHosts,
          knownHostsText: await readFile(knownHosts, 'utf8').catch(() => ''),
          sshConfigText,
          env: { home, user: ctx.env.USER ?? userInfo().username },
          fleetFile: str(ctx.options.output) ?? 'fleet.yml',
          searchRoots: strings(ctx.options['search-root']).length
            ? strings(ctx.options['search-root'])
            : [...DEFAULT_SEARCH_ROOTS],
          say,
        });
        transports.push(...result.transports);
        answers = { ...result.answers, ...(sshConfigFlag ? { sshConfig: sshConfigFlag } : {}) };
      }
    } finally {
      await Promise.all(transports.map((t) => t.close()));
    }
    if (answers.sites.length === 0) {
      throw new WpfleetError('WPF_NO_SITES', 'no site was chosen, so no fleet file was written', {
        kind: 'user',
        hint: 'Run `wpfleet init` again and pick at least one WordPress install.',
      });
    }
    const batch = `wpfleet ${quoteArgv(initArgv(answers))}`;
    const yaml = renderFleetYaml(answers, batch);
    const parsed = parseFleet(yaml, { fileName: output });
    if (!parsed.ok) {
      throw new WpfleetError(
        'WPF_FLEET_INVALID',
        `the answers do not make a valid fleet file:\n${parsed.problems.map((p) => formatFleetProblem(p, output)).join('\n')}`,
        {
          kind: 'user',
          hint: 'Fix the answer named above and run `wpfleet init` again; nothing was written.',
        },
      );
    }
    await writeFile(output, yaml, { mode: 0o644 });
    say(
      `Wrote ${output} (${plural(answers.hosts.length, 'host')}, ${plural(answers.sites.length, 'site')}).`,
    );
    let code: number = ExitCode.ok;
    if (!ctx.options['no-plan']) {
      const { commands } = await import('./registry.js');
      const plan = commands.find((c) => c.name === 'plan');
      if (plan) {
        const planOptions = {
          ...ctx.options,
          fleet: output,
          'known-hosts': knownHosts,
          'ssh-config': sshConfigPath,
        } as CommandContext['options'];
        code = await plan.run({ ...ctx, args: [], options: planOptions });
      }
    }
    const file = quoteArgv([str(ctx.options.output) ?? 'fleet.yml']);
    const connection = [
      ...(str(ctx.options['known-hosts']) ? ['--known-hosts', knownHosts] : []),
      ...(sshConfigFlag ? ['--ssh-config', sshConfigFlag] : []),
    ];
    const extra = connection.length ? ` ${quoteArgv(connection)}` : '';
    ctx.io.stdout.write(
      `\nRepeat this without prompts:\n  ${batch}\nThen: wpfleet plan --fleet ${file}${extra} && wpfleet migrate --fleet ${file}${extra} --yes\n`,
    );
    return code;
  },
});
