// SshTransport: one ssh2 connection per Host (through ProxyJump hops if configured), at most N channels at
// once, strict host keys on every hop, argv quoted once into the remote command line, stdio streamed.
import { readFile } from 'node:fs/promises';
import type { Duplex, Readable } from 'node:stream';
import type { AuthenticationType, Client as SshClient, ClientChannel, ConnectConfig } from 'ssh2';
import { WpfleetError, redactSecrets } from '@wpfleet/core';
import type { PutFileOptions, SpawnOptions, TransportCapabilities } from '../transport/transport.js';
import { remoteCommandLine } from '../transport/quote-argv.js';
import {
  StreamingTransport,
  contentStream,
  type CommandExit,
  type StartedIo,
} from '../transport/streaming-transport.js';
import { hostKeyError } from './host-key-error.js';
import { PidMarkerStripper, killGroupArgv, withPidMarker } from './pid-marker.js';
import { knownKeyTypes, parseKnownHosts, verifyHostKey, type HostKeyVerdict } from './known-hosts.js';
import type { SshTarget } from './resolve-ssh-target.js';
import { loadSsh2 } from './load-ssh2.js';

export interface SshTransportOptions {
  /** The agent socket (the caller passes SSH_AUTH_SOCK); tried before key files. */
  agentSocket?: string | undefined;
  /** Passphrase for encrypted key files; only ever handed to the key parser, never logged. */
  passphrase?: string | undefined;
  /** Private key contents to try (e.g. from a secret store) before the IdentityFiles. */
  privateKeys?: ReadonlyArray<string | Buffer>;
  /** TCP connect + handshake + auth, per hop. Default 15 s. */
  connectTimeoutMs?: number;
  /** Channels at once on the connection; sshd's MaxSessions default is 10. Default 8. */
  maxSessions?: number;
}

interface Connection {
  readonly client: SshClient;
  readonly hops: readonly SshClient[];
  /** Set when the client's socket closed: ssh2 fails the channels still opening only after that. */
  closed: boolean;
}

/** What ssh2 says when a channel cannot open because the connection is gone (not because the server refused it). */
const CONNECTION_GONE = /^(?:Not connected|No response from server)$/;

const HOST_KEY_ALGORITHMS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
};
const ALL_HOST_KEY_ALGORITHMS = Object.values(HOST_KEY_ALGORITHMS).flat();

export class SshTransport extends StreamingTransport {
  readonly label: string;
  readonly capabilities: TransportCapabilities;
  private connection: Promise<Connection> | undefined;
  /** An established connection closed without close(): until one opens again, a refused connect means the host went away. */
  private dropped = false;
  private readonly secrets: string[];

  constructor(
    readonly target: SshTarget,
    private readonly options: SshTransportOptions = {},
  ) {
    const max = options.maxSessions ?? 8;
    super(max);
    this.label = `${target.user}@${target.alias}${target.alias === target.host ? `:${target.port}` : ''}`;
    this.capabilities = {
      streaming: true,
      putFile: true,
      hostToHost: true,
      isLocal: false,
      maxConcurrency: max,
    };
    this.secrets = options.passphrase ? [options.passphrase] : [];
  }

  /** Open (or reuse) the connection now: doctor uses it to report host keys and auth before any command. */
  async connect(): Promise<void> {
    await this.getConnection();
  }

  protected async start(argv: readonly string[], options: SpawnOptions, io: StartedIo): Promise<CommandExit> {
    // The environment travels inside the remote command line (`env NAME=value ...`), which `ps` on the host shows
    // to every user: a secret there would leak, so it is refused before anything is sent.
    for (const [name, value] of Object.entries(options.env ?? {})) {
      if (options.secrets?.some((secret) => secret.length > 0 && value.includes(secret))) {
        throw new TypeError(
          `the environment variable ${name} of a command on ${this.label} holds a secret; over SSH it would be on the remote command line (send it on stdin)`,
        );
      }
    }
    let connection: Connection;
    try {
      connection = await this.getConnection();
    } catch (error) {
      // The host went away under the run (its connection dropped, and it refuses a new one): a lost connection,
      // transient like one lost during a command, not a host that was never reachable.
      if (this.dropped && error instanceof WpfleetError && error.code === 'WPF_HOST_UNREACHABLE') {
        throw new WpfleetError(
          'WPF_SSH_DISCONNECTED',
          `the connection to ${this.label} was lost and could not be opened again: ${error.message}`,
          {
            kind: 'environment',
            transient: true,
            ...(options.where ? { where: options.where } : {}),
            cause: error,
            hint: `Check that ${this.label} and its sshd are up; \`wpfleet resume\` continues where the run stopped.`,
          },
        );
      }
      throw error instanceof WpfleetError
        ? error
        : new WpfleetError('WPF_HOST_UNREACHABLE', String(error), { kind: 'environment' });
    }
    const line = remoteCommandLine(withPidMarker(argv), { cwd: options.cwd, env: options.env });
    const stripper = new PidMarkerStripper();
    const refused = (err: Error): CommandExit => ({
      exitCode: null,
      startError: `could not open an SSH channel on ${this.label}: ${err.message}`,
      // A channel the server refused (MaxSessions, a forbidden request) is the command's failure; one that could
      // not open because the connection went away is a lost connection, before the command as during it.
      ...(connection.closed || CONNECTION_GONE.test(err.message) ? { connectionLost: true } : {}),
    });
    return new Promise<CommandExit>((resolve) => {
      try {
        // Listeners must be attached inside the callback, synchronously: ssh2 can parse the exec reply,
        // the output, `exit-status` and the close from one TCP read, and an `await` in between misses `exit`.
        connection.client.exec(line, (err, channel) => {
          if (err) {
            resolve(refused(err));
            return;
          }
          this.wireChannel(channel, connection, stripper, io, resolve);
        });
      } catch (err) {
        resolve(refused(err as Error));
      }
    });
  }

  private wireChannel(
    channel: ClientChannel,
    connection: Connection,
    stripper: PidMarkerStripper,
    io: StartedIo,
    resolve: (exit: CommandExit) => void,
  ): void {
    let exit: CommandExit = {
      exitCode: null,
      startError: `the connection to ${this.label} was lost`,
      connectionLost: true,
    };
    let giveUp: NodeJS.Timeout | undefined;
    const kill = (): void => {
      // sshd delivers a `signal` request to the session's process group (killpg), which also ends children.
      sendSignal(channel, 'TERM');
      if (stripper.pid !== undefined) this.killRemoteGroup(connection, stripper.pid);
      const hard = setTimeout(() => sendSignal(channel, 'KILL'), 2000);
      hard.unref();
      channel.close();
      // If sshd never confirms the close (a hung host), stop waiting: the caller already has its answer.
      giveUp = setTimeout(() => finish(), 10_000);
      giveUp.unref();
    };
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      if (giveUp) clearTimeout(giveUp);
      io.kill.removeEventListener('abort', kill);
      io.stdin.unpipe(channel);
      resolve(exit);
    };
    if (io.kill.aborted) kill();
    else io.kill.addEventListener('abort', kill, { once: true });
    channel.on('exit', (code: number | null, signal?: string) => {
      exit = {
        exitCode: typeof code === 'number' ? code : null,
        signal: signal ? signal.replace(/^(?!SIG)/, 'SIG') : undefined,
      };
    });
    channel.on('error', () => undefined);
    channel.on('close', finish);
    channel.pipe(io.stdout, { end: false });
    channel.stderr.pipe(stripper).pipe(io.stderr, { end: false });
    io.stdin.pipe(channel);
  }

  /** Kill a remote process group over a separate channel (outside the session bound: sshd keeps spares). */
  private killRemoteGroup(connection: Connection, pid: number): void {
    try {
      connection.client.exec(remoteCommandLine(killGroupArgv(pid)), (err, ch) => {
        if (err) return;
        ch.on('error', () => undefined);
        ch.resume();
        ch.stderr.resume();
        ch.end();
      });
    } catch {
      // the connection is gone, and with it the command
    }
  }

  async putFile(
    path: string,
    content: string | Uint8Array | Readable,
    options: PutFileOptions = {},
  ): Promise<void> {
    const mode = (options.mode ?? 0o600).toString(8);
    // Path and mode travel as positional arguments, never spliced into the script; noclobber (set -C)
    // refuses to overwrite or follow an existing path.
    await this.exec(
      ['sh', '-c', 'umask 077 && set -C && cat > "$1" && chmod -- "$2" "$1"', 'wpfleet-put', path, mode],
      {
        stdin: contentStream(content),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
  }

  protected async closeConnections(): Promise<void> {
    const pending = this.connection;
    this.connection = undefined;
    this.dropped = false;
    if (!pending) return;
    const conn = await pending.catch(() => undefined);
    if (!conn) return;
    for (const c of [conn.client, ...[...conn.hops].reverse()]) c.end();
  }

  private getConnection(): Promise<Connection> {
    if (!this.connection) {
      const attempt = this.openChain();
      this.connection = attempt;
      attempt.then(
        (conn) => {
          this.dropped = false;
          // A dropped connection is forgotten, so the next command reconnects.
          conn.client.once('close', () => {
            conn.closed = true;
            if (this.connection === attempt) {
              this.connection = undefined;
              this.dropped = true;
            }
            // The jump connections only carried this one; close them with it.
            for (const hop of conn.hops) hop.end();
          });
        },
        () => {
          if (this.connection === attempt) this.connection = undefined;
        },
      );
    }
    return this.connection;
  }

  private async openChain(): Promise<Connection> {
    const chain = [...this.target.jumps, { ...this.target, jumps: [] }];
    const hops: SshClient[] = [];
    let sock: Duplex | undefined;
    try {
      for (let i = 0; i < chain.length; i++) {
        const hop = chain[i]!;
        const client = await this.connectOne(hop, sock, i > 0 ? chain[i - 1] : undefined);
        hops.push(client);
        const next = chain[i + 1];
        if (next) sock = await forwardOut(client, next, hop);
      }
    } catch (error) {
      for (const c of hops.reverse()) c.end();
      throw error;
    }
    const client = hops.pop()!;
    const connection: Connection = { client, hops, closed: false };
    return connection;
  }

  private async connectOne(
    hop: SshTarget,
    sock: Duplex | undefined,
    via: SshTarget | undefined,
  ): Promise<SshClient> {
    const knownHostsText = (
      await Promise.all(hop.knownHostsFiles.map((f) => readFile(f, 'utf8').catch(() => '')))
    ).join('\n');
    const entries = parseKnownHosts(knownHostsText);
    const knownTypes = knownKeyTypes(entries, hop.host, hop.port).flatMap(
      (t) => HOST_KEY_ALGORITHMS[t] ?? [],
    );
    const authHandler = await this.authMethods(hop);
    const timeout = this.options.connectTimeoutMs ?? 15_000;
    const where = { host: `${hop.host}:${hop.port}` };
    const { Client } = await loadSsh2();
    return new Promise<SshClient>((resolve, reject) => {
      const client = new Client();
      let verdict: HostKeyVerdict | undefined;
      let presented: Buffer | undefined;
      let settled = false;
      const fail = (error: WpfleetError): void => {
        if (settled) return;
        settled = true;
        client.end();
        reject(error);
      };
      client.once('ready', () => {
        settled = true;
        resolve(client);
      });
      client.on('error', (err: Error & { level?: string; code?: string }) => {
        if (verdict && verdict.status !== 'trusted' && presented) {
          return fail(hostKeyError(verdict, hop.host, hop.port, presented, hop.knownHostsFiles));
        }
        const message = redactSecrets(err.message, this.secrets);
        if (err.level === 'client-authentication') {
          return fail(
            new WpfleetError(
              'WPF_SSH_AUTH',
              `SSH authentication as ${hop.user} to ${hop.host}:${hop.port} failed: ${message}`,
              {
                kind: 'environment',
                where,
                hint: `Check that the key (${hop.identityFiles.join(', ')}${this.options.agentSocket ? ' or the agent' : ''}) is in ~${hop.user}/.ssh/authorized_keys on ${hop.host}, and the user name is right.`,
              },
            ),
          );
        }
        const viaText = via ? ` via ${via.host}:${via.port}` : '';
        fail(
          new WpfleetError(
            'WPF_HOST_UNREACHABLE',
            `Cannot reach ${hop.host}:${hop.port}${viaText} over SSH: ${message}${err.code ? ` (${err.code})` : ''}`,
            {
              kind: 'environment',
              where,
              hint:
                err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN'
                  ? `The name ${hop.host} does not resolve. If it is a \`Host\` alias of an ssh config, that config was not read or has no entry for it: pass the file with --ssh-config FILE (default ~/.ssh/config), or give the host an \`address\` in the fleet file.`
                  : `Check the address and port (ssh config HostName/Port), that sshd runs there and that no firewall drops the connection: ssh -p ${hop.port} ${hop.user}@${hop.host} true`,
            },
          ),
        );
      });
      const config: ConnectConfig = {
        host: hop.host,
        port: hop.port,
        username: hop.user,
        readyTimeout: timeout,
        keepaliveInterval: 15_000,
        keepaliveCountMax: 4,
        hostVerifier: (key: Buffer) => {
          presented = key;
          verdict = verifyHostKey(entries, hop.host, hop.port, key);
          return verdict.status === 'trusted';
        },
        // Ask first for key types we already know, so a host with several keys is not taken for a changed one.
        algorithms: { serverHostKey: [...new Set([...knownTypes, ...ALL_HOST_KEY_ALGORITHMS])] as never },
        authHandler: authHandler as never,
        ...(sock ? { sock: sock as never } : {}),
      };
      try {
        client.connect(config);
      } catch (err) {
        fail(
          new WpfleetError(
            'WPF_HOST_UNREACHABLE',
            `Cannot connect to ${hop.host}:${hop.port}: ${(err as Error).message}`,
            { kind: 'environment', where },
          ),
        );
      }
    });
  }

  private async authMethods(hop: SshTarget): Promise<AuthMethod[]> {
    const methods: AuthMethod[] = [];
    if (this.options.agentSocket)
      methods.push({ type: 'agent', username: hop.user, agent: this.options.agentSocket });
    const passphrase = this.options.passphrase;
    const ssh2 = await loadSsh2();
    for (const key of this.options.privateKeys ?? []) {
      methods.push({ type: 'publickey', username: hop.user, key, ...(passphrase ? { passphrase } : {}) });
    }
    for (const file of hop.identityFiles) {
      const key = await readFile(file).catch(() => undefined);
      if (!key) continue;
      const parsed = ssh2.utils.parseKey(key, passphrase);
      // An encrypted key without its passphrase is skipped (as ssh does in batch mode), not an error.
      if (parsed instanceof Error) continue;
      methods.push({ type: 'publickey', username: hop.user, key, ...(passphrase ? { passphrase } : {}) });
    }
    return methods;
  }
}

type AuthMethod =
  | { type: Extract<AuthenticationType, 'agent'>; username: string; agent: string }
  | {
      type: Extract<AuthenticationType, 'publickey'>;
      username: string;
      key: string | Buffer;
      passphrase?: string;
    };

/**
 * ssh2's `channel.signal()` silently does nothing once our side of the channel is ended (stdin closed), which
 * is the normal state of a running command. The protocol call underneath has no such check, so it is used
 * directly (ssh2 is pinned: docs/decisions.md DT1, DT4).
 */
function sendSignal(channel: ClientChannel, name: 'TERM' | 'KILL'): void {
  const internals = channel as unknown as {
    outgoing?: { id?: number; state?: string };
    _client?: { _protocol?: { signal(id: number, signal: string): void } };
  };
  const id = internals.outgoing?.id;
  const protocol = internals._client?._protocol;
  const state = internals.outgoing?.state;
  if (id === undefined || !protocol || (state !== 'open' && state !== 'eof')) return;
  try {
    protocol.signal(id, name);
  } catch {
    // the connection is already gone; closing the channel is all that is left
  }
}

function forwardOut(client: SshClient, next: SshTarget, hop: SshTarget): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, next.host, next.port, (err, stream) => {
      if (err) {
        reject(
          new WpfleetError(
            'WPF_HOST_UNREACHABLE',
            `Jump host ${hop.host}:${hop.port} cannot reach ${next.host}:${next.port}: ${err.message}`,
            {
              kind: 'environment',
              where: { host: `${next.host}:${next.port}` },
              hint: `Check that ${next.host}:${next.port} is reachable from ${hop.host} and that its sshd allows TCP forwarding (AllowTcpForwarding).`,
            },
          ),
        );
      } else resolve(stream);
    });
  });
}
