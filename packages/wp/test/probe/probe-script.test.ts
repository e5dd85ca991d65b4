import { describe, expect, it } from 'vitest';
import { MANAGED_DIRS, probeScript } from '@wpfleet/wp';

describe('the probe', () => {
  it('measures exactly the wp-content directories the files step copies, so the plan estimates what is copied', () => {
    const listed = /foreach \(array\(([^)]*)\) as \$managed\)/.exec(probeScript())?.[1];
    expect(listed?.split(',').map((d) => d.trim().replace(/'/g, ''))).toEqual([...MANAGED_DIRS]);
  });
});
