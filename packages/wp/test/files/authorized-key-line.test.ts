// The temporary key line in the source's authorized_keys, edited by real `sh`/`awk` over a LocalTransport in a
// scratch HOME: the operator's lines must come out byte for byte, whatever the file looked like before.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAuthorizedKeyLine, removeAuthorizedKeyLine } from '../../src/files/authorized-key-line.js';
import { restrictedRsyncKeyLine, rrsyncKeyOption } from '../../src/files/rsync-argv.js';
import {
  countStaleTemporaryKeys,
  removeStaleTemporaryKeys,
} from '../../src/files/remove-stale-temporary-keys.js';
import { LocalTransport } from '../../src/transport/local-transport.js';

const transport = new LocalTransport();
const contentDir = '/srv/www/blog/wp-content';
const keyLine = restrictedRsyncKeyLine('ssh-ed25519 AAAAtemporary', contentDir, 'wpfleet-temp-abc-123');
const operator = 'ssh-ed25519 AAAAoperator operator@laptop';

let home: string;
let savedHome: string | undefined;
const keysFile = () => join(home, '.ssh', 'authorized_keys');
const writeKeys = (text: string) => writeFileSync(keysFile(), text, { mode: 0o600 });
const readKeys = () => readFileSync(keysFile(), 'utf8');

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'wpf-keys-'));
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  savedHome = process.env['HOME'];
  process.env['HOME'] = home;
});
afterEach(() => {
  process.env['HOME'] = savedHome;
  rmSync(home, { recursive: true, force: true });
});
afterAll(() => transport.close());

describe("the temporary key in the source's authorized_keys", () => {
  it('goes on a line of its own when the last line has no newline, and the operator keeps that line byte for byte', async () => {
    writeKeys(`# keys\n${operator}`);
    await addAuthorizedKeyLine(transport, keyLine);
    expect(readKeys()).toBe(`# keys\n${operator}\n${keyLine}\n`);
    await removeAuthorizedKeyLine(transport, keyLine);
    expect(readKeys()).toBe(`# keys\n${operator}\n`);
  });

  it('adds no blank line to a file that ends in a newline, and starts an empty or missing file with the key', async () => {
    writeKeys(`${operator}\n`);
    await addAuthorizedKeyLine(transport, keyLine);
    expect(readKeys()).toBe(`${operator}\n${keyLine}\n`);
    writeKeys('');
    await addAuthorizedKeyLine(transport, keyLine);
    expect(readKeys()).toBe(`${keyLine}\n`);
    rmSync(keysFile());
    await addAuthorizedKeyLine(transport, keyLine);
    expect(readKeys()).toBe(`${keyLine}\n`);
  });

  it('removes only the exact line it added, not other lines that mention its marker or hold it in part', async () => {
    const lookalikes = [
      `# ${keyLine}`,
      `${operator} wpfleet-temp-abc-123`,
      `${keyLine} extra`,
      ` ${keyLine}`,
      `${operator}\r`,
    ];
    writeKeys(`${lookalikes.join('\n')}\n${keyLine}\n`);
    await removeAuthorizedKeyLine(transport, keyLine);
    expect(readKeys()).toBe(`${lookalikes.join('\n')}\n`);
  });

  it("cuts a key an older run glued onto the operator's last line off again, leaving the operator's key", async () => {
    writeKeys(`${operator}${keyLine}\nssh-ed25519 AAAAother other@desk\n`);
    expect(await countStaleTemporaryKeys(transport, contentDir)).toBe(1);
    expect(await removeStaleTemporaryKeys(transport, contentDir)).toBe(1);
    expect(readKeys()).toBe(`${operator}\nssh-ed25519 AAAAother other@desk\n`);
  });

  it("keeps an operator's line that only mentions a wpfleet marker", async () => {
    // The second is the operator's own rrsync key for the same directory, with a comment that happens to match.
    const lines = [
      `${operator} wpfleet-temp-mine`,
      `${rrsyncKeyOption(contentDir)} ${operator} wpfleet-temp-mine`,
    ];
    writeKeys(`${lines.join('\n')}\n`);
    expect(await countStaleTemporaryKeys(transport, contentDir)).toBe(0);
    expect(await removeStaleTemporaryKeys(transport, contentDir)).toBe(0);
    expect(readKeys()).toBe(`${lines.join('\n')}\n`);
  });
});
