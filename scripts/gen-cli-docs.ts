// Writes docs/cli.md from the command definitions (`pnpm gen:docs`).
import { writeFileSync } from 'node:fs';
import { commands } from '../packages/cli/src/commands/registry.js';
import { renderCliDocs } from '../packages/cli/src/argv/render-cli-docs.js';

writeFileSync(new URL('../docs/cli.md', import.meta.url), renderCliDocs(commands));
console.log('wrote docs/cli.md');
