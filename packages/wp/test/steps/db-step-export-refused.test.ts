// The db step when the source's export cannot even start: the site fails with the export's own error, and no
// import is left running on the target (its cancellation would be a rejection nobody awaits, which ends the whole
// controller, every other site's run with it). Real processes: a LocalTransport and a small `wp` stand-in in sh.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlannedSite } from '@wpfleet/core';
import { afterAll, describe, expect, it } from 'vitest';
import { dbStep } from '../../src/steps/db-step.js';
import { RunMemory } from '../../src/run-memory/run-memory.js';
import type { StepEnvironment } from '../../src/step-environment/step-environment.js';
import { LocalTransport } from '../../src/transport/local-transport.js';
import { stepContext } from './step-context.js';

const dir = mkdtempSync(join(tmpdir(), 'wpf-db-refused-'));
const transport = new LocalTransport();
afterAll(async () => {
  await transport.close();
  rmSync(dir, { recursive: true, force: true });
});

// Answers the db step's queries: the source database holds 7000 of the site's tables and 7000 others (either list
// is longer than one command line holds); `db import` leaves a mark and reads its input.
const imported = join(dir, 'import-started');
const WP = `
case "$*" in
  *"db import"*) touch '${imported}'; cat > /dev/null ;;
  *"--path=/srv/www/blog "*"SHOW TABLES"*)
    i=0; while [ $i -lt 7000 ]; do echo "wp_\${i}_postmeta"; echo "other_\${i}_postmeta"; i=$((i+1)); done ;;
  *"SHOW TABLES"*) ;;
  *) printf 'version\\t\\t10.11.6-MariaDB\\n' ;;
esac`;

const site = {
  name: 'blog',
  source: { host: 'old-1', path: '/srv/www/blog', url: 'https://blog.example' },
  target: { host: 'new-1', path: '/var/www/blog/public', url: 'https://blog.example' },
  replacements: [],
  excludes: [],
  stagingPrefix: 'wpfs_',
  backupPrefix: 'wpfb_',
  multisite: false,
  forbiddenActions: [],
  estimate: { dbBytes: 0, fileBytes: 0, durationMs: 0 },
} as unknown as PlannedSite;

describe('a db step whose export cannot start', () => {
  it('fails the site with the export error and never starts the import on the target', async () => {
    const env: StepEnvironment = {
      host: async (name) => ({ name, transport, wpCommand: ['sh', '-c', WP, 'wp'] }),
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const ctx = stepContext(site, 'db', { preflight: { sourcePrefix: 'wp_', targetPrefix: 'wp_' } });
      const error = await dbStep(
        env,
        new RunMemory(),
      )(ctx).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'WPF_TABLE_LIST_TOO_LONG' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(existsSync(imported)).toBe(false);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
