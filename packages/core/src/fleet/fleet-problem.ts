// A problem found in a fleet file: where it is (dotted path and line:column) and what to do about it.

export interface FleetProblem {
  /** Dotted path in the file, e.g. `sites.acme-blog.target.host`; empty for the whole file. */
  path: string;
  /** 1-based; 0 when the position is unknown. */
  line: number;
  column: number;
  message: string;
  hint: string;
}

export function formatFleetProblem(problem: FleetProblem, fileName?: string): string {
  const at =
    problem.line > 0 ? `${fileName ?? 'fleet'}:${problem.line}:${problem.column}` : (fileName ?? 'fleet');
  const path = problem.path ? ` ${problem.path}:` : '';
  return `${at}${path} ${problem.message} (${problem.hint})`;
}
