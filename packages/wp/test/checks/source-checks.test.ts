// The db step journals the source's relation and serialized counts; verify trusts only that exact shape.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '@wpfleet/core';
import { readStepOutputs } from '../../src/step-outputs/step-outputs.js';

/** What verify reads of the db step's outputs: its source checks, when they are in their exact shape. */
const sourceChecksFrom = (outputs: JsonObject | undefined) =>
  readStepOutputs('db', outputs, { site: 'blog' })?.sourceChecks;

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
    expect(
      sourceChecksFrom({ sourceChecks: { ...good, relations: [{ check: 'orphan-postmeta', blog: '' }] } }),
    ).toBeUndefined();
    expect(
      sourceChecksFrom({ sourceChecks: { ...good, serialized: { tables: [], total: 'x', scanned: 1 } } }),
    ).toBeUndefined();
    expect(sourceChecksFrom({ sourceChecks: { relations: good.relations } })).toBeUndefined();
  });
});
