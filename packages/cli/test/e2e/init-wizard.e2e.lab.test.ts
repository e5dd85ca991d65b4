// End to end: the real `wpfleet init` wizard in a real terminal (tmux), driven with keystrokes against the lab's
// hosts, from an empty directory to a written fleet.yml and a completed plan. The batch command it prints must
// then write the same file and reproduce the same plan hash.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabState, type LabState } from '@wpfleet/lab';
// Typed into a terminal and a shell, not run by runCli: the wizard needs a real TTY.
import { BIN as bin } from '../run-cli/run-cli.js';

const session = `wpf-init-${process.pid}`;
let lab: LabState;
let work: string;

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

/** The screen with wrapped lines joined, so long commands can be read back whole. */
function screen(): string {
  return tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', session);
}

async function waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = screen();
    if (pattern.test(text)) return text;
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; the screen shows:\n${text}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function keys(...keys: string[]): void {
  tmux('send-keys', '-t', session, ...keys);
}

function typeText(text: string): void {
  tmux('send-keys', '-t', session, '-l', text);
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} does not exist: run \`pnpm build\` first`);
  lab = readLabState();
  work = mkdtempSync(join(tmpdir(), 'wpf-init-e2e-'));
});

afterAll(() => {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    // already gone
  }
  rmSync(work, { recursive: true, force: true });
});

describe('wpfleet init in a terminal', () => {
  it('goes from an empty directory to fleet.yml and a plan, and its printed batch command reproduces the plan hash', async () => {
    const blog = lab.sites.find((s) => s.name === 'blog')!;
    const target = lab.targets.find((t) => t.site === 'blog')!;
    const knownHosts = join(work, 'known_hosts');
    const command = ['node', bin, 'init', '--known-hosts', knownHosts, '--ssh-config', lab.sshConfig]
      .map((a) => `'${a}'`)
      .join(' ');
    tmux(
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '200',
      '-y',
      '50',
      '-c',
      work,
      `NO_COLOR=1 ${command}; echo "EXIT=$?"; sleep 600`,
    );

    await waitFor(/Which hosts hold the sites to move/);
    const sourceIndex = screen()
      .split('\n')
      .filter((l) => /\[ssh-config\]|Add a host/.test(l))
      .findIndex((l) => l.includes(`${blog.host} `));
    for (let i = 0; i < sourceIndex; i++) keys('Down');
    keys('Space', 'Enter');
    // The lab's host keys are not in this fresh known_hosts: the wizard must show the fingerprint and ask.
    const trustScreen = await waitFor(
      /host key of .* is unknown[\s\S]*SHA256:[A-Za-z0-9+/]+[\s\S]*trust it\?/,
    );
    const sourceHost = lab.hosts.find((h) => h.name === blog.host)!;
    expect(trustScreen).toContain(`${sourceHost.address}:${sourceHost.sshPort}`);
    keys('y', 'Enter');
    await waitFor(new RegExp(`${blog.host}: connected`));

    await waitFor(/Which hosts receive them/);
    const lines = screen().split('\n');
    const question = lines.findLastIndex((l) => l.includes('Which hosts receive them'));
    const targetLines = lines
      .slice(question + 1)
      .filter((l) => /chosen already|\[ssh-config\]|Add a host/.test(l));
    const targetIndex = targetLines.findIndex((l) => l.includes(`${target.host} `));
    for (let i = 0; i < targetIndex; i++) keys('Down');
    keys('Space', 'Enter');
    await waitFor(/trust it\?\s*\(y\/N\)\s*$/m);
    keys('y', 'Enter');
    await waitFor(new RegExp(`${target.host}: connected`));

    await waitFor(/Where to look for WordPress/);
    typeText(blog.path.replace(/\/[^/]+$/, ''));
    keys('Enter');
    await waitFor(/Sites to move from/);
    // Every install starts checked; keep only the blog.
    const installs = screen()
      .split('\n')
      .filter((l) => /^[❯ ][◉◯]/.test(l));
    for (const line of installs) {
      if (!line.includes(`${blog.path} `)) {
        // move onto the line and uncheck it
        const index = installs.indexOf(line);
        for (let i = 0; i < index; i++) keys('Down');
        keys('Space');
        for (let i = 0; i < index; i++) keys('Up');
      }
    }
    keys('Enter');
    await waitFor(/Site name:/);
    keys('C-u');
    typeText('blog');
    keys('Enter');
    await waitFor(/Path on /);
    keys('C-u');
    typeText(target.path);
    keys('Enter');
    await waitFor(/URL on the target:/);
    keys('Enter');
    await waitFor(/Extra replacements/);
    keys('Enter');
    await waitFor(/Tags/);
    typeText('demo');
    keys('Enter');
    await waitFor(/Criticality:/);
    keys('Enter');

    const done = await waitFor(/EXIT=\d+/, 120_000);
    expect(done).toContain('EXIT=0');
    expect(done).toMatch(/Wrote .*fleet\.yml \(2 hosts, 1 site\)/);
    const wizardHash = /plan hash ([0-9a-f]{64})/.exec(done)?.[1];
    expect(wizardHash).toBeDefined();
    const fleetText = readFileSync(join(work, 'fleet.yml'), 'utf8');
    expect(fleetText).toContain(`path: ${target.path}`);
    expect(readFileSync(knownHosts, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);

    // The printed batch command, run as printed (with `wpfleet` being the built binary), in a fresh directory.
    const batch = /Repeat this without prompts:\n\s*(wpfleet init .*)\n/.exec(done)?.[1];
    expect(batch).toBeDefined();
    const again = mkdtempSync(join(tmpdir(), 'wpf-init-batch-'));
    try {
      const out = execFileSync('sh', ['-c', `wpfleet() { node '${bin}' "$@"; }; ${batch}`], {
        cwd: again,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(/plan hash ([0-9a-f]{64})/.exec(out)?.[1]).toBe(wizardHash);
      expect(readFileSync(join(again, 'fleet.yml'), 'utf8')).toBe(fleetText);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  }, 240_000);
});
