// A remote command's environment is part of the command line sshd hands the remote shell, which `ps` on the host
// shows: a secret in it is refused before anything is sent (no connection is needed to prove it).
import { describe, expect, it } from 'vitest';
import { SshTransport } from '../../src/ssh/ssh-transport.js';
import { remoteCommandLine } from '../../src/transport/quote-argv.js';

const unreachable = {
  alias: 'nowhere',
  host: '127.0.0.1',
  port: 1,
  user: 'deploy',
  identityFiles: [],
  knownHostsFiles: [],
  jumps: [],
};

describe('environment of a remote command', () => {
  it('is written into the remote command line, where the host shows it', () => {
    expect(remoteCommandLine(['mariadb'], { env: { MYSQL_PWD: 'hunter2' } })).toBe(
      'env MYSQL_PWD=hunter2 mariadb',
    );
  });

  it('refuses a secret in it without connecting, and names the variable but not the value', async () => {
    const transport = new SshTransport(unreachable, { connectTimeoutMs: 500 });
    const error = (await transport
      .exec(['mariadb', '--batch'], { env: { MYSQL_PWD: 'x-hunter2-x' }, secrets: ['hunter2'] })
      .catch((e: unknown) => e)) as Error;
    await transport.close();
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/MYSQL_PWD .*holds a secret/);
    expect(error.message).not.toContain('hunter2');
  });
});
