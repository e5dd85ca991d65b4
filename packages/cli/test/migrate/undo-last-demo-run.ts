// `scripts/demo.sh` leaves the lab's targets migrated; lab tests that need them as the lab made them call this first.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from '../run-cli/run-cli.js';

/**
 * `scripts/demo.sh` leaves the lab's targets migrated (that is its point); a test that needs them as the lab made
 * them swaps the last demo run back first, as the demo itself does on its next run.
 */
export async function undoLastDemoRun(): Promise<void> {
  const pointer = fileURLToPath(new URL('../../../../.wpfleet/demo/last-run', import.meta.url));
  if (!existsSync(pointer)) return;
  const runDir = readFileSync(pointer, 'utf8').trim();
  if (!existsSync(runDir)) return;
  const status = await runCli(['status', '--run-dir', runDir, '--json'], { built: true });
  let sites: { name: string; steps: Record<string, string> }[] = [];
  try {
    sites = (JSON.parse(status.stdout) as { sites: typeof sites }).sites;
  } catch {
    return;
  }
  for (const site of sites) {
    if (site.steps['swap'] === 'succeeded' || site.steps['swap'] === 'skipped')
      await runCli(['undo', site.name, '--run-dir', runDir], { built: true });
  }
}
