// The typed view of `wp config get --format=json`. DB_PASSWORD and the salts are secrets: they live in a
// `secrets` object that prints as `[redacted]` in JSON, logs and util.inspect, so a stray log line leaks nothing.
import { inspect } from 'node:util';
import { z } from 'zod';
import { configEntrySchema, parseJsonOutput } from './parse-wp-cli-output.js';

const SECRET_NAMES = new Set([
  'DB_PASSWORD',
  'AUTH_KEY',
  'SECURE_AUTH_KEY',
  'LOGGED_IN_KEY',
  'NONCE_KEY',
  'AUTH_SALT',
  'SECURE_AUTH_SALT',
  'LOGGED_IN_SALT',
  'NONCE_SALT',
]);

/** Whether a wp-config name holds a secret (passwords, keys, salts, tokens). */
function isSecretConfigName(name: string): boolean {
  return SECRET_NAMES.has(name) || /(PASSWORD|_KEY|_SALT|SECRET|TOKEN)$/i.test(name);
}

class ConfigSecrets {
  readonly #values: ReadonlyMap<string, string>;
  constructor(values: ReadonlyMap<string, string>) {
    this.#values = values;
  }
  get dbPassword(): string {
    return this.#values.get('DB_PASSWORD') ?? '';
  }
  get(name: string): string | undefined {
    return this.#values.get(name);
  }
  /** Every secret value, to pass as `secrets` to a Transport so they are redacted from commands and errors. */
  values(): string[] {
    return [...this.#values.values()].filter((v) => v.length > 0);
  }
  toJSON(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return 'ConfigSecrets [redacted]';
  }
}

export interface WpConfig {
  tablePrefix: string;
  dbName: string;
  dbUser: string;
  dbHost: string;
  dbCharset: string | undefined;
  dbCollate: string | undefined;
  multisite: boolean;
  /** Every non-secret constant and variable, by name. */
  values: Readonly<Record<string, unknown>>;
  secrets: ConfigSecrets;
}

export function parseWpConfig(stdout: string): WpConfig {
  const entries = parseJsonOutput(stdout, z.array(configEntrySchema));
  // Names come from the site's wp-config.php: no prototype, so `__proto__` or `constructor` are just names.
  const values = Object.create(null) as Record<string, unknown>;
  const secrets = new Map<string, string>();
  for (const entry of entries) {
    if (isSecretConfigName(entry.name)) secrets.set(entry.name, String(entry.value ?? ''));
    else values[entry.name] = entry.value;
  }
  const text = (name: string): string | undefined => {
    const v = values[name];
    return v === undefined || v === null ? undefined : String(v);
  };
  const multisite = values.MULTISITE;
  return {
    tablePrefix: text('table_prefix') ?? 'wp_',
    dbName: text('DB_NAME') ?? '',
    dbUser: text('DB_USER') ?? '',
    dbHost: text('DB_HOST') ?? 'localhost',
    dbCharset: text('DB_CHARSET'),
    dbCollate: text('DB_COLLATE'),
    multisite: multisite === true || multisite === 'true' || multisite === 1 || multisite === '1',
    values,
    secrets: new ConfigSecrets(secrets),
  };
}
