// The db step journals the source's relation and serialized counts; verify trusts only that exact shape.
import { describe, expect, it } from 'vitest';
import { sourceChecksFrom } from '../../src/checks/source-checks.js';

describe('sourceChecksFrom', () => {
  const good = {
    relations: [{ check: 'orphan-postmeta', blog: '', orphans: 2 }],
    serialized: { tables: [{ suffix: 'postmeta', count: 1 }], total: 1, scanned: 500 },
  };

  it('reads the journalled source checks back', () => {
    expect(sourceChecksFrom({ sourceChecks: good })).toEqual(good);
  });

  it('says "not there" for outputs of an older run or of another shape, so verify reads the source itself', () => {
    expect(sourceChecksFrom({})).toBeUndefined();
    expect(sourceChecksFrom(undefined)).toBeUndefined();
    expect(sourceChecksFrom({ sourceChecks: { ...good, relations: [{ check: 'orphan-postmeta', blog: '' }] } })).toBeUndefined();
    expect(sourceChecksFrom({ sourceChecks: { ...good, serialized: { tables: [], total: 'x', scanned: 1 } } })).toBeUndefined();
    expect(sourceChecksFrom({ sourceChecks: { relations: good.relations } })).toBeUndefined();
  });
});
