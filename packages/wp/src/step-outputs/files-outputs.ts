// What the files step journals: how the wp-content directories were copied into the target's staging directory.
import { z } from 'zod';

export const filesOutputsSchema = z.object({
  mode: z.string().optional(),
  files: z.number().optional(),
  transferredFiles: z.number().optional(),
  /** Bytes copied: the report's figure when no progress was seen. */
  bytes: z.number().optional(),
  stagingDir: z.string().optional(),
});
