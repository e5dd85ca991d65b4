// What the http-check step journals: each side's page reports and the differences found, for the report.
import { z } from 'zod';

export const httpCheckOutputsSchema = z.object({
  source: z.json().optional(),
  target: z.json().optional(),
  problems: z.array(z.json()).optional(),
});
