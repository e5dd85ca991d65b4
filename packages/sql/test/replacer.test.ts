// Conformance cases for search-replace inside dumps, named after what a user sees. Every serialized value the
// stream rewrites is collected and handed to PHP's real unserialize() at the end of the file.
import { execFileSync } from 'node:child_process';
import { Replacer, looksSerialized, type SqlStreamOptions } from '@wpfleet/sql';
import { describe, expect, it } from 'vitest';
import { phpExport, phpUnserializes } from './php-unserialize.js';
import { run, ser, sqlEscape, storedValue } from './transform-helpers.js';

const OLD = 'https://old.example.com';
const NEW = 'https://new.example.org';
const touchedSerialized: Buffer[] = [];

const PREAMBLE =
  'CREATE TABLE `wp_options` (\n  `option_id` bigint(20) unsigned NOT NULL,\n  `option_name` varchar(191) NOT NULL,\n' +
  '  `option_value` longtext NOT NULL,\n  `autoload` varchar(20) NOT NULL,\n  PRIMARY KEY (`option_id`)\n) ENGINE=InnoDB;\n';

/** Sends one option_value through the stream and returns it as stored after import. */
function through(value: string, options: SqlStreamOptions = { pairs: [{ from: OLD, to: NEW }] }) {
  const sql = `${PREAMBLE}INSERT INTO \`wp_options\` VALUES (1,'x','${sqlEscape(value)}','yes');\n`;
  const { text, t } = run(sql, options);
  const m = /VALUES \(1,'x','((?:[^'\\]|\\.|'')*)','yes'\);/s.exec(text);
  if (!m) throw new Error(`row not found in output: ${text}`);
  const out = storedValue(m[1]!);
  if (looksSerialized(value) && out !== value) touchedSerialized.push(Buffer.from(out, 'utf8'));
  return { out, report: t.report() };
}

const pairs = (...p: [string, string][]): SqlStreamOptions => ({
  pairs: p.map(([from, to]) => ({ from, to })),
});

/** The stream's result, the same case-sensitive (byte paths) and case-insensitive (escaped-text pattern). */
function both(value: string, options: SqlStreamOptions = { pairs: [{ from: OLD, to: NEW }] }): string {
  const exact = through(value, options).out;
  expect(through(value, { ...options, caseInsensitive: true }).out).toBe(exact);
  return exact;
}

/** The Replacer on one stored value, without the stream. */
function plain(value: string, p: [string, string][]): string {
  const r = new Replacer(p.map(([from, to]) => ({ from, to })));
  return Buffer.from(r.replaceValue(Buffer.from(value).toString('latin1')).value, 'latin1').toString('utf8');
}

/** PHP's own json_encode of `value` with `flags` (JSON_UNESCAPED_SLASHES is 64, JSON_UNESCAPED_UNICODE 256). */
function phpJson(value: unknown, flags = 0): string {
  const script = 'echo json_encode(json_decode(stream_get_contents(STDIN), true), (int)$argv[1]);';
  return execFileSync('php', ['-r', script, String(flags)], {
    input: JSON.stringify(value),
    encoding: 'utf8',
  });
}

describe('search-replace in plain values', () => {
  it('replaces the site URL in a plain option value', () => {
    expect(through(`${OLD}/wp-content/uploads/a.jpg`).out).toBe(`${NEW}/wp-content/uploads/a.jpg`);
  });

  it('also moves http:// links of the old site to the new URL', () => {
    expect(through('see http://old.example.com/about').out).toBe(`see ${NEW}/about`);
  });

  it('keeps protocol-relative links protocol-relative', () => {
    expect(through('<img src="//old.example.com/a.png">').out).toBe('<img src="//new.example.org/a.png">');
  });

  it('does not rewrite a longer domain that starts with the old one (old.example.com.au)', () => {
    expect(through('https://old.example.com.au/shop').out).toBe('https://old.example.com.au/shop');
  });

  it('does not rewrite a domain that ends with the old one (cold.example.com)', () => {
    expect(through('https://cold.example.com/').out).toBe('https://cold.example.com/');
  });

  it('does not rewrite subdomains of the old domain (cdn.old.example.com)', () => {
    expect(through('https://cdn.old.example.com/x.js').out).toBe('https://cdn.old.example.com/x.js');
  });

  it('does not rewrite a host that continues with a hyphen (old.example.com-backup)', () => {
    expect(through('https://old.example.com-backup/').out).toBe('https://old.example.com-backup/');
  });

  it('rewrites the old URL at the end of a sentence followed by a full stop', () => {
    expect(through(`Visit ${OLD}.`).out).toBe(`Visit ${NEW}.`);
  });

  it('rewrites the old URL followed by a port, query or fragment', () => {
    expect(through(`${OLD}:8080/a ${OLD}?p=1 ${OLD}#top`).out).toBe(`${NEW}:8080/a ${NEW}?p=1 ${NEW}#top`);
  });

  it('replaces a bare domain pair in e-mail addresses and text', () => {
    expect(
      through('admin@old.example.com and old.example.com', pairs(['old.example.com', 'new.example.org'])).out,
    ).toBe('admin@new.example.org and new.example.org');
  });

  it('replaces a filesystem path without touching a longer sibling directory', () => {
    const r = through('/var/www/old/wp-content and /var/www/older/x', pairs(['/var/www/old', '/srv/new']));
    expect(r.out).toBe('/srv/new/wp-content and /var/www/older/x');
  });

  it('does not replace a path that is only the tail of another path', () => {
    expect(through('/home/var/www/old/x', pairs(['/var/www/old', '/srv/new'])).out).toBe(
      '/home/var/www/old/x',
    );
  });

  it('replaces JSON-escaped URLs (https:\\/\\/old...) with JSON-escaped new ones', () => {
    const json = JSON.stringify({ url: `${OLD}/a` }).replace(/\//g, '\\/');
    expect(through(json).out).toBe(JSON.stringify({ url: `${NEW}/a` }).replace(/\//g, '\\/'));
  });

  it('replaces URL-encoded URLs (https%3A%2F%2Fold...) with URL-encoded new ones', () => {
    expect(through(`?redirect=${encodeURIComponent(`${OLD}/x`)}`).out).toBe(
      `?redirect=${encodeURIComponent(NEW)}%2Fx`,
    );
  });

  it('replaces URL-encoded URLs with lower-case hex escapes', () => {
    expect(through('u=https%3a%2f%2fold.example.com%2fx').out).toBe(`u=${encodeURIComponent(NEW)}%2fx`);
  });

  it('replaces a URL-encoded address followed by a path when FROM ends in a slash (...example.com%2Fwp-content)', () => {
    const p = pairs([`${OLD}/`, `${NEW}/`]);
    const v = `u=${encodeURIComponent(`${OLD}/wp-content`)} v=${OLD}/wp-content`;
    expect(both(v, p)).toBe(`u=${encodeURIComponent(`${NEW}/wp-content`)} v=${NEW}/wp-content`);
  });

  it('applies the longer of two overlapping pairs on every path (/var/www/old/ before /var/www/old)', () => {
    const p: [string, string][] = [
      ['/var/www/old', '/a'],
      ['/var/www/old/', '/b/'],
    ];
    expect(both('x /var/www/old/y /var/www/old', pairs(...p))).toBe('x /b/y /a');
    expect(plain('x /var/www/old/y /var/www/old', p)).toBe('x /b/y /a');
  });

  it('applies several pairs in one pass without chaining them', () => {
    const r = through('A B', pairs(['A', 'B'], ['B', 'C']));
    expect(r.out).toBe('B C');
  });

  it('applies a URL pair and a path pair to the same value', () => {
    const r = through(`${OLD} /var/www/old/x`, pairs([OLD, NEW], ['/var/www/old', '/srv/new']));
    expect(r.out).toBe(`${NEW} /srv/new/x`);
    expect(r.report.replacements.total).toBe(2);
  });

  it('is case-sensitive by default', () => {
    expect(through('HTTPS://OLD.EXAMPLE.COM').out).toBe('HTTPS://OLD.EXAMPLE.COM');
  });

  it('matches regardless of case with --case-insensitive', () => {
    const r = through('HTTPS://Old.Example.COM/x', {
      pairs: [{ from: OLD, to: NEW }],
      caseInsensitive: true,
    });
    expect(r.out).toBe(`${NEW}/x`);
  });

  it('keeps SQL escapes valid when the value holds quotes, backslashes, NUL and newlines', () => {
    const v = `it's "q" \\ back\nline\r\0nul\x1a ${OLD}`;
    expect(through(v).out).toBe(`it's "q" \\ back\nline\r\0nul\x1a ${NEW}`);
  });

  it('replaces inside multibyte UTF-8 text without damaging the characters around it', () => {
    expect(through(`日本語 ${OLD} Zoë`).out).toBe(`日本語 ${NEW} Zoë`);
  });

  it('replaces a URL whose replacement contains multibyte characters', () => {
    expect(through(`${OLD}/x`, pairs([OLD, 'https://bücher.example'])).out).toBe('https://bücher.example/x');
  });

  it('counts nothing when the replacement equals what is already there', () => {
    const r = through(`${NEW}/x`, pairs(['http://new.example.org', NEW]));
    expect(r.out).toBe(`${NEW}/x`);
    expect(r.report.replacements.total).toBe(0);
  });
});

describe('search-replace in PHP-serialized values', () => {
  it('keeps serialized lengths valid when the URL gets longer', () => {
    const v = `a:1:{s:4:"home";${ser(`${OLD}/`)}}`;
    expect(through(v).out).toBe(`a:1:{s:4:"home";${ser(`${NEW}/`)}}`);
  });

  it('keeps serialized lengths valid when the URL gets shorter', () => {
    const v = `a:1:{i:0;${ser(`${OLD}/a`)}}`;
    expect(through(v, pairs([OLD, 'https://n.io'])).out).toBe(`a:1:{i:0;${ser('https://n.io/a')}}`);
  });

  it('counts serialized lengths in bytes, not characters, for multibyte text', () => {
    const v = `a:1:{s:1:"t";${ser(`Café 日本 ${OLD}`)}}`;
    const out = through(v).out;
    expect(out).toBe(`a:1:{s:1:"t";${ser(`Café 日本 ${NEW}`)}}`);
    expect(out).toContain(`s:${Buffer.byteLength(`Café 日本 ${NEW}`)}:`);
  });

  it('rewrites serialized strings nested inside serialized strings', () => {
    const inner = `a:1:{s:3:"url";${ser(`${OLD}/in`)}}`;
    const v = `a:1:{s:5:"inner";${ser(inner)}}`;
    const expectedInner = `a:1:{s:3:"url";${ser(`${NEW}/in`)}}`;
    expect(through(v).out).toBe(`a:1:{s:5:"inner";${ser(expectedInner)}}`);
  });

  it('rewrites values of serialized objects and keeps the class name and property names', () => {
    const v = `O:8:"stdClass":2:{s:3:"url";${ser(OLD)}s:1:"n";i:5;}`;
    expect(through(v).out).toBe(`O:8:"stdClass":2:{s:3:"url";${ser(NEW)}s:1:"n";i:5;}`);
  });

  it('does not rewrite array keys (like wp search-replace)', () => {
    const key = ser(OLD).slice(0, -1);
    const v = `a:1:{${key};i:1;}`;
    expect(through(v).out).toBe(v);
  });

  it('keeps floats, booleans, nulls and integers byte-for-byte', () => {
    const v = `a:5:{i:0;d:0.1000000000000000055511151231257827;i:1;b:1;i:2;N;i:3;i:-42;i:4;${ser(OLD)}}`;
    expect(through(v).out).toBe(
      `a:5:{i:0;d:0.1000000000000000055511151231257827;i:1;b:1;i:2;N;i:3;i:-42;i:4;${ser(NEW)}}`,
    );
  });

  it('rewrites a serialized string that is the whole value', () => {
    expect(through(ser(`${OLD}/a`)).out).toBe(ser(`${NEW}/a`));
  });

  it('keeps quotes and backslashes inside serialized strings and their lengths right', () => {
    const v = `a:1:{i:0;${ser(`say "hi" \\ it's ${OLD}`)}}`;
    expect(through(v).out).toBe(`a:1:{i:0;${ser(`say "hi" \\ it's ${NEW}`)}}`);
  });

  it('rewrites JSON stored inside a serialized string', () => {
    const json = JSON.stringify({ u: `${OLD}/j` }).replace(/\//g, '\\/');
    const v = `a:1:{i:0;${ser(json)}}`;
    const want = JSON.stringify({ u: `${NEW}/j` }).replace(/\//g, '\\/');
    expect(through(v).out).toBe(`a:1:{i:0;${ser(want)}}`);
  });

  it('leaves a serialized value with a wrong length byte-for-byte untouched and reports it', () => {
    const v = `a:1:{i:0;s:99:"${OLD}";}`;
    const r = through(v);
    expect(r.out).toBe(v);
    const f = r.report.findings.find((x) => x.code === 'serialized-unparseable');
    expect(f?.where.table).toBe('wp_options');
    expect(f?.details?.column).toBe('option_value');
  });

  it('leaves a truncated serialized value untouched and reports it', () => {
    const v = `a:2:{i:0;${ser(OLD)}`;
    const r = through(`${v}}`);
    expect(r.out).toBe(`${v}}`);
    expect(r.report.findings.map((x) => x.code)).toContain('serialized-unparseable');
  });

  it('does not report unparseable serialized-looking values that contain no search string', () => {
    const r = through('a:1:{i:0;s:99:"nothing here";}');
    expect(r.report.findings).toEqual([]);
  });

  it('keeps custom-serialized (C:) payloads intact', () => {
    const v = `C:11:"ArrayObject":21:{x:i:0;a:0:{};m:a:0:{}}`;
    expect(through(v).out).toBe(v);
  });

  it('passes a widget option through PHP unserialize after the URL changes', () => {
    const v = `a:2:{i:2;a:3:{s:5:"title";${ser('Links')}s:4:"text";${ser(`<a href="${OLD}/a">A</a> <a href='${OLD}/b'>B</a>`)}s:6:"filter";b:0;}s:12:"_multiwidget";i:1;}`;
    const out = through(v).out;
    expect(out).toContain(`${NEW}/a`);
    expect(out).toContain(`${NEW}/b`);
    expect(phpUnserializes([Buffer.from(out)])).toEqual([true]);
  });

  it('gives the same PHP structure as replacing the unserialized value in PHP would', () => {
    const v = `a:2:{s:1:"a";${ser(`x ${OLD} y`)}s:1:"b";a:1:{i:0;${ser(`Zoë ${OLD}/z`)}}}`;
    const out = through(v).out;
    const want = `a:2:{s:1:"a";${ser(`x ${NEW} y`)}s:1:"b";a:1:{i:0;${ser(`Zoë ${NEW}/z`)}}}`;
    expect(phpExport([Buffer.from(out)])).toEqual(phpExport([Buffer.from(want)]));
  });
});

describe('the boundary after a match, through a URL or JSON escape', () => {
  const DOMAIN = pairs(['old.example.com', 'new.example.org']);
  const PATH = pairs(['/var/www/old', '/srv/new']);
  it('a domain followed by %2Eau is another host and stays', () => {
    for (const v of [
      'https://old.example.com%2Eau/x',
      'old.example.com%2eau',
      'u=https%3A%2F%2Fold.example.com%2Eau%2F',
    ]) {
      expect(both(v)).toBe(v);
      expect(both(v, DOMAIN)).toBe(v);
      expect(plain(v, [['old.example.com', 'new.example.org']])).toBe(v);
    }
  });

  it('a domain followed by \\u002eau (JSON-escaped full stop) is another host and stays', () => {
    for (const v of [
      '{"u":"https:\\/\\/old.example.com\\u002eau\\/x"}',
      '{"h":"old.example.com\\u002Eau"}',
    ]) {
      expect(both(v)).toBe(v);
      expect(both(v, DOMAIN)).toBe(v);
      expect(plain(v, [['old.example.com', 'new.example.org']])).toBe(v);
    }
  });

  it('a domain followed by an escaped name character (%2D, %5F, %61, \\u002d, \\u0061) stays', () => {
    for (const v of [
      'old.example.com%2Dbackup',
      'old.example.com%5fx',
      'old.example.com%61',
      'old.example.com\\u002dx',
      'old.example.com\\u0061',
    ])
      expect(both(v, DOMAIN)).toBe(v);
  });

  it('a domain followed by a full stop and an escaped letter stays (old.example.com.%61u, %2E\\u0061u)', () => {
    for (const v of ['old.example.com.%61u', 'old.example.com%2E\\u0061u', 'old.example.com\\u002e%41U'])
      expect(both(v, DOMAIN)).toBe(v);
  });

  it('a domain followed by an escaped slash, colon or quote is replaced (%2F, \\u002f, %3A, \\u0022, %22)', () => {
    expect(both('u=https%3A%2F%2Fold.example.com%2Fx%3A')).toBe(`u=${encodeURIComponent(NEW)}%2Fx%3A`);
    expect(both('https://old.example.com%3A8080 https://old.example.com\\u002fa')).toBe(
      `${NEW}%3A8080 ${NEW}\\u002fa`,
    );
    expect(both('{"h":"\\u0022old.example.com\\u0022","q":"%22old.example.com%22"}', DOMAIN)).toBe(
      '{"h":"\\u0022new.example.org\\u0022","q":"%22new.example.org%22"}',
    );
    expect(plain('old.example.com%2F', [['old.example.com', 'new.example.org']])).toBe('new.example.org%2F');
  });

  it('a domain followed by an escaped full stop that ends a sentence is replaced (%2E then a space or the end)', () => {
    expect(both('see old.example.com%2E next old.example.com\\u002e', DOMAIN)).toBe(
      'see new.example.org%2E next new.example.org\\u002e',
    );
  });

  it('a domain followed by an incomplete escape is replaced (%2, \\u002)', () => {
    expect(both('old.example.com%2', DOMAIN)).toBe('new.example.org%2');
    expect(both('old.example.com\\u002', DOMAIN)).toBe('new.example.org\\u002');
  });

  it('a path followed by %2F or \\u002f is inside the old path and is replaced', () => {
    expect(both('/var/www/old%2Fer /var/www/old%2fx /var/www/old\\u002fer', PATH)).toBe(
      '/srv/new%2Fer /srv/new%2fx /srv/new\\u002fer',
    );
    expect(plain('/var/www/old%2Fer', [['/var/www/old', '/srv/new']])).toBe('/srv/new%2Fer');
  });

  it('a path followed by an escaped name character (%2Der, %5Fer, %65r, \\u0065r) is a sibling and stays', () => {
    for (const v of ['/var/www/old%2Der', '/var/www/old%5Fer', '/var/www/old%65r', '/var/www/old\\u0065r'])
      expect(both(v, PATH)).toBe(v);
  });

  it('a path followed by %2Ebak stays, like /var/www/old.bak', () => {
    expect(both('/var/www/old%2Ebak /var/www/old.bak', PATH)).toBe('/var/www/old%2Ebak /var/www/old.bak');
  });

  it('leaves old.example.com%2Eau in a serialized value and rewrites the old URL next to it, with valid lengths', () => {
    const keep = 'https%3A%2F%2Fold.example.com%2Eau%2F';
    const json = '{"a":"https:\\/\\/old.example.com\\u002eau","b":"https:\\/\\/old.example.com\\u002fc"}';
    const v = `a:3:{i:0;${ser(`${keep} ${OLD}%2Fx`)}i:1;${ser(json)}i:2;${ser('/var/www/old%2Fer /var/www/old%2Der')}}`;
    const want =
      `a:3:{i:0;${ser(`${keep} ${NEW}%2Fx`)}i:1;${ser(json.replace('old.example.com\\u002fc', 'new.example.org\\u002fc'))}` +
      `i:2;${ser('/srv/new%2Fer /var/www/old%2Der')}}`;
    expect(both(v, pairs([OLD, NEW], ['/var/www/old', '/srv/new']))).toBe(want);
    expect(phpUnserializes([Buffer.from(want)])).toEqual([true]);
  });
});

describe('non-ASCII search strings in the JSON \\u form (json_encode without JSON_UNESCAPED_UNICODE)', () => {
  const U_OLD = 'https://exämple.com/ünï';
  const U_NEW = 'https://nëw.example/😀';
  const U = pairs([U_OLD, U_NEW]);

  it('finds a non-ASCII URL json_encode wrote as \\u00e4 with escaped slashes, and writes the new one the same way', () => {
    const v = phpJson({ url: `${U_OLD}/a.jpg`, t: 'Zoë' });
    expect(v).toContain('ex\\u00e4mple.com\\/\\u00fcn\\u00ef\\/a.jpg');
    const want = phpJson({ url: `${U_NEW}/a.jpg`, t: 'Zoë' });
    expect(want).toContain('n\\u00ebw.example\\/\\ud83d\\ude00\\/a.jpg');
    expect(both(v, U)).toBe(want);
    expect(plain(v, [[U_OLD, U_NEW]])).toBe(want);
    expect(through(v, U).report.replacements.total).toBe(1);
  });

  it('keeps plain slashes when json_encode left them plain (JSON_UNESCAPED_SLASHES)', () => {
    const v = phpJson({ url: `${U_OLD}/a.jpg` }, 64);
    expect(v).toContain('https://ex\\u00e4mple.com/\\u00fcn\\u00ef/a.jpg');
    expect(both(v, U)).toBe(phpJson({ url: `${U_NEW}/a.jpg` }, 64));
  });

  it('still replaces the raw UTF-8 JSON form (JSON_UNESCAPED_UNICODE) with raw UTF-8', () => {
    const v = phpJson({ url: `${U_OLD}/a.jpg` }, 256);
    expect(v).toContain('ex\u00e4mple.com\\/');
    expect(both(v, U)).toBe(phpJson({ url: `${U_NEW}/a.jpg` }, 256));
  });

  it('moves the http:// and protocol-relative \\u forms too', () => {
    const v =
      '["http:\\/\\/ex\\u00e4mple.com\\/\\u00fcn\\u00ef","\\/\\/ex\\u00e4mple.com\\/\\u00fcn\\u00ef"]';
    expect(both(v, U)).toBe(
      '["https:\\/\\/n\\u00ebw.example\\/\\ud83d\\ude00","\\/\\/n\\u00ebw.example\\/\\ud83d\\ude00"]',
    );
  });

  it('matches upper-case hex escapes (\\u00E4) too and writes lower-case ones', () => {
    const v = '{"u":"https:\\/\\/ex\\u00E4mple.com\\/\\u00FCn\\u00eF"}';
    expect(both(v, U)).toBe('{"u":"https:\\/\\/n\\u00ebw.example\\/\\ud83d\\ude00"}');
  });

  it('leaves an upper-case \\u form as it is when FROM and TO are the same, and counts nothing', () => {
    const v = '{"u":"https:\\/\\/ex\\u00E4mple.com\\/\\u00FCn\\u00ef"}';
    const r = through(v, pairs([U_OLD, U_OLD]));
    expect(r.out).toBe(v);
    expect(r.report.replacements.total).toBe(0);
    expect(plain(v, [[U_OLD, U_OLD]])).toBe(v);
  });

  it('keeps domain boundaries around the \\u form (ex\\u00e4mple.com.au, cex\\u00e4mple.com stay)', () => {
    const p = pairs(['exämple.com', 'example.org']);
    for (const v of [
      '{"h":"ex\\u00e4mple.com.au"}',
      '{"h":"ex\\u00e4mple.com\\u002eau"}',
      '{"h":"cex\\u00e4mple.com"}',
    ])
      expect(both(v, p)).toBe(v);
    expect(both('{"h":"ex\\u00e4mple.com\\/x","q":"\\u0022ex\\u00e4mple.com\\u0022"}', p)).toBe(
      '{"h":"example.org\\/x","q":"\\u0022example.org\\u0022"}',
    );
  });

  it('does not read an escaped backslash and u00fc (\\\\u00fc in JSON) as ü', () => {
    const p = pairs(['ünï.example', 'uni.example']);
    expect(both('{"a":"\\u00fcn\\u00ef.example"}', p)).toBe('{"a":"uni.example"}');
    expect(both('{"a":"\\\\u00fcn\\u00ef.example"}', p)).toBe('{"a":"\\\\u00fcn\\u00ef.example"}');
    expect(both('{"a":"\\\\\\u00fcn\\u00ef.example"}', p)).toBe('{"a":"\\\\uni.example"}');
    expect(both('{"a":"x\\u00fcn\\u00ef.example"}', p)).toBe('{"a":"x\\u00fcn\\u00ef.example"}');
  });

  it('keeps serialized lengths valid around json_encode output with \\u escapes (PHP unserialize)', () => {
    const json = (url: string) => phpJson({ url: `${url}/x`, alt: 'Café ☕' });
    const v = `a:2:{s:4:"json";${ser(json(U_OLD))}s:3:"raw";${ser(`${U_OLD}/y`)}}`;
    const want = `a:2:{s:4:"json";${ser(json(U_NEW))}s:3:"raw";${ser(`${U_NEW}/y`)}}`;
    expect(both(v, U)).toBe(want);
    expect(plain(v, [[U_OLD, U_NEW]])).toBe(want);
    expect(phpUnserializes([Buffer.from(want)])).toEqual([true]);
    const nested = `a:1:{i:0;${ser(`a:1:{i:0;${ser(json(U_OLD))}}`)}}`;
    expect(both(nested, U)).toBe(`a:1:{i:0;${ser(`a:1:{i:0;${ser(json(U_NEW))}}`)}}`);
  });
});

describe('search-replace scope options', () => {
  const two =
    'CREATE TABLE `wp_posts` (\n  `ID` bigint,\n  `post_content` longtext,\n  `guid` varchar(255),\n  PRIMARY KEY (`ID`)\n);\n' +
    `INSERT INTO \`wp_posts\` VALUES (1,'${OLD}/a','${OLD}/?p=1');\n` +
    `CREATE TABLE \`wp_links\` (\n  \`link_id\` bigint,\n  \`link_url\` varchar(255)\n);\nINSERT INTO \`wp_links\` VALUES (1,'${OLD}/l');\n`;

  it('skips the guid column when asked to, and still rewrites the other columns', () => {
    const { text, t } = run(two, { pairs: [{ from: OLD, to: NEW }], skipColumns: ['guid'] });
    expect(text).toContain(`(1,'${NEW}/a','${OLD}/?p=1')`);
    expect(t.report().replacements.tables).toEqual({
      wp_posts: { post_content: 1 },
      wp_links: { link_url: 1 },
    });
  });

  it('reports counts for a table and a column named `__proto__` under those names', () => {
    const sql = `CREATE TABLE \`__proto__\` (\n  \`__proto__\` text\n);\nINSERT INTO \`__proto__\` VALUES ('${OLD}/x');\n`;
    const { t } = run(sql, { pairs: [{ from: OLD, to: NEW }] });
    const { tables } = t.report().replacements;
    expect(Object.keys(tables)).toEqual(['__proto__']);
    expect(Object.entries(tables['__proto__'] ?? {})).toEqual([['__proto__', 1]]);
  });

  it('skips a column named with its table (wp_posts.guid)', () => {
    const { text } = run(two, { pairs: [{ from: OLD, to: NEW }], skipColumns: ['wp_posts.guid'] });
    expect(text).toContain(`(1,'${NEW}/a','${OLD}/?p=1')`);
  });

  it('skips whole tables with --skip-tables', () => {
    const { text } = run(two, { pairs: [{ from: OLD, to: NEW }], skipTables: ['wp_links'] });
    expect(text).toContain(`VALUES (1,'${OLD}/l')`);
    expect(text).toContain(`(1,'${NEW}/a','${NEW}/?p=1')`);
  });

  it('only touches the listed tables with --include-tables', () => {
    const { text } = run(two, { pairs: [{ from: OLD, to: NEW }], includeTables: ['wp_links'] });
    expect(text).toContain(`VALUES (1,'${NEW}/l')`);
    expect(text).toContain(`(1,'${OLD}/a','${OLD}/?p=1')`);
  });

  it('uses the INSERT column list when the dump has one (--complete-insert)', () => {
    const sql = `INSERT INTO \`wp_posts\` (\`guid\`, \`post_content\`) VALUES ('${OLD}/g','${OLD}/c');\n`;
    const { text, t } = run(sql, { pairs: [{ from: OLD, to: NEW }], skipColumns: ['guid'] });
    expect(text).toContain(`VALUES ('${OLD}/g','${NEW}/c')`);
    expect(t.report().replacements.tables).toEqual({ wp_posts: { post_content: 1 } });
  });

  it('reports replacement counts per table and column', () => {
    const { t } = run(two + `INSERT INTO \`wp_posts\` VALUES (2,'${OLD} ${OLD}','x');\n`, {
      pairs: [{ from: OLD, to: NEW }],
    });
    expect(t.report().replacements).toEqual({
      total: 5,
      tables: { wp_posts: { post_content: 3, guid: 1 }, wp_links: { link_url: 1 } },
    });
  });

  it('never rewrites _binary or hex literals', () => {
    const sql = `INSERT INTO \`t\` VALUES (_binary '${OLD}',0x${Buffer.from(OLD).toString('hex')},'${OLD}');\n`;
    const { text } = run(sql, { pairs: [{ from: OLD, to: NEW }] });
    expect(text).toBe(
      `INSERT INTO \`t\` VALUES (_binary '${OLD}',0x${Buffer.from(OLD).toString('hex')},'${NEW}');\n`,
    );
  });

  it('rejects an empty search string', () => {
    expect(() => new Replacer([{ from: '', to: 'x' }])).toThrow(/empty/);
  });
});

it('every serialized value rewritten above is accepted by PHP unserialize()', () => {
  // Declared last, so it runs after every case above: PHP must accept every serialized value the stream rewrote.
  expect(touchedSerialized.length).toBeGreaterThan(8);
  const ok = phpUnserializes(touchedSerialized);
  const bad = touchedSerialized.filter((_, i) => !ok[i]).map((b) => b.toString('utf8'));
  expect(bad).toEqual([]);
});
