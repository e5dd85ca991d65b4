import { describe, expect, it } from 'vitest';
import { targetWorkDirs } from '../../src/steps/site-sides.js';
import { sqlString } from '../../src/steps/sql-string.js';

describe('where the target keeps staged files', () => {
  it('puts staging and backup next to the docroot, never inside it', () => {
    const dirs = targetWorkDirs({ name: 'blog', target: { path: '/var/www/blog/public/' } } as never);
    expect(dirs).toEqual({ stagingDir: '/var/www/blog/.wpfleet/blog/staging', backupDir: '/var/www/blog/.wpfleet/blog/backup' });
    expect(dirs.stagingDir.startsWith('/var/www/blog/public')).toBe(false);
  });
});

describe('SQL literals wpfleet writes itself', () => {
  it('escapes quotes and backslashes so a URL cannot end the literal', () => {
    expect(sqlString("https://x.test/it's\\")).toBe("'https://x.test/it\\'s\\\\'");
  });
});
