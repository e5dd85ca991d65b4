// A site URL (or path) without its trailing slashes, the form in which wpfleet compares and writes site addresses.
export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
