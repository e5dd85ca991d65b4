import { describe, expect, it } from 'vitest';
import { asFinding, replayJournal, worstSeverity } from '@wpfleet/core';

describe('one Finding', () => {
  it('reads a finding journalled before findings had a `where`, with its site, step, side and table there', () => {
    const legacy = {
      severity: 'warning',
      code: 'serialized-corrupt',
      message: '2 value(s)',
      site: 'blog',
      step: 'verify',
      side: 'source',
      table: 'wp_options',
      details: { count: 2 },
    } as const;
    expect(asFinding(legacy)).toEqual({
      severity: 'warning',
      code: 'serialized-corrupt',
      message: '2 value(s)',
      where: { site: 'blog', step: 'verify', side: 'source', table: 'wp_options' },
      details: { count: 2 },
    });
    const replay = replayJournal([
      { type: 'finding', at: 1, site: 'blog', step: 'verify', finding: legacy as never },
    ]);
    expect(replay.sites['blog']?.findings[0]?.where.table).toBe('wp_options');
  });

  it('ranks severities on one scale: error over warning over info', () => {
    expect(worstSeverity([])).toBe('info');
    expect(worstSeverity([{ severity: 'info' }, { severity: 'warning' }])).toBe('warning');
    expect(worstSeverity([{ severity: 'warning' }, { severity: 'error' }, { severity: 'info' }])).toBe(
      'error',
    );
  });
});
