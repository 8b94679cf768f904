/**
 * Client options: the input type, and its validation into one frozen resolved config.
 */
import { isIP } from 'node:net';
import { findUnknownOption } from '@ossbox/protocol';
import type { Dispatcher } from 'undici';
import type { CredentialsProvider } from './credentials.js';
import { InvalidArgumentError } from './errors.js';

/** Options of {@link Client}. */
export interface ClientOptions {
  /** OSS endpoint, e.g. `https://oss-cn-hangzhou.aliyuncs.com` or `http://127.0.0.1:9000`. No scheme → `https://`. */
  endpoint: string;
  /** Required unless `credentialsProvider` is given. */
  accessKeyId?: string;
  /** Required unless `credentialsProvider` is given. */
  accessKeySecret?: string;
  /** STS SecurityToken of temporary credentials (sent as `x-oss-security-token`, signed). */
  securityToken?: string;
  /** ali-oss's name for `securityToken`. */
  stsToken?: string;
  /**
   * Temporary credentials from an async function (e.g. your app server's STS AssumeRole), instead
   * of fixed keys: called for the first request, again `credentialsRefreshMarginMs` before their
   * `expiration`, and when OSS answers `SecurityTokenExpired` (the refused request is then sent
   * once more with the new credentials). Requests in flight are never interrupted.
   */
  credentialsProvider?: CredentialsProvider;
  /** How long before `expiration` the provider is called again, default 300 000 ms (5 min; at most half the credentials' lifetime). */
  credentialsRefreshMarginMs?: number;
  /** Region id (`cn-hangzhou`); default derived from `oss-<region>.aliyuncs.com` endpoints, else `cn-hangzhou`. */
  region?: string;
  /** Request signature version, default `v4`. */
  signatureVersion?: 'v4' | 'v1';
  /** `/<bucket>/<key>` addressing. Default: true for IP and `localhost` endpoints, false otherwise. */
  pathStyle?: boolean;
  /** The endpoint is a custom domain bound to one bucket: requests go to `/<key>` on it. */
  cname?: boolean;
  /** Time without response headers or body data before a request fails with TimeoutError, default 60 000 ms. */
  timeoutMs?: number;
  /** Retries after network errors and 5xx on idempotent requests and parts, default 3. */
  retries?: number;
  /** Base delay of the exponential backoff (full jitter), default 200 ms. */
  retryDelayMs?: number;
  /** Compare CRC-64 of uploads (and full downloads) with `x-oss-hash-crc64ecma`, default true. */
  crcCheck?: boolean;
  /** undici dispatcher (Agent, ProxyAgent, MockAgent, …), default undici's global dispatcher. */
  dispatcher?: Dispatcher;
  /** User-Agent header, default `ossbox-sdk/<version> node/<version>`. */
  userAgent?: string;
  /**
   * Smallest part size resumableUpload accepts, default 100 KiB (the OSS minimum for every part
   * but the last). Lower it only for tests against a server that allows smaller parts.
   */
  minPartSize?: number;
}

/** The validated, frozen configuration a client works with. */
export interface ResolvedConfig {
  readonly protocol: 'http:' | 'https:';
  /** host[:port] of the endpoint. */
  readonly host: string;
  readonly hostname: string;
  /** The fixed keys; undefined when a `credentialsProvider` supplies them. */
  readonly credentials: { readonly accessKeyId: string; readonly accessKeySecret: string; readonly securityToken?: string } | undefined;
  readonly credentialsProvider: CredentialsProvider | undefined;
  readonly credentialsRefreshMarginMs: number;
  readonly region: string;
  readonly signatureVersion: 'v4' | 'v1';
  readonly pathStyle: boolean;
  readonly cname: boolean;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly crcCheck: boolean;
  readonly dispatcher: Dispatcher | undefined;
  readonly userAgent: string;
  readonly minPartSize: number;
}

const SDK_VERSION = '0.1.0';

function fail(option: string, message: string): never {
  throw new InvalidArgumentError(`Invalid option "${option}": ${message}`, option);
}

/**
 * Throw InvalidArgumentError for the first name of `options` not in `known` (see
 * findUnknownOption): `Invalid option "<name>": unknown <kind> option; use <suggestion>`. The
 * Client, Callback and every Bucket operation refuse names this way.
 * @internal
 */
export function refuseUnknownOption(
  options: object,
  known: Readonly<Record<string, true>>,
  instead: Readonly<Record<string, string>>,
  kind?: string,
): void {
  const unknown = findUnknownOption(options, known, instead);
  if (!unknown) return;
  const what = kind === undefined ? 'unknown option' : `unknown ${kind} option`;
  fail(unknown.name, `${what}${unknown.suggestion ? `; use ${unknown.suggestion}` : ''}`);
}

function nonEmptyString(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(option, 'must be a non-empty string');
  return value;
}

function nonNegativeInteger(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(option, 'must be a non-negative integer');
  return value;
}

function optionalBoolean(value: unknown, option: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(option, 'must be a boolean');
  return value;
}

/** Every name of {@link ClientOptions}: checked against the type, so the list cannot drift. */
const KNOWN_OPTIONS = {
  endpoint: true,
  accessKeyId: true,
  accessKeySecret: true,
  securityToken: true,
  stsToken: true,
  credentialsProvider: true,
  credentialsRefreshMarginMs: true,
  region: true,
  signatureVersion: true,
  pathStyle: true,
  cname: true,
  timeoutMs: true,
  retries: true,
  retryDelayMs: true,
  crcCheck: true,
  dispatcher: true,
  userAgent: true,
  minPartSize: true,
} satisfies Record<keyof ClientOptions, true>;

/** ali-oss's option names that are spelt, or work, differently here. */
const ALI_OSS_NAMES: Record<string, string> = {
  bucket: 'client.getBucket(name) (a Client is not bound to one bucket)',
  timeout: 'timeoutMs',
  retryMax: 'retries',
  secure: 'an https:// endpoint',
  authorizationV4: "signatureVersion: 'v4' (the default)",
  refreshSTSToken: 'credentialsProvider',
  proxy: 'dispatcher: new ProxyAgent(url) (undici)',
};

/**
 * An option name the client does not know (TypeScript catches it only in an object literal) was
 * ignored: `{ bucket }` or `{ timeout }`, as ali-oss spells them, changed nothing.
 */
function checkOptionNames(options: object): void {
  refuseUnknownOption(options, KNOWN_OPTIONS, ALI_OSS_NAMES);
}

/** Derive the region from an `oss-<region>[-internal].aliyuncs.com` host. */
function regionFromHost(hostname: string): string | undefined {
  return /^oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$/.exec(hostname)?.[1];
}

/** Validate options once; throws InvalidArgumentError naming the bad option. */
export function resolveConfig(options: ClientOptions): ResolvedConfig {
  if (options === null || typeof options !== 'object') fail('options', 'must be an object');
  checkOptionNames(options);
  const endpoint = nonEmptyString(options.endpoint, 'endpoint');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`);
  } catch {
    fail('endpoint', `"${endpoint}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('endpoint', 'only http and https endpoints are accepted');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
    fail('endpoint', 'must be scheme://host[:port] only, without path, query or credentials');
  }
  const provider = options.credentialsProvider;
  if (provider !== undefined && typeof provider !== 'function') fail('credentialsProvider', 'must be an async function');
  if (options.securityToken !== undefined && options.stsToken !== undefined && options.securityToken !== options.stsToken) {
    fail('stsToken', 'securityToken and stsToken differ; give one of them');
  }
  const securityToken = options.securityToken ?? options.stsToken;
  let credentials: ResolvedConfig['credentials'];
  if (provider === undefined || options.accessKeyId !== undefined || options.accessKeySecret !== undefined) {
    const accessKeyId = nonEmptyString(options.accessKeyId, 'accessKeyId');
    const accessKeySecret = nonEmptyString(options.accessKeySecret, 'accessKeySecret');
    if (securityToken !== undefined) nonEmptyString(securityToken, options.securityToken !== undefined ? 'securityToken' : 'stsToken');
    credentials = Object.freeze(securityToken === undefined ? { accessKeyId, accessKeySecret } : { accessKeyId, accessKeySecret, securityToken });
  }
  const credentialsRefreshMarginMs = nonNegativeInteger(options.credentialsRefreshMarginMs, 'credentialsRefreshMarginMs', 300_000);
  const signatureVersion = options.signatureVersion ?? 'v4';
  if (signatureVersion !== 'v4' && signatureVersion !== 'v1') fail('signatureVersion', 'must be "v4" or "v1"');
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const region = options.region === undefined ? (regionFromHost(hostname) ?? 'cn-hangzhou') : nonEmptyString(options.region, 'region').replace(/^oss-/, '');
  const cname = optionalBoolean(options.cname, 'cname', false);
  // Python oss2 treats IP literals and `localhost` as path style; Go and Ruby only IPs (docs/rest-api.md §5.1).
  const pathStyle = optionalBoolean(options.pathStyle, 'pathStyle', isIP(hostname) !== 0 || hostname === 'localhost');
  if (cname && options.pathStyle === true) fail('pathStyle', 'cannot be combined with cname');
  const timeoutMs = nonNegativeInteger(options.timeoutMs, 'timeoutMs', 60_000);
  if (timeoutMs === 0) fail('timeoutMs', 'must be positive');
  const minPartSize = nonNegativeInteger(options.minPartSize, 'minPartSize', 100 * 1024);
  if (minPartSize === 0) fail('minPartSize', 'must be positive');
  const dispatcher = options.dispatcher;
  if (dispatcher !== undefined && (dispatcher === null || typeof (dispatcher as { dispatch?: unknown }).dispatch !== 'function')) {
    fail('dispatcher', 'must be an undici Dispatcher');
  }
  if (options.userAgent !== undefined) nonEmptyString(options.userAgent, 'userAgent');
  return Object.freeze({
    protocol: url.protocol,
    host: url.host,
    hostname,
    credentials,
    credentialsProvider: provider,
    credentialsRefreshMarginMs,
    region,
    signatureVersion,
    pathStyle,
    cname,
    timeoutMs,
    retries: nonNegativeInteger(options.retries, 'retries', 3),
    retryDelayMs: nonNegativeInteger(options.retryDelayMs, 'retryDelayMs', 200),
    crcCheck: optionalBoolean(options.crcCheck, 'crcCheck', true),
    dispatcher,
    userAgent: options.userAgent ?? `ossbox-sdk/${SDK_VERSION} node/${process.versions.node}`,
    minPartSize,
  });
}

/** OSS bucket naming rule (docs/rest-api.md §5.9). */
export function assertBucketName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(name)) {
    throw new InvalidArgumentError(
      `Invalid bucket name ${JSON.stringify(name)}: 3-63 characters of lowercase letters, digits and "-", starting and ending with a letter or digit.`,
      'bucket',
    );
  }
}

/** Object keys: 1–1023 bytes of UTF-8, not starting with `/` or `\` (OSS naming rules), and not just `.` or `..`. */
export function assertObjectKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || Buffer.byteLength(key) > 1023 || /^[/\\]/.test(key)) {
    throw new InvalidArgumentError(
      `Invalid object key ${JSON.stringify(key)}: 1-1023 bytes, not starting with "/" or "\\".`,
      'key',
    );
  }
  // A lone UTF-16 surrogate has no UTF-8 form, so the key cannot be sent at all (encodeURIComponent
  // would throw a bare URIError mid-request).
  if (/\p{Cs}/u.test(key)) {
    throw new InvalidArgumentError(`Invalid object key ${JSON.stringify(key)}: it contains a lone UTF-16 surrogate (not valid UTF-8).`, 'key');
  }
  // The whole path segment would be removed by any URL parser, however it is encoded (encodeKey).
  if (key === '.' || key === '..') {
    throw new InvalidArgumentError(`Invalid object key ${JSON.stringify(key)}: a key cannot be just "." or "..".`, 'key');
  }
}
