// Options every command accepts.
import type { OptionSpec } from './command.js';

export const globalOptions: OptionSpec[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'Show help for the command.' },
  { name: 'json', type: 'boolean', description: 'Machine-readable output (NDJSON for long runs).' },
  { name: 'no-color', type: 'boolean', description: 'Disable colours (NO_COLOR is honoured too).' },
  { name: 'quiet', short: 'q', type: 'boolean', description: 'Only print errors and the final result.' },
  {
    name: 'verbose',
    short: 'v',
    type: 'boolean',
    description: 'Print more detail, including each remote command (redacted).',
  },
];
