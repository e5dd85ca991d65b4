import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { LeadingPhpMessageFilter } from '../../src/wp-cli/leading-php-message-filter.js';

const DUMP =
  "/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump 10.19\n\nINSERT INTO `wp_options` VALUES (1,'Warning: x on line 3');\n";
const NOTICE = '\nWarning: Constant WP_DEBUG already defined in /srv/www/acme/wp-config.php on line 91\n';
const DEPRECATED =
  'Deprecated: Creation of dynamic property Foo::$bar is deprecated in /srv/www/acme/wp-content/db.php on line 12\r\n';

async function through(input: string, cuts: number[] = []): Promise<{ out: string; removed: string[] }> {
  const bytes = Buffer.from(input);
  const chunks: Buffer[] = [];
  let last = 0;
  for (const cut of [...cuts, bytes.length]) {
    chunks.push(bytes.subarray(last, cut));
    last = cut;
  }
  const filter = new LeadingPhpMessageFilter();
  const out = await buffer(Readable.from(chunks).pipe(filter));
  return { out: out.toString(), removed: filter.removed };
}

describe('PHP messages in front of a dump on stdout', () => {
  it('drops PHP notices and deprecations printed before the dump, and says which', async () => {
    const { out, removed } = await through(`\uFEFF${NOTICE}${DEPRECATED}${DUMP}`);
    expect(out).toBe(DUMP);
    expect(removed).toEqual([NOTICE.trim(), DEPRECATED.trim()]);
  });

  it('gives the same bytes wherever the chunks are cut', async () => {
    const input = `${NOTICE}${DEPRECATED}${DUMP}`;
    for (let cut = 1; cut < input.length; cut += 7)
      expect((await through(input, [cut])).out, String(cut)).toBe(DUMP);
  });

  it('passes a dump without messages through untouched, leading blank lines included', async () => {
    expect((await through(`\n${DUMP}`, [1, 5])).out).toBe(`\n${DUMP}`);
    expect((await through(DUMP)).removed).toEqual([]);
  });

  it('never touches a line that merely looks like a message once the dump has started', async () => {
    const later = `${DUMP}Warning: not PHP's on line 4\n`;
    expect((await through(later)).out).toBe(later);
  });

  it('leaves other text in front of the dump alone, for the SQL parser to report', async () => {
    const echoed = `Hello from a plugin\n${DUMP}`;
    expect((await through(echoed)).out).toBe(echoed);
  });
});
