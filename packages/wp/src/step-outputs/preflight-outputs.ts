// What the preflight step journals: both sides' table prefixes and wp-content directories, a network's subsite ids,
// the disk-space figures, and the source's plugins and themes as its probe saw them (verify's parity check).
import { z } from 'zod';

const namedVersion = z.object({ name: z.string(), version: z.string() });

export const preflightOutputsSchema = z.object({
  sourcePrefix: z.string(),
  targetPrefix: z.string(),
  subsiteBlogIds: z.array(z.number().int()).default([]),
  /** WP_CONTENT_DIR when wp-config.php moves it; absent in runs journalled before it was recorded. */
  sourceContentDir: z.string().optional(),
  targetContentDir: z.string().optional(),
  targetFreeBytes: z.number().nullable().optional(),
  neededBytes: z.number().optional(),
  /** Absent (or not in this shape) when the Doctor did not run (`--skip-doctor`): verify then asks WP-CLI. */
  sourcePlugins: z.array(namedVersion).optional().catch(undefined),
  sourceThemes: z.array(namedVersion).optional().catch(undefined),
});

export type PreflightOutputs = z.output<typeof preflightOutputsSchema>;
