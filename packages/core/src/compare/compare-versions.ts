// Version arithmetic for PHP, WordPress and DB servers ("8.2.7", "10.11.6-MariaDB-0+deb12u1", "6.1.9").

/** Numeric parts of a version, ignoring any suffix after the numbers. */
function versionParts(version: string): number[] {
  const match = /^\D*(\d+(?:\.\d+)*)/.exec(version);
  return match?.[1] ? match[1].split('.').map(Number) : [];
}

/** -1, 0 or 1, comparing numerically part by part; missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a);
  const pb = versionParts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** "8.2.7" → "8.2"; "6" → "6.0". */
export function majorMinor(version: string): string {
  const [major = 0, minor = 0] = versionParts(version);
  return `${major}.${minor}`;
}

export function majorOf(version: string): number {
  return versionParts(version)[0] ?? 0;
}
