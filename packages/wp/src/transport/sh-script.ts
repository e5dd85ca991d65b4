// A fixed POSIX sh script run with values as its positional parameters ($1, $2, ...): the script is a constant, so
// no value from a fleet file or a host is ever parsed by the shell. The Transport still quotes the argv once.

export function shScript(script: string, ...args: readonly string[]): string[] {
  return ['sh', '-c', script, 'wpfleet', ...args];
}
