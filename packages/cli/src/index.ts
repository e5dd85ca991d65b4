// @wpfleet/cli: the `wpfleet` command (src/bin.ts). The command table is exported for the docs generator.
export { commands } from './commands/registry.js';
