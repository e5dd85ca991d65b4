// Replays every real WP-CLI 2.12.0 transcript record against a lab Site over real SSH and checks that
// the lab's `wp` (the stand-in, or a real WP-CLI given as WPFLEET_LAB_WP_CLI) answers with the same shape.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argvForSite, compareTranscript, parseTranscripts, type ObservedRun } from '../src/contract/compare-transcript.js';
import { readContractTarget, shellQuote, type ContractTarget } from '../src/contract/lab-target.js';

const TRANSCRIPTS = '/work/shared/wp-cli/wp-cli-2.12.0-transcripts.jsonl';
const records = parseTranscripts(readFileSync(TRANSCRIPTS, 'utf8'));
const labDir = process.env['WPFLEET_LAB_DIR'] ?? '/tmp/wpfleet-lab';

let target: ContractTarget;

/** Runs `wp ARGV` on the Site's Host the way wpfleet does: OpenSSH, argv quoted once, stdin piped. */
function runWp(argv: string[], stdin: string | null): Promise<ObservedRun> {
  // The records were taken as root with --allow-root, which their argv leaves out.
  const remote = ['wp', '--allow-root', ...argv.slice(1)].map(shellQuote).join(' ');
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

const wpAt = (...args: string[]) => runWp(['wp', `--path=${target.sitePath}`, ...args], null);

// Site state the records assume: no maintenance mode, no wpf_probe table, one transient, no permalinks.
const SEED = `<?php
echo json_encode(['permalink_structure' => get_option('permalink_structure')]);
set_transient('wpfleet_contract', 1, 3600);
update_option('permalink_structure', '');
`;
let original: { permalink_structure: string } = { permalink_structure: '' };

beforeAll(async () => {
  target = readContractTarget(labDir);
  await wpAt('maintenance-mode', 'deactivate');
  await wpAt('db', 'query', 'DROP TABLE IF EXISTS wpf_probe');
  const seeded = await runWp(['wp', `--path=${target.sitePath}`, 'eval-file', '-'], SEED);
  expect(seeded.exit, seeded.stderr).toBe(0);
  original = JSON.parse(seeded.stdout) as typeof original;
});

afterAll(async () => {
  if (!target) return;
  await wpAt('maintenance-mode', 'deactivate');
  await wpAt('db', 'query', 'DROP TABLE IF EXISTS wpf_probe');
  const restore = `<?php update_option('permalink_structure', ${JSON.stringify(original.permalink_structure)}); delete_transient('wpfleet_contract'); flush_rewrite_rules();`;
  await runWp(['wp', `--path=${target.sitePath}`, 'eval-file', '-'], restore);
});

describe('the lab wp answers like real WP-CLI 2.12.0', () => {
  // In recorded order: db import, maintenance-mode and transient records change the Site for later ones.
  for (const record of records) {
    it(`${record.name}: ${record.argv.slice(2).join(' ')}`, async () => {
      const observed = await runWp(argvForSite(record, target.sitePath), record.stdin);
      expect(compareTranscript(record, observed)).toEqual([]);
    });
  }
});
