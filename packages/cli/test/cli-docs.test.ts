import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '@wpfleet/cli';
import { renderCliDocs } from '../src/argv/render-cli-docs.js';

describe('docs/cli.md', () => {
  it('is the same as what the command definitions generate (run `pnpm gen:docs` after changing a command)', () => {
    const committed = readFileSync(new URL('../../../docs/cli.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderCliDocs(commands));
  });

  it('documents every command and every exit code', () => {
    const docs = renderCliDocs(commands);
    for (const command of commands) expect(docs).toContain(`## wpfleet ${command.name}`);
    expect(docs).toMatch(/\| 130 \| `interrupted` \|/);
  });
});
