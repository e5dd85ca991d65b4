// @wpfleet/core: what happens, and when. Pure logic plus ports; it never opens a socket or spawns a process.
export { WpfleetError, type ErrorKind } from './errors/wpfleet-error.js';
export type {
  Transport,
  TransportCapabilities,
  ExecOptions,
  SpawnOptions,
  SpawnedCommand,
  ShellResult,
  PutFileOptions,
} from './ports/transport.js';
export { ShellError, shellErrorCode } from './ports/shell-error.js';
export { redactSecrets, REDACTED } from './ports/redact-secrets.js';
