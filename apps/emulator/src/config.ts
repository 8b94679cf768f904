/**
 * Emulator configuration: the options type and the one resolver that validates them into a frozen
 * {@link EmulatorConfig}. The CLI and environment reader is ./cli-options.ts.
 */
import { resolve } from 'node:path';
import { ADMIN_TOKEN_RULE, generateAdminToken, invalidPortMessage, isLoopbackHost, isValidAdminToken } from '@ossbox/protocol';
import { parsePolicy, PolicyGrammarError } from './policy/index.js';
import type { Role } from './sts/roles.js';
import { parseRoleArn } from './sts/roles.js';
import { parseFaultRule } from './faults/fault-rule.js';
import type { FaultRuleInput, FaultRuleSpec } from './faults/fault-rule.js';

/** An access key pair the emulator accepts. */
export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
}

/** Log verbosity. */
export type LogLevel = 'silent' | 'info' | 'debug';

/** Options accepted by `startEmulator` and produced from the CLI; every field is optional. */
export interface EmulatorOptions {
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Port; default 9000; 0 picks a free port. */
  port?: number;
  /** Data directory; default `./.ossbox-data`. */
  location?: string;
  /** Buckets created at start if missing. */
  buckets?: string[];
  /** Accepted key pairs; default one pair `ossbox` / `ossbox-secret`. */
  accessKeys?: AccessKey[];
  /** Region for V4 signatures and bucket locations; default `cn-hangzhou`. */
  region?: string;
  /**
   * Host names that mean path-style addressing (`<hostname>/<bucket>/<key>`); `<bucket>.<hostname>`
   * is virtual-hosted. IP literals are always path style. Default `localhost`, `127.0.0.1`.
   */
  hostnames?: string[];
  /** Minimum size of every part but the last at CompleteMultipartUpload; default 102400 (OSS). */
  minPartSize?: number;
  /** Default `info`. */
  logLevel?: LogLevel;
  /** Budget of one callback attempt in ms; default 5000 (OSS, docs/callback-protocol.md §1.7). */
  callbackTimeoutMs?: number;
  /** Refuse callback URLs on private, loopback and IPv6 addresses like OSS; default false. */
  strictCallbackUrls?: boolean;
  /**
   * Base URL callback receivers reach the emulator at, for the public key URL sent in
   * `x-oss-pub-key-url`; default the listening URL. Set it when receivers go through another
   * address (Docker network, proxy).
   */
  publicUrl?: string;
  /** Deadline for a request's whole head (request line and headers), in ms; default 60000. */
  headerTimeoutMs?: number;
  /**
   * Close a connection on which nothing arrives or leaves for this long, in ms; a request whose
   * body stops arriving gets 400 RequestTimeout. Default 60000; 0 never closes. Idle time, not
   * total time: slow uploads that keep sending are never cut.
   */
  idleTimeoutMs?: number;
  /** Most simultaneous connections; more are closed on accept. Default 512; 0 = no cap. */
  maxConnections?: number;
  /**
   * Origins (`*` wildcards allowed, at most one per origin) the buckets created at start accept
   * cross-origin requests from: each such bucket gets one permissive CORS rule (every method, any
   * request header, the upload response headers exposed), replacing its stored rules at every
   * start. Default none: buckets keep whatever PutBucketCors stored.
   */
  corsAllowOrigins?: string[];
  /**
   * Token every `/_ossbox/*` endpoint but `/_ossbox/health`, the callback public key and STS AssumeRole requires
   * (`Authorization: Bearer <token>`, or `?token=` on GET then a cookie; see
   * middleware/admin-token.ts); {@link ADMIN_TOKEN_RULE}. Default: none on a loopback `host`, a
   * generated one on any other interface (read it from `config.adminToken`).
   */
  adminToken?: string;
  /**
   * How long RestoreObject takes before an Archive / Cold Archive object becomes readable, in ms;
   * default 3000 (OSS takes minutes to hours); 0 restores at once.
   */
  restoreDelayMs?: number;
  /**
   * Directory trees imported as objects at start and at every reset (state/seed.ts): a directory
   * path for the only start-up bucket (`buckets` must then name exactly one), or
   * `{ <bucket>: <dir> }` for several (those buckets are created at start too). Keys are the
   * relative paths with `/` separators; content types come from the extensions.
   *
   * @example
   * ```ts
   * await startEmulator({ buckets: ['examplebucket'], seed: './fixtures' });
   * await startEmulator({ seed: { images: './fixtures/images', docs: './fixtures/docs' } });
   * ```
   */
  seed?: string | Readonly<Record<string, string>>;
  /**
   * RAM roles STS AssumeRole (`/_ossbox/sts`) issues credentials for: role ARN
   * (`acs:ram::<account id>:role/<name>`) → its RAM policy, as JSON text or an object. Sessions are
   * held to this policy intersected with their session policy. Default none (STS answers
   * `EntityNotExist.Role`).
   */
  roles?: Record<string, string | object>;
  /**
   * Shortest DurationSeconds AssumeRole accepts; default 900 (STS). Lower it only in tests that
   * need temporary credentials to expire quickly.
   */
  stsMinDurationSeconds?: number;
  /**
   * Fault rules installed at start (see `RunningEmulator.addFault` for the rule format); more can
   * be added and removed at run time. Default none.
   */
  faults?: FaultRuleInput[];
}

/** One `--seed` directory and the bucket it fills. */
export interface SeedSource {
  readonly bucket: string;
  /** Absolute path. */
  readonly dir: string;
}

/** Resolved, validated, frozen configuration. */
export interface EmulatorConfig {
  readonly host: string;
  readonly port: number;
  readonly location: string;
  readonly buckets: readonly string[];
  readonly accessKeys: readonly AccessKey[];
  readonly region: string;
  readonly hostnames: readonly string[];
  readonly minPartSize: number;
  readonly logLevel: LogLevel;
  readonly callbackTimeoutMs: number;
  readonly strictCallbackUrls: boolean;
  /** Without a trailing slash; undefined means the listening URL. */
  readonly publicUrl: string | undefined;
  readonly headerTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxConnections: number;
  readonly corsAllowOrigins: readonly string[];
  /** The admin token `/_ossbox/*` requires; undefined = open (loopback and none configured). */
  readonly adminToken: string | undefined;
  readonly restoreDelayMs: number;
  /** Directories imported at start and reset; their buckets are in {@link EmulatorConfig.buckets}. */
  readonly seeds: readonly SeedSource[];
  readonly roles: readonly Role[];
  readonly stsMinDurationSeconds: number;
  readonly faults: readonly FaultRuleSpec[];
}

/** Thrown for invalid options (CLI flags, env vars or programmatic options). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The documented default credentials, printed at start. */
export const DEFAULT_ACCESS_KEY: Readonly<AccessKey> = Object.freeze({
  accessKeyId: 'ossbox',
  accessKeySecret: 'ossbox-secret',
});

/** Bucket names OSS accepts (docs/rest-api.md §5.9). */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/**
 * {@link BUCKET_NAME} in words, for error messages; the rule of
 * https://www.alibabacloud.com/help/en/oss/user-guide/bucket-naming-conventions
 */
export const BUCKET_NAME_RULE =
  '3 to 63 characters: lowercase letters, digits and hyphens, starting and ending with a letter or digit';

function parsePublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`invalid public URL: ${value}`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    throw new ConfigError(`invalid public URL: ${value} (an http(s) base URL without query, e.g. http://emulator:9000)`);
  }
  return url.toString().replace(/\/+$/, '');
}

function resolveSeeds(seed: EmulatorOptions['seed'], buckets: readonly string[]): SeedSource[] {
  if (seed === undefined) return [];
  if (typeof seed === 'string') {
    const only = new Set(buckets);
    if (only.size !== 1) {
      throw new ConfigError(`--seed ${seed} needs exactly one --bucket to import into (or use --seed <bucket>=<dir>)`);
    }
    return [Object.freeze({ bucket: [...only][0]!, dir: resolve(seed) })];
  }
  return Object.entries(seed).map(([bucket, dir]) => {
    if (!BUCKET_NAME.test(bucket)) throw new ConfigError(`invalid bucket name in --seed: ${bucket} (${BUCKET_NAME_RULE})`);
    return Object.freeze({ bucket, dir: resolve(dir) });
  });
}

function resolveRoles(roles: Record<string, string | object> | undefined): Role[] {
  return Object.entries(roles ?? {}).map(([arn, policy]) => {
    const parsed = parseRoleArn(arn);
    if (!parsed) throw new ConfigError(`invalid role ARN: ${arn} (acs:ram::<account id>:role/<role name>)`);
    try {
      return Object.freeze({ arn, ...parsed, policy: parsePolicy(policy) });
    } catch (error) {
      if (error instanceof PolicyGrammarError) throw new ConfigError(`invalid policy for role ${arn}: ${error.message}`);
      throw error;
    }
  });
}

/**
 * A bad value as an error message shows it: a string in quotes, since the value read from
 * `process.env` looks right otherwise (`invalid port: 9000`).
 */
function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Validate `options` and fill in defaults. */
export function resolveConfig(options: EmulatorOptions = {}): EmulatorConfig {
  const port = options.port ?? 9000;
  const badPort = invalidPortMessage(port);
  if (badPort) throw new ConfigError(badPort);
  const seeds = resolveSeeds(options.seed, options.buckets ?? []);
  const buckets = [...new Set([...(options.buckets ?? []), ...seeds.map((s) => s.bucket)])];
  for (const bucket of buckets) {
    if (!BUCKET_NAME.test(bucket)) throw new ConfigError(`invalid bucket name: ${bucket} (${BUCKET_NAME_RULE})`);
  }
  const accessKeys = options.accessKeys && options.accessKeys.length > 0 ? options.accessKeys : [DEFAULT_ACCESS_KEY];
  for (const key of accessKeys) {
    if (!key.accessKeyId || !key.accessKeySecret) throw new ConfigError('access key id and secret must be non-empty');
  }
  const region = (options.region ?? 'cn-hangzhou').replace(/^oss-/, '');
  if (!/^[a-z0-9-]+$/.test(region)) throw new ConfigError(`invalid region: ${region}`);
  const minPartSize = options.minPartSize ?? 102400;
  if (!Number.isInteger(minPartSize) || minPartSize < 0) throw new ConfigError(`invalid minPartSize: ${shown(minPartSize)}`);
  const logLevel = options.logLevel ?? 'info';
  if (!['silent', 'info', 'debug'].includes(logLevel)) throw new ConfigError(`invalid log level: ${logLevel}`);
  const callbackTimeoutMs = options.callbackTimeoutMs ?? 5000;
  if (!Number.isInteger(callbackTimeoutMs) || callbackTimeoutMs < 1) {
    throw new ConfigError(`invalid callback timeout: ${shown(callbackTimeoutMs)} (a positive number of milliseconds)`);
  }
  const headerTimeoutMs = options.headerTimeoutMs ?? 60_000;
  if (!Number.isInteger(headerTimeoutMs) || headerTimeoutMs < 1) {
    throw new ConfigError(`invalid header timeout: ${shown(headerTimeoutMs)} (a positive number of milliseconds)`);
  }
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  if (!Number.isInteger(idleTimeoutMs) || idleTimeoutMs < 0) {
    throw new ConfigError(`invalid idle timeout: ${shown(idleTimeoutMs)} (milliseconds, 0 for none)`);
  }
  const maxConnections = options.maxConnections ?? 512;
  if (!Number.isInteger(maxConnections) || maxConnections < 0) {
    throw new ConfigError(`invalid max connections: ${shown(maxConnections)} (0 for no cap)`);
  }
  const corsAllowOrigins = [...new Set(options.corsAllowOrigins ?? [])];
  for (const origin of corsAllowOrigins) {
    if (origin.trim() === '' || origin.split('*').length > 2) {
      throw new ConfigError(`invalid CORS origin: "${origin}" (e.g. http://localhost:5173, http://*.example.com or *)`);
    }
  }
  const host = options.host ?? '127.0.0.1';
  if (options.adminToken !== undefined && !isValidAdminToken(options.adminToken)) {
    throw new ConfigError(`invalid admin token (${ADMIN_TOKEN_RULE})`);
  }
  const adminToken = options.adminToken ?? (isLoopbackHost(host) ? undefined : generateAdminToken());
  const restoreDelayMs = options.restoreDelayMs ?? 3000;
  if (!Number.isInteger(restoreDelayMs) || restoreDelayMs < 0) {
    throw new ConfigError(`invalid restore delay: ${shown(restoreDelayMs)} (milliseconds, 0 for at once)`);
  }
  const stsMinDurationSeconds = options.stsMinDurationSeconds ?? 900;
  if (!Number.isInteger(stsMinDurationSeconds) || stsMinDurationSeconds < 1 || stsMinDurationSeconds > 3600) {
    throw new ConfigError(`invalid STS minimum duration: ${shown(stsMinDurationSeconds)} (1 to 3600 seconds)`);
  }
  const faults = (options.faults ?? []).map((rule, i) => {
    try {
      return parseFaultRule(rule);
    } catch (error) {
      throw new ConfigError(`faults[${i}]: ${(error as Error).message}`);
    }
  });
  const publicUrl = options.publicUrl === undefined ? undefined : parsePublicUrl(options.publicUrl);
  const hostnames = (options.hostnames && options.hostnames.length > 0 ? options.hostnames : ['localhost', '127.0.0.1']).map(
    (h) => h.toLowerCase(),
  );
  return Object.freeze({
    host,
    port,
    location: resolve(options.location ?? '.ossbox-data'),
    buckets: Object.freeze(buckets),
    accessKeys: Object.freeze(accessKeys.map((k) => Object.freeze({ ...k }))),
    region,
    hostnames: Object.freeze([...new Set(hostnames)]),
    minPartSize,
    logLevel,
    callbackTimeoutMs,
    strictCallbackUrls: options.strictCallbackUrls ?? false,
    publicUrl,
    headerTimeoutMs,
    idleTimeoutMs,
    maxConnections,
    corsAllowOrigins: Object.freeze(corsAllowOrigins),
    adminToken,
    restoreDelayMs,
    seeds: Object.freeze(seeds),
    roles: Object.freeze(resolveRoles(options.roles)),
    stsMinDurationSeconds,
    faults: Object.freeze(faults),
  });
}
