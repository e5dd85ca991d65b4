// Cross-reference checks a schema cannot express: sites naming hosts that do not exist, jump-host cycles,
// two sites writing the same target, policies naming nothing. Runs on the raw parsed file, so these problems
// are reported together with the schema's own.

export interface FleetReferenceProblem {
  path: (string | number)[];
  message: string;
  hint: string;
}

type Raw = Record<string, unknown>;

function asRecord(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Sites as [path prefix, name, raw site], whichever form (map or list) the file uses. */
function siteEntries(sites: unknown): [(string | number)[], string, Raw][] {
  if (Array.isArray(sites)) {
    return sites.flatMap((site, index) => {
      const record = asRecord(site);
      const name = asString(record?.name);
      return record && name ? [[['sites', index], name, record] as [(string | number)[], string, Raw]] : [];
    });
  }
  const map = asRecord(sites);
  if (!map) return [];
  return Object.entries(map).flatMap(([name, site]) => {
    const record = asRecord(site);
    return record ? [[['sites', name], name, record] as [(string | number)[], string, Raw]] : [];
  });
}

function normalisePath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** A proxyJump value that names no fleet host is an address only when it looks like one. */
function looksLikeAddress(value: string): boolean {
  return /[@:.]/.test(value);
}

export function checkFleetReferences(raw: unknown): FleetReferenceProblem[] {
  const root = asRecord(raw);
  if (!root) return [];
  const problems: FleetReferenceProblem[] = [];
  const hosts = asRecord(root.hosts) ?? {};
  const hostNames = new Set(Object.keys(hosts));
  const known = [...hostNames].sort().join(', ') || '(none)';
  const sites = siteEntries(root.sites);
  const siteNames = new Set<string>();

  for (const [prefix, name] of sites) {
    if (siteNames.has(name)) {
      problems.push({
        path: [...prefix, 'name'],
        message: `site name \`${name}\` is used twice`,
        hint: 'give every site its own name',
      });
    }
    siteNames.add(name);
  }

  // Hosts named by sites.
  const targets = new Map<string, string>();
  for (const [prefix, name, site] of sites) {
    for (const side of ['source', 'target'] as const) {
      const end = asRecord(site[side]);
      const host = asString(end?.host);
      if (host !== undefined && !hostNames.has(host)) {
        problems.push({
          path: [...prefix, side, 'host'],
          message: `names host \`${host}\`, which the fleet does not define`,
          hint: `define it under \`hosts:\` or use one of: ${known}`,
        });
      }
    }
    const source = asRecord(site.source);
    const target = asRecord(site.target);
    const targetHost = asString(target?.host);
    const targetPath = asString(target?.path);
    if (targetHost !== undefined && targetPath !== undefined) {
      const key = `${targetHost}\u0000${normalisePath(targetPath)}`;
      const other = targets.get(key);
      if (other !== undefined) {
        problems.push({
          path: [...prefix, 'target', 'path'],
          message: `site \`${other}\` already migrates into ${targetHost}:${targetPath}`,
          hint: 'two sites cannot share a target directory; give each its own path',
        });
      } else {
        targets.set(key, name);
      }
      if (
        asString(source?.host) === targetHost &&
        normalisePath(asString(source?.path) ?? '') === normalisePath(targetPath)
      ) {
        problems.push({
          path: [...prefix, 'target', 'path'],
          message: 'the target is the source itself',
          hint: 'point the target at another host or directory; wpfleet never writes to a source',
        });
      }
    }
  }

  // Jump hosts: references must exist, and must not loop.
  const jumps = new Map<string, string>();
  for (const [name, host] of Object.entries(hosts)) {
    const jump = asString(asRecord(host)?.proxyJump);
    if (jump === undefined) continue;
    if (hostNames.has(jump)) {
      jumps.set(name, jump);
    } else if (!looksLikeAddress(jump)) {
      problems.push({
        path: ['hosts', name, 'proxyJump'],
        message: `names host \`${jump}\`, which the fleet does not define`,
        hint: `use a fleet host (${known}) or write an address as \`user@host:port\``,
      });
    }
  }
  const reported = new Set<string>();
  for (const start of jumps.keys()) {
    const chain = [start];
    let current = jumps.get(start);
    while (current !== undefined && !chain.includes(current)) {
      chain.push(current);
      current = jumps.get(current);
    }
    if (current === undefined) continue;
    const cycle = chain.slice(chain.indexOf(current));
    const id = [...cycle].sort().join(',');
    if (reported.has(id)) continue;
    reported.add(id);
    const first = [...cycle].sort()[0] ?? start;
    const from = cycle.indexOf(first);
    const ordered = [...cycle.slice(from), ...cycle.slice(0, from), first];
    problems.push({
      path: ['hosts', first, 'proxyJump'],
      message: `jump hosts form a cycle: ${ordered.join(' → ')}`,
      hint: 'one host in the chain must be reachable directly; remove its `proxyJump`',
    });
  }

  // Policies naming hosts or sites.
  const policies = asRecord(root.policies);
  const isName = (value: string): boolean => hostNames.has(value) || siteNames.has(value);
  const protectedTargets = policies?.protectedTargets;
  if (Array.isArray(protectedTargets)) {
    protectedTargets.forEach((value, index) => {
      if (typeof value === 'string' && !isName(value)) {
        problems.push({
          path: ['policies', 'protectedTargets', index],
          message: `\`${value}\` is neither a host nor a site of this fleet`,
          hint: 'a protection that names nothing protects nothing: fix the name',
        });
      }
    });
  }
  const forbidden = asRecord(policies?.forbiddenActions);
  for (const key of Object.keys(forbidden ?? {})) {
    if (!isName(key)) {
      problems.push({
        path: ['policies', 'forbiddenActions', key],
        message: `\`${key}\` is neither a host nor a site of this fleet`,
        hint: 'a rule that names nothing forbids nothing: fix the name',
      });
    }
  }
  return problems;
}
