// Writes schema/fleet.schema.json (the editor JSON Schema of fleet.yml) from the zod schema (`pnpm gen:schema`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fleetJsonSchemaText } from '../packages/core/src/fleet/fleet-json-schema.js';

mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schema/fleet.schema.json', import.meta.url), fleetJsonSchemaText());
console.log('wrote schema/fleet.schema.json');
