// @wpfleet/cli: commands, wizard, reporters. Exported for the end-to-end tests and for embedding.
export { main, exitCodeFor, type MainOptions } from './main.js';
export { commands } from './commands/registry.js';
export { ExitCode } from './command/exit-code.js';
