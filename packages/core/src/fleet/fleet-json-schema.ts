// The editor JSON Schema of the fleet file, derived from the zod schema (written to schema/fleet.schema.json by
// `pnpm gen:schema`; a unit test fails when the committed file is stale).
import { z } from 'zod';
import { fleetFileSchema } from './fleet-schema.js';

const FLEET_SCHEMA_ID = 'https://wpfleet.dev/schema/fleet.schema.json';

function fleetJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(fleetFileSchema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return { ...schema, $id: FLEET_SCHEMA_ID, title: 'wpfleet fleet file' };
}

/** The exact text of schema/fleet.schema.json. */
export function fleetJsonSchemaText(): string {
  return `${JSON.stringify(fleetJsonSchema(), null, 2)}\n`;
}
