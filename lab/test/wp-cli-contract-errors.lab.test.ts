// The failures wpfleet's Doctor recognises, produced by the lab's `wp` over real SSH: a path that is not
// WordPress, a refused root run, bad DB credentials, a dead database, and a site that is not installed.
// Texts follow WP-CLI 2.12.0's sources, so a real WP-CLI (WPFLEET_LAB_WP_CLI) must pass unchanged.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContractTarget, shellQuote, type ContractTarget } from '../src/contract/lab-target.js';

const labDir = process.env['WPFLEET_LAB_DIR'] ?? '/tmp/wpfleet-lab';
let target: ContractTarget;
let scratch = '';

interface Run {
  exit: number;
  stdout: string;
  stderr: string;
}

function ssh(argv: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', [...target.sshArgs, '--', argv.map(shellQuote).join(' ')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 255 ? reject(new Error(stderr)) : resolve({ exit: code ?? -1, stdout, stderr }),
    );
  });
}

const wp = (path: string, ...args: string[]) => ssh(['wp', '--allow-root', `--path=${path}`, ...args]);

/** A copy of the contract Site's files whose wp-config.php gets one edit (sed expression). */
async function brokenCopy(name: string, sed: string): Promise<string> {
  const dir = `${scratch}/${name}`;
  const r = await ssh([
    'sh',
    '-c',
    `cp -a "$1" "$2" && sed -i "$3" "$2/wp-config.php"`,
    'sh',
    target.sitePath,
    dir,
    sed,
  ]);
  expect(r.exit, r.stderr).toBe(0);
  return dir;
}

beforeAll(async () => {
  target = readContractTarget(labDir);
  const r = await ssh(['mktemp', '-d', '/tmp/wpfleet-contract-XXXXXX']);
  scratch = r.stdout.trim();
  expect(scratch).toMatch(/^\/tmp\/wpfleet-contract-/);
});

afterAll(async () => {
  if (scratch) await ssh(['rm', '-rf', scratch]);
});

describe('the lab wp fails like real WP-CLI 2.12.0', () => {
  it('says a directory without WordPress is not a WordPress installation', async () => {
    const r = await wp(scratch, 'option', 'get', 'home');
    expect(r).toEqual({
      exit: 1,
      stdout: '',
      stderr: `Error: This does not seem to be a WordPress installation.\nThe used path is: ${scratch}/\nPass --path=\`path/to/wordpress\` or run \`wp core download\`.\n`,
    });
  });

  it('refuses to run as root without --allow-root', async () => {
    const whoami = await ssh(['id', '-u']);
    const r = await ssh(['wp', `--path=${target.sitePath}`, 'option', 'get', 'home']);
    if (whoami.stdout.trim() === '0') {
      expect(r.exit).toBe(1);
      expect(r.stderr).toMatch(/^Error: YIKES! It looks like you're running this as root\./);
      expect(r.stderr).toContain('flag:  --allow-root\n');
    } else {
      expect(r.exit).toBe(0);
    }
  });

  it('reports a database connection error when the password is wrong', async () => {
    const dir = await brokenCopy(
      'badpass',
      "s/define( *'DB_PASSWORD', *'[^']*' *)/define( 'DB_PASSWORD', 'wpfleet-wrong' )/",
    );
    const r = await wp(dir, 'option', 'get', 'home');
    expect(r.exit).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Error: Error establishing a database connection\./);
  });

  it('passes mariadb-dump exit code 2 through when db export cannot connect', async () => {
    const dir = await brokenCopy(
      'deaddb',
      "s/define( *'DB_HOST', *'[^']*' *)/define( 'DB_HOST', '127.0.0.1:1' )/",
    );
    const r = await wp(dir, 'db', 'export', '-');
    expect(r.exit).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("Can't connect");
  });

  it('says the site is not installed when the table prefix matches no tables', async () => {
    const dir = await brokenCopy('noinstall', "s/^\\$table_prefix *= *'[^']*'/$table_prefix = 'wpfnone_'/");
    const installed = await wp(dir, 'core', 'is-installed');
    // WordPress itself may add a PHP warning about HTTP_HOST here (`PHP Warning:  ...` logged, and `Warning: ... on
    // line N` displayed on stderr as WP-CLI's debug mode sets it); WP-CLI adds no Error:/Warning: line of its own.
    expect(installed.exit).toBe(1);
    expect(installed.stdout).toBe('');
    const wpCliLines = installed.stderr
      .split('\n')
      .filter((line) => !/^(PHP )?Warning: {1,2}.* on line \d+$/.test(line));
    expect(wpCliLines.join('\n')).not.toMatch(/^(Error|Warning):/m);
    const r = await wp(dir, 'option', 'get', 'home');
    expect(r.exit).toBe(1);
    expect(r.stderr).toMatch(/^Error: The site you have requested is not installed\.\n/);
  });
});
