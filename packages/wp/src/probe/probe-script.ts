// Loads the PHP probe's source. The file ships next to the package (packages/wp/php), the same relative
// location from src/ and from dist/.
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function probeScript(): string {
  cached ??= readFileSync(new URL('../../php/probe.php', import.meta.url), 'utf8');
  return cached;
}
