// What the SQL stream notices and reports without stopping: a fix it applied, or a value it left alone.
// Same shape as core's Finding, so a step can forward it unchanged.

export interface SqlFinding {
  severity: 'info' | 'warning' | 'error';
  /** Stable machine name: `serialized-unparseable`, `definer-removed`, `collation-mapped`, ... */
  code: string;
  message: string;
  table?: string;
  details?: { column?: string; offset?: number; count?: number; from?: string; to?: string };
}
