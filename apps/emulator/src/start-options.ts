/**
 * The option names `startEmulator` knows. TypeScript refuses any other name in an object literal,
 * but JavaScript callers (and spread objects) pass it through, and an unknown name used to be
 * ignored: `startEmulator({ silent: true })` (the receiver's spelling, and the CLI's `--silent`)
 * logged every warning anyway, `{ bucket: 'b' }` (the CLI's `--bucket`) created no bucket.
 */
import { findUnknownOption } from '@ossbox/protocol';
import { ConfigError } from './config.js';
import type { StartEmulatorOptions } from './server.js';

const KNOWN = {
  host: true,
  port: true,
  location: true,
  buckets: true,
  accessKeys: true,
  region: true,
  hostnames: true,
  minPartSize: true,
  logLevel: true,
  callbackTimeoutMs: true,
  strictCallbackUrls: true,
  publicUrl: true,
  headerTimeoutMs: true,
  idleTimeoutMs: true,
  maxConnections: true,
  corsAllowOrigins: true,
  adminToken: true,
  restoreDelayMs: true,
  seed: true,
  roles: true,
  stsMinDurationSeconds: true,
  faults: true,
  logger: true,
  internalRouters: true,
} satisfies Record<keyof StartEmulatorOptions, true>;

/** CLI spellings whose option is not just a longer name (`bucket` → `buckets` is found by prefix). */
const INSTEAD: Record<string, string> = {
  silent: "logLevel: 'silent'",
  debug: "logLevel: 'debug'",
  accessKeyId: 'accessKeys: [{ accessKeyId, accessKeySecret }]',
  accessKeySecret: 'accessKeys: [{ accessKeyId, accessKeySecret }]',
};

/** Throws a {@link ConfigError} naming the first option `startEmulator` does not know, and what to write. */
export function checkOptionNames(options: object): void {
  const unknown = findUnknownOption(options, KNOWN, INSTEAD);
  if (unknown) throw new ConfigError(unknown.message);
}
