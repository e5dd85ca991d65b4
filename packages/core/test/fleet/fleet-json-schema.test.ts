import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fleetJsonSchemaText } from '@wpfleet/core';

describe('schema/fleet.schema.json', () => {
  it('matches the zod schema (run `pnpm gen:schema` when this fails)', () => {
    const committed = readFileSync(new URL('../../../../schema/fleet.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(fleetJsonSchemaText());
  });

  it('tells editors that a literal password is never valid', () => {
    const schema = JSON.parse(fleetJsonSchemaText()) as {
      $defs: Record<string, { properties: Record<string, unknown> }>;
    };
    expect(schema.$defs['TargetDb']?.properties['password']).toMatchObject({ not: {} });
  });
});
