// File counts and bytes per managed wp-content directory, gathered with one `find` per host and compared
// source against target. NUL-separated so that any file name (newlines included) parses.

/** The wp-content directories wpfleet copies and compares. */
export const MANAGED_DIRS = ['uploads', 'plugins', 'themes', 'mu-plugins', 'languages'] as const;

/**
 * Excluded by default (rsync filter patterns; a leading `/` anchors at wp-content). Caches, object-cache and
 * page-cache drop-ins, logs and backup folders at the wp-content root are never copied because only the
 * managed directories are; these patterns catch what lives inside them.
 */
export const DEFAULT_EXCLUDES = [
  '/uploads/cache/',
  '/uploads/backup*/',
  '/uploads/*backups/',
  '/uploads/wp-migrate-db/',
  '*.log',
  '.DS_Store',
] as const;

interface DirSummary {
  files: number;
  bytes: number;
}

export type FileManifest = Record<string, DirSummary>;

/** argv that prints `SIZE<TAB>RELATIVE-PATH<NUL>` for every file below `root`. */
export function fileManifestArgv(root: string): string[] {
  return ['find', root, '-type', 'f', '-printf', '%s\\t%P\\0'];
}

/** Matches a relative path against rsync-style exclude patterns (`/anchored/`, `dir/`, `*.log`, `name`). */
export function isExcluded(relativePath: string, excludes: readonly string[]): boolean {
  const segments = relativePath.split('/');
  const dirs = segments.slice(0, -1);
  return excludes.some((raw) => {
    const anchored = raw.startsWith('/');
    const directory = raw.endsWith('/');
    const pattern = raw.replace(/^\//, '').replace(/\/$/, '');
    const parts = pattern.split('/');
    if (anchored || parts.length > 1) {
      // Anchored: the pattern's segments must match the path's leading segments.
      const candidate = directory ? dirs : segments;
      if (candidate.length < parts.length) return false;
      if (!directory && candidate.length !== parts.length) return false;
      return parts.every((part, i) => globMatch(candidate[i]!, part));
    }
    return directory
      ? dirs.some((d) => globMatch(d, pattern))
      : globMatch(segments[segments.length - 1] ?? '', pattern);
  });
}

function globMatch(value: string, pattern: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')}$`,
  );
  return regex.test(value);
}

/** Summarizes `find -printf '%s\t%P\0'` output per managed top-level directory. */
export function parseFileManifest(
  output: string,
  excludes: readonly string[] = DEFAULT_EXCLUDES,
): FileManifest {
  // No prototype: the top directory comes from the host's file names, and `__proto__/` must not reach Object.prototype.
  const manifest = Object.create(null) as FileManifest;
  for (const dir of MANAGED_DIRS) manifest[dir] = { files: 0, bytes: 0 };
  for (const record of output.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const size = Number(record.slice(0, tab));
    const path = record.slice(tab + 1);
    const top = path.split('/')[0] ?? '';
    const summary = manifest[top];
    if (tab < 0 || !Number.isFinite(size) || !summary || isExcluded(path, excludes)) continue;
    summary.files += 1;
    summary.bytes += size;
  }
  return manifest;
}

/** One managed directory compared source against target, as the verify step's integrity table shows it. */
// A type alias, not an interface, so it fits the JSON index signature of journalled step outputs.
export type ManifestComparison = {
  dir: string;
  sourceFiles: number;
  targetFiles: number;
  sourceBytes: number;
  targetBytes: number;
  equal: boolean;
};

/** Every directory of the source's manifest, with the target's counts beside it (a missing one counts as empty). */
export function compareFileManifests(source: FileManifest, target: FileManifest): ManifestComparison[] {
  return Object.keys(source).map((dir) => {
    const s = source[dir]!;
    const t = (Object.hasOwn(target, dir) ? target[dir] : undefined) ?? { files: 0, bytes: 0 };
    return {
      dir,
      sourceFiles: s.files,
      targetFiles: t.files,
      sourceBytes: s.bytes,
      targetBytes: t.bytes,
      equal: s.files === t.files && s.bytes === t.bytes,
    };
  });
}
