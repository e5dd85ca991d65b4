// The PHP probe's source (packages/wp/php/probe.php).
import { phpProgram } from '../wp-cli/php-program.js';

export function probeScript(): string {
  return phpProgram('probe.php');
}
