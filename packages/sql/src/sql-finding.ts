// What the SQL stream notices and reports without stopping: a fix it applied, or a value it left alone. A core
// Finding (code e.g. `serialized-unparseable`, `definer-removed`, `collation-mapped`) whose `where.table` is the
// table as the stream writes it, with details of a known shape.
import type { Finding } from '@wpfleet/core';

export interface SqlFinding extends Finding {
  details?: { column?: string; offset?: number; count?: number; from?: string; to?: string };
}
