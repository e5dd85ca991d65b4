// What the swap step journals: which prefixes and directories it swapped, so `wpfleet undo` can swap them back
// and `wpfleet cleanup` knows what is staging and what is backup.
import { z } from 'zod';

export const swapOutputsSchema = z.object({
  livePrefix: z.string(),
  stagingPrefix: z.string(),
  backupPrefix: z.string(),
  promotedTables: z.array(z.string()),
  backedUpTables: z.array(z.string()),
  contentDir: z.string(),
  stagingDir: z.string(),
  backupDir: z.string(),
  promotedDirs: z.array(z.string()),
});

export type SwapOutputs = z.output<typeof swapOutputsSchema>;
