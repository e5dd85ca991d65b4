/* eslint-disable no-control-regex -- the tests write and look for raw control characters. */
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalStream, terminalText } from '../../src/terminal/terminal-stream.js';
import { terminalStyle } from '../../src/terminal/terminal-style.js';
import { TRUSTED_ESC } from '../../src/terminal/trusted-escapes.js';
import { captureStream } from '../reporters/capture-stream.js';

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const ESCAPE = /\u001b/g;

describe('the terminal stream', () => {
  it('shows control characters from data as visible escapes and keeps newlines and tabs', () => {
    const out = captureStream();
    terminalStream(out).write('site\tblog\n\u001b]0;owned\u0007 \u001b[2J \u009b2J \u007f \r \u0000\n');
    expect(out.text()).toBe(
      'site\tblog\n\\u001b]0;owned\\u0007 \\u001b[2J \\u009b2J \\u007f \\u000d \\u0000\n',
    );
  });

  it('escapes the same whether text arrives whole or split at any boundary', () => {
    const text = 'a\u001b[31mb\u009bc\r\nd\u0007';
    const whole = captureStream();
    terminalStream(whole).write(text);
    for (let cut = 0; cut <= text.length; cut++) {
      const split = captureStream();
      const stream = terminalStream(split);
      stream.write(text.slice(0, cut));
      stream.write(text.slice(cut));
      expect(split.text()).toBe(whole.text());
    }
  });

  it("keeps wpfleet's own colours while data inside them cannot send an escape sequence", () => {
    const out = captureStream();
    const c = terminalStyle(true);
    terminalStream(out).write(
      `${c.red.bold('error')} ${c.dim('site \u001b]8;;http://evil\u0007x')} \u001b[1A\n`,
    );
    const text = out.text();
    expect(text).toContain('\u001b[31m\u001b[1merror\u001b[22m\u001b[39m');
    // Every raw ESC left opens a colour code; the data's OSC and cursor move are visible text.
    expect(text.match(ESCAPE)?.length).toBe(text.match(/\u001b\[\d+m/g)?.length);
    expect(text).toContain('\\u001b]8;;http://evil\\u0007x');
    expect(text).toContain('\\u001b[1A');
  });

  it('does not let data forge the marker wpfleet uses for its own escapes', () => {
    const forged = `\uf8ff0123456789abcdef\uf8ff[2J ${TRUSTED_ESC.slice(0, 5)}[2J`;
    expect(terminalText(forged)).not.toMatch(RAW_CONTROL);
  });

  it('hides the credentials of URLs in everything it prints', () => {
    expect(terminalText('cannot reach https://admin:hunter2@blog.test/wp-json\n')).toBe(
      'cannot reach https://***@blog.test/wp-json\n',
    );
  });

  it('keeps a JSON line parseable and equal when it carries DEL and C1 characters', () => {
    const value = { message: 'a\u007fb\u009bc\u001bd' };
    const shown = terminalText(JSON.stringify(value) + '\n');
    expect(shown).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(shown)).toEqual(value);
  });

  it('passes bytes through untouched, as a dump piped to stdout needs', async () => {
    const bytes = Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x00, 0x9b, 0xff, 0x0a]);
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (b: Buffer) => chunks.push(b));
    await pipeline(Readable.from([bytes]), terminalStream(sink));
    expect(Buffer.concat(chunks)).toEqual(bytes);
  });

  it('wrapping a terminal stream again changes nothing, and terminal size still shows through', () => {
    const out = captureStream({ columns: 80, rows: 24 });
    const once = terminalStream(out);
    expect(terminalStream(once)).toBe(once);
    expect(once.columns).toBe(80);
    terminalStream(once).write(terminalStyle(true).green('✔'));
    expect(out.text()).toBe('\u001b[32m✔\u001b[39m');
  });
});
