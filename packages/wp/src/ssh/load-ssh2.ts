// ssh2 loads on the first connection, not with wpfleet: commands that never open SSH (search-replace on a dump
// file, plan from a cached inventory) do not carry its ~14 MB (DS9).

// A CommonJS module: its exports arrive as `default` under import().
const importSsh2 = () => import('ssh2').then((m) => m.default);

let ssh2Module: ReturnType<typeof importSsh2> | undefined;

export function loadSsh2(): ReturnType<typeof importSsh2> {
  return (ssh2Module ??= importSsh2());
}
