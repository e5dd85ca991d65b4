// Big fleet files: parsing is synchronous, so a signal cannot stop it; it has to be fast, and stay linear.
import { describe, expect, it } from 'vitest';
import { parseFleet } from '@wpfleet/core';

/** A valid fleet of `n` sites in block style, about 230 bytes a site. */
function bigFleet(n: number): string {
  const lines = [
    'version: 1',
    'hosts:',
    '  old-1: { address: 10.0.0.1 }',
    '  new-1: { address: 10.0.0.2 }',
    'sites:',
  ];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  site-${i}:`,
      '    source:',
      '      host: old-1',
      `      path: /srv/www/site-${i}`,
      `      url: "https://site-${i}.old.example"`,
      '    target:',
      '      host: new-1',
      `      path: /var/www/site-${i}/public`,
      `      url: "https://site-${i}.example"`,
      `    tags: [bulk, batch-${i % 10}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One mapping of `n` keys, each with a wrongly typed site: cheap to read, so what grows faster than the input
 * (comparing every key with every earlier one, finding each problem's line by scanning the mapping) shows.
 */
function flatFleet(n: number): string {
  return `version: 1\nhosts: {}\nsites:\n${Array.from({ length: n }, (_, i) => `  s${i}: 1\n`).join('')}`;
}

/** CPU time of `run` in ms: on a runner shared with other jobs, wall time says more about them than about us. */
function cpuMs(run: () => void): number {
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

function medianMs(run: () => void): number {
  const times = [cpuMs(run), cpuMs(run), cpuMs(run)];
  return times.sort((a, b) => a - b)[1] ?? 0;
}

describe('parseFleet on big fleet files', () => {
  it('parses a 10 MB fleet file in seconds, not minutes', { timeout: 120_000 }, () => {
    const text = bigFleet(44_000);
    expect(text.length).toBeGreaterThan(10_000_000);
    let result = { ok: false, problems: [] } as ReturnType<typeof parseFleet>;
    const ms = cpuMs(() => (result = parseFleet(text, { fileName: 'big.yml' })));
    expect(result.ok).toBe(true);
    if (result.ok) expect(Object.keys(result.fleet.sites)).toHaveLength(44_000);
    // About 9 s of CPU here (the yaml package reads about 1 MB a second); it took 7 minutes before.
    expect(ms).toBeLessThan(30_000);
  });

  it('takes at most about twice as long for twice the keys, duplicate check and problem lines included', () => {
    const small = flatFleet(6_000);
    const large = flatFleet(12_000);
    const problems = parseFleet(large);
    expect(!problems.ok && problems.problems).toHaveLength(12_000);
    medianMs(() => parseFleet(small)); // warm up the JIT before measuring
    const t1 = medianMs(() => parseFleet(small));
    const t2 = medianMs(() => parseFleet(large));
    expect(t2, `${Math.round(t1)} ms for 6 000 keys, ${Math.round(t2)} ms for 12 000`).toBeLessThan(3 * t1);
  });

  it('still reports a key written twice in a big mapping, at the repeated key', () => {
    const text = flatFleet(20_000).replace('  s19999: 1\n', '  s7: 1\n');
    const result = parseFleet(text);
    expect(!result.ok && result.problems).toEqual([
      expect.objectContaining({ line: 20_003, message: 'not valid YAML/JSON: Map keys must be unique' }),
    ]);
  });
});
