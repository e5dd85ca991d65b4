import { describe, expect, it } from 'vitest';
import { redactUrlUserinfo } from '../../src/ports/redact-url-userinfo.js';

describe('redactUrlUserinfo', () => {
  it.each([
    ['https://user:pw@example.com/path', 'https://***@example.com/path'],
    ['mysql://root:s3cret@db:3306/wp', 'mysql://***@db:3306/wp'],
    ['git+https://ghp_TOKEN@github.com/a/b', 'git+https://***@github.com/a/b'],
    ['https://u:p@ss@host/', 'https://***@host/'],
    [
      'siteurl is HTTP://Admin:Pw@Blog.test, not http://blog.test',
      'siteurl is HTTP://***@Blog.test, not http://blog.test',
    ],
  ])('hides the credentials in %s', (text, redacted) => {
    expect(redactUrlUserinfo(text)).toBe(redacted);
  });

  it('keeps URLs without userinfo and e-mail addresses as they are', () => {
    const text = 'see https://example.com/a?b=c@d#e and write to ops@example.com';
    expect(redactUrlUserinfo(text)).toBe(text);
  });

  it('keeps JSON around a URL valid, including a password with an escaped quote', () => {
    const json = JSON.stringify({ url: 'https://u:p"w@host/x', mail: 'a@b', other: 'https://ok.test' });
    const redacted = redactUrlUserinfo(json);
    expect(JSON.parse(redacted)).toEqual({
      url: 'https://***@host/x',
      mail: 'a@b',
      other: 'https://ok.test',
    });
  });

  it('keeps HTML attributes and text around a URL intact', () => {
    expect(redactUrlUserinfo('<a href="https://u:pw@h/">https://u:pw@h/</a>')).toBe(
      '<a href="https://***@h/">https://***@h/</a>',
    );
  });

  it('takes linear time on long hostile text', () => {
    const text = 'a-'.repeat(500_000) + 'x://' + 'b'.repeat(500_000);
    const started = Date.now();
    expect(redactUrlUserinfo(text)).toBe(text);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
