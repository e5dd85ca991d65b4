// Documented exit codes. Scripts and CI depend on these numbers; never renumber them.
export const ExitCode = {
  ok: 0,
  failedSites: 1,
  usage: 2,
  preflight: 3,
  policy: 4,
  environment: 5,
  interrupted: 130,
  bug: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
