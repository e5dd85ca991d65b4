// The names of the Steps a site goes through, and the default per-site step DAG (what depends on what).

export const STEP_KINDS = ['preflight', 'db', 'files', 'verify', 'swap', 'http-check'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** db and files both only need preflight, so they run side by side; verify needs both copies. */
export const DEFAULT_STEP_DEPENDENCIES: Readonly<Record<StepKind, readonly StepKind[]>> = {
  preflight: [],
  db: ['preflight'],
  files: ['preflight'],
  verify: ['db', 'files'],
  swap: ['verify'],
  'http-check': ['swap'],
};
