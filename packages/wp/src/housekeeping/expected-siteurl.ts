// What the target's `siteurl` option should be after the move. `home` is the site's address (the plan's target
// URL); `siteurl` is where WordPress's own files answer, which is a subdirectory of it when WordPress lives in its
// own directory (`https://example.com/wp`, Bedrock's `/wp`). Forcing siteurl to the home URL would break wp-admin
// and wp-login.php on those sites, so the subdirectory the copied value names is kept, on the target's origin.
import { trimSlash } from '@wpfleet/core';

/**
 * `current` is the siteurl the copy brought (already search-replaced), `home` the planned target URL. The result
 * is `home`'s scheme and host with `current`'s path when that path lies inside `home`'s path, else `home` itself.
 */
export function expectedSiteurl(current: string | undefined, home: string): string {
  const wanted = trimSlash(home);
  if (current === undefined) return wanted;
  let copied: URL;
  let target: URL;
  try {
    copied = new URL(current);
    target = new URL(wanted);
  } catch {
    return wanted;
  }
  const base = trimSlash(target.pathname);
  const path = trimSlash(copied.pathname);
  if (path === base || !path.startsWith(`${base}/`)) return wanted;
  return trimSlash(`${target.origin}${path}`);
}
