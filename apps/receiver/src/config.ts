/**
 * Receiver configuration: command-line values and environment variables → one validated,
 * frozen `ReceiverConfig`. The only module that reads `process.env`.
 *
 * Environment (a flag given on the command line wins over its variable):
 * - `OSSBOX_RECEIVER_PORT`, `OSSBOX_RECEIVER_HOST`;
 * - `OSSBOX_TRUST_KEY_URL_PREFIX`: comma-separated key URL prefixes to trust;
 * - `OSSBOX_RECEIVER_ADMIN_TOKEN`: the token `/_ossbox/callbacks` requires.
 */

import { ADMIN_TOKEN_RULE, isValidAdminToken } from '@ossbox/protocol';

/** Values as they come from the command line (all optional). */
export interface ReceiverCliValues {
  port?: string;
  host?: string;
  trustKeyUrlPrefix?: readonly string[];
  adminToken?: string;
  silent?: boolean;
}

/** The resolved configuration. */
export interface ReceiverConfig {
  readonly port: number;
  readonly host: string;
  /** Trusted key URL prefixes added to the official ones. */
  readonly trustedKeyUrlPrefixes: readonly string[];
  /** Token for `/_ossbox/callbacks`; undefined = none on loopback, generated elsewhere. */
  readonly adminToken: string | undefined;
  readonly silent: boolean;
}

/** Default port, as the Ruby SDK's `callback_server.rb` uses. */
export const DEFAULT_RECEIVER_PORT = 9001;
/** Default host: loopback only. */
export const DEFAULT_RECEIVER_HOST = '127.0.0.1';

/** Thrown for a bad flag or environment value; `main` prints its message and exits 2. */
export class ReceiverConfigError extends Error {
  override readonly name = 'ReceiverConfigError';
}

function parsePort(value: string, source: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new ReceiverConfigError(`${source}: ${JSON.stringify(value)} is not a port number (0-65535)`);
  }
  return port;
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Merge command-line values, environment and defaults. Key URL prefixes are checked later, by
 * the verifier (one place validates them).
 */
export function resolveConfig(cli: ReceiverCliValues = {}, env: NodeJS.ProcessEnv = process.env): ReceiverConfig {
  const port =
    cli.port !== undefined
      ? parsePort(cli.port, '--port')
      : env.OSSBOX_RECEIVER_PORT !== undefined && env.OSSBOX_RECEIVER_PORT !== ''
        ? parsePort(env.OSSBOX_RECEIVER_PORT, 'OSSBOX_RECEIVER_PORT')
        : DEFAULT_RECEIVER_PORT;
  const host = cli.host ?? (env.OSSBOX_RECEIVER_HOST || DEFAULT_RECEIVER_HOST);
  const prefixes =
    cli.trustKeyUrlPrefix !== undefined && cli.trustKeyUrlPrefix.length > 0
      ? [...cli.trustKeyUrlPrefix]
      : splitList(env.OSSBOX_TRUST_KEY_URL_PREFIX);
  const adminToken = cli.adminToken ?? (env.OSSBOX_RECEIVER_ADMIN_TOKEN || undefined);
  if (adminToken !== undefined && !isValidAdminToken(adminToken)) {
    throw new ReceiverConfigError(`admin token: ${ADMIN_TOKEN_RULE}`);
  }
  return Object.freeze({
    port,
    host,
    trustedKeyUrlPrefixes: Object.freeze(prefixes),
    adminToken,
    silent: cli.silent ?? false,
  });
}
