// Replays every real WP-CLI 2.12.0 transcript record against a lab Site over real SSH and checks that
// the lab's `wp` (the stand-in, or a real WP-CLI given as WPFLEET_LAB_WP_CLI) answers with the same shape.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argvForSite, compareTranscript, type ObservedRun } from '../src/contract/compare-transcript.js';
import { loadTranscriptRecords } from '../src/contract/transcripts-path.js';
import { readContractTarget, shellQuote, type ContractTarget } from '../src/contract/lab-target.js';

const records = loadTranscriptRecords();
const labDir = process.env['WPFLEET_LAB_DIR'] ?? '/tmp/wpfleet-lab';

let target: ContractTarget;

/** Runs ARGV on the Site's Host the way wpfleet does: OpenSSH, argv quoted once, stdin piped. */
function runRemote(argv: string[], stdin: string | null): Promise<ObservedRun> {
  const remote = argv.map(shellQuote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', [...target.sshArgs, '--', remote], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 255) reject(new Error(`ssh to ${target.hostName} failed: ${stderr}`));
      else resolve({ exit: code ?? -1, stdout, stderr });
    });
    // ssh may exit before reading stdin (a refused connection); its exit status tells the story.
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin ?? '');
  });
}

/** A recorded `wp` argv; the records were taken as root with --allow-root, which their argv leaves out. */
const runWp = (argv: string[], stdin: string | null) =>
  runRemote(['wp', '--allow-root', ...argv.slice(1)], stdin);

/** Runs a shell script on the Host; $1.. are passed as positional parameters, quoted once. */
function sh(script: string, ...params: string[]): Promise<ObservedRun> {
  return runRemote(['sh', '-c', script, 'sh', ...params], null);
}

// The records write (db import, maintenance mode, transients, rewrite rules), and lab Sites are shared.
// So they replay on a dedicated Site: a copy of the lab Site's files under /tmp with its own table
// prefix, its tables cloned from the original in the same database. The original is only read.
const PREFIX = 'wpfc_';
let copy = '';

const CLONE = `set -e
orig="$1"; copy="$2"; new="$3"
old=$(wp --allow-root --path="$orig" config get table_prefix)
tables=$(wp --allow-root --path="$orig" db tables --all-tables-with-prefix --format=csv)
cp -a "$orig" "$copy"
rm -f "$copy/.maintenance"
sed -i "s/^\\$table_prefix *= *.*/\\$table_prefix = '$new';/" "$copy/wp-config.php"
wp --allow-root --path="$orig" db export - --tables="$tables" \
  | sed -e "s/\\\`$old/\\\`$new/g" \
        -e "s/'$old\\(user_roles\\|capabilities\\|user_level\\|user-settings\\|user-settings-time\\|dashboard_quick_press_last_post_id\\)'/'$new\\1'/g" \
  | wp --allow-root --path="$copy" db import - >/dev/null
`;

const DROP = `copy="$1"
tables=$(wp --allow-root --path="$copy" db tables --all-tables-with-prefix --format=csv)
[ -n "$tables" ] && wp --allow-root --path="$copy" db query "DROP TABLE IF EXISTS $tables" >/dev/null
wp --allow-root --path="$copy" db query "DROP TABLE IF EXISTS wpf_probe" >/dev/null
rm -rf "$(dirname "$copy")"
`;

// State the records assume on top of a fresh install: one transient and no permalink structure.
const SEED = `<?php
set_transient('wpfleet_contract', 1, 3600);
update_option('permalink_structure', '');
echo get_option('siteurl');
`;

beforeAll(async () => {
  target = readContractTarget(labDir);
  const dir = await sh('mktemp -d /tmp/wpfleet-contract-XXXXXX');
  expect(dir.exit, dir.stderr).toBe(0);
  copy = `${dir.stdout.trim()}/site`;
  const cloned = await sh(CLONE, target.sitePath, copy, PREFIX);
  expect(cloned.exit, cloned.stderr).toBe(0);
  const seeded = await runWp(['wp', `--path=${copy}`, 'eval-file', '-'], SEED);
  expect(seeded.exit, seeded.stderr).toBe(0);
  expect(seeded.stdout).toMatch(/^https?:\/\//);
});

afterAll(async () => {
  if (copy) await sh(DROP, copy);
});

describe('the lab wp answers like real WP-CLI 2.12.0', () => {
  // In recorded order: db import, maintenance-mode and transient records change the Site for later ones.
  for (const record of records) {
    it(`${record.name}: ${record.argv.slice(2).join(' ')}`, async () => {
      const observed = await runWp(argvForSite(record, copy), record.stdin);
      expect(compareTranscript(record, observed)).toEqual([]);
    });
  }
});
