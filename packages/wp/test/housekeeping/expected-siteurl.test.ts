import { describe, expect, it } from 'vitest';
import { expectedSiteurl } from '../../src/housekeeping/expected-siteurl.js';

describe('the siteurl the swap leaves on the target', () => {
  it('is the home URL for a site whose WordPress answers at its home', () => {
    expect(expectedSiteurl('https://new.example.com', 'https://new.example.com/')).toBe(
      'https://new.example.com',
    );
    expect(expectedSiteurl('https://new.example.com/', 'https://new.example.com')).toBe(
      'https://new.example.com',
    );
  });

  it('keeps the subdirectory of a WordPress that lives in its own directory', () => {
    expect(expectedSiteurl('https://new.example.com/wp', 'https://new.example.com')).toBe(
      'https://new.example.com/wp',
    );
    expect(expectedSiteurl('https://new.example.com/blog/wordpress/', 'https://new.example.com/blog')).toBe(
      'https://new.example.com/blog/wordpress',
    );
  });

  it('moves a siteurl the replacement missed (other scheme or host) onto the target origin, subdirectory and all', () => {
    expect(expectedSiteurl('http://new.example.com/wp', 'https://new.example.com')).toBe(
      'https://new.example.com/wp',
    );
    expect(expectedSiteurl('https://old.example.com/wp', 'https://new.example.com')).toBe(
      'https://new.example.com/wp',
    );
    expect(expectedSiteurl('http://old.example.com', 'https://new.example.com')).toBe(
      'https://new.example.com',
    );
  });

  it('does not take a sibling path for a subdirectory', () => {
    expect(expectedSiteurl('https://new.example.com/blog2', 'https://new.example.com/blog')).toBe(
      'https://new.example.com/blog',
    );
    expect(expectedSiteurl('https://new.example.com/other', 'https://new.example.com/blog')).toBe(
      'https://new.example.com/blog',
    );
  });

  it('falls back to the home URL when the copied value is missing or not a URL', () => {
    expect(expectedSiteurl(undefined, 'https://new.example.com')).toBe('https://new.example.com');
    expect(expectedSiteurl('', 'https://new.example.com')).toBe('https://new.example.com');
    expect(expectedSiteurl('not a url', 'https://new.example.com')).toBe('https://new.example.com');
  });
});
