// Loads the PHP programs wpfleet runs through `wp eval-file -` (probe, swap housekeeping, serialized scan). They
// are real .php files in packages/wp/php, beside the package, so the same relative path works from src/ and dist/.
import { readFileSync } from 'node:fs';

export type PhpProgramName = 'probe.php' | 'housekeeping.php' | 'serialized-scan.php';

const cache = new Map<PhpProgramName, string>();

export function phpProgram(name: PhpProgramName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`../../php/${name}`, import.meta.url), 'utf8');
    cache.set(name, text);
  }
  return text;
}
