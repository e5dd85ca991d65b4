// POSIX single-quote quoting: the one place where an argv array becomes a shell command line (ssh sends a
// string; the remote shell splits it). Callers never quote; a value like `-rf` stays a value only if the
// caller puts `--` before it where the tool supports it (quoting cannot stop a tool parsing options).

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quote one argument so a POSIX shell reads it back byte for byte. */
export function quoteArg(arg: string): string {
  if (arg.length > 0 && SAFE.test(arg)) return arg;
  // Inside single quotes nothing is special except the closing quote: end, escape it, reopen.
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Quote an argv array into one command line. */
export function quoteArgv(argv: readonly string[]): string {
  if (argv.length === 0) throw new TypeError('quoteArgv: empty argv');
  return argv.map(quoteArg).join(' ');
}

/**
 * A full remote command line: optional `cd` and non-secret environment, then the argv. Environment names
 * are checked (a name cannot be quoted); values are quoted like arguments.
 */
export function remoteCommandLine(
  argv: readonly string[],
  options: { cwd?: string | undefined; env?: Readonly<Record<string, string>> | undefined } = {},
): string {
  const parts: string[] = [];
  if (options.cwd !== undefined) parts.push(`cd -- ${quoteArg(options.cwd)} &&`);
  const envEntries = Object.entries(options.env ?? {});
  if (envEntries.length > 0) {
    parts.push('env');
    for (const [name, value] of envEntries) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        throw new TypeError(`invalid environment variable name: ${name}`);
      parts.push(quoteArg(`${name}=${value}`));
    }
  }
  parts.push(quoteArgv(argv));
  return parts.join(' ');
}
