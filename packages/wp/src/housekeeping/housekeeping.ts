// The swap's WordPress housekeeping, a PHP program for `wp eval-file -` (packages/wp/php/housekeeping.php): one
// boot instead of three. It does what `wp cache flush`, `wp transient delete --all` and `wp rewrite flush` do, in
// that order (the object cache first, so the transient and rewrite work reads the options that just moved), and
// reports each action's outcome as one JSON line instead of stopping at the first failure. On a multisite it
// covers every subsite, as running those commands once per `--url` would.
import { z } from 'zod';
import { phpProgram } from '../wp-cli/php-program.js';

export function housekeepingScript(): string {
  return phpProgram('housekeeping.php');
}

const outcomeSchema = z.object({ cache: z.string(), transients: z.string(), rewrite: z.string() });

export type HousekeepingOutcome = z.infer<typeof outcomeSchema>;

/** The script's JSON line; each value is `ok`, `failed` or `failed: <reason>`. */
export function parseHousekeeping(stdout: string): HousekeepingOutcome {
  const line = stdout.trim().split('\n').pop() ?? '';
  return outcomeSchema.parse(JSON.parse(line));
}
