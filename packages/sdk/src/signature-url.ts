/**
 * Presigned URLs, V1 (docs/rest-api.md §5.4) and V4 (§5.5), optionally carrying a callback as the
 * `callback` / `callback-var` query parameters (§1.2c).
 */
import { presignV1, presignV4, V4_MAX_EXPIRES_SECONDS } from '@ossbox/protocol';
import type { Credentials, SignableRequest } from '@ossbox/protocol';
import { toCallback } from './callback.js';
import type { CallbackInput } from './callback.js';
import { InvalidArgumentError } from './errors.js';
import type { Transport } from './transport.js';

/** Options of {@link Bucket.signatureUrl}. */
export interface SignatureUrlOptions {
  /** HTTP method the URL is for, default `GET`. */
  method?: 'GET' | 'PUT' | 'HEAD' | 'POST' | 'DELETE';
  /** Validity in seconds, default 1800 (V4 allows at most 7 days). */
  expires?: number;
  /** Upload callback for a presigned PUT: a `Callback` or its options. */
  callback?: CallbackInput;
  /** Extra query parameters (e.g. `response-content-type`), signed. */
  query?: Record<string, string>;
  /**
   * The `Content-Type` the uploader will send with a presigned PUT. It is signed (V1: its line of
   * the string to sign; V4: a canonical header), so the request must carry exactly this value,
   * or none when this is unset. A browser's `fetch(url, { method: 'PUT', body: file })` sends
   * `file.type` when it is non-empty: sign that value.
   */
  contentType?: string;
  /**
   * Other headers the request will send (Content-MD5, x-oss-*): they are signed and must be sent
   * exactly as given. Headers signed here but not sent (or sent but not signed) fail with 403
   * SignatureDoesNotMatch.
   */
  headers?: Record<string, string>;
  /** Signature version, default the client's. */
  version?: 'v4' | 'v1';
  /**
   * Signing time, default the client's clock: the local clock, or OSS's once a request was
   * refused with RequestTimeTooSkewed (its `<ServerTime>` then corrects the clock for requests,
   * presigned URLs and POST policies alike), so the URL's validity (V1 `Expires`, V4 `x-oss-date`
   * + `x-oss-expires`) counts on OSS's clock.
   */
  date?: Date;
}

/**
 * Build a presigned URL for `bucket`/`key` with `credentials` (default the client's current ones);
 * with an STS token the URL carries it (`security-token`, or `x-oss-security-token` with V4).
 */
export function signatureUrl(
  transport: Transport,
  bucket: string,
  key: string,
  options: SignatureUrlOptions,
  credentials: Credentials = transport.credentials.current(),
): string {
  const { config } = transport;
  const version = options.version ?? config.signatureVersion;
  const expires = options.expires ?? 1800;
  if (!Number.isInteger(expires) || expires <= 0) throw new InvalidArgumentError('expires must be a positive number of seconds', 'expires');
  if (version === 'v4' && expires > V4_MAX_EXPIRES_SECONDS) throw new InvalidArgumentError('expires must be at most 604800 seconds (7 days) with V4', 'expires');
  const query: Record<string, string> = { ...options.query, ...toCallback(options.callback)?.toQuery() };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  if (options.contentType !== undefined) {
    if (typeof options.contentType !== 'string' || options.contentType === '') throw new InvalidArgumentError('contentType must be a non-empty string', 'contentType');
    if (headers['content-type'] !== undefined && headers['content-type'] !== options.contentType) {
      throw new InvalidArgumentError('contentType and headers["Content-Type"] differ; give one of them', 'contentType');
    }
    headers['content-type'] = options.contentType;
  }
  const req: SignableRequest = { method: options.method ?? 'GET', bucket, key, headers, query };
  const date = options.date ?? transport.clock.date();
  const auth =
    version === 'v4'
      ? presignV4(req, credentials, { region: config.region, date, expiresIn: expires })
      : presignV1(req, credentials, Math.floor(date.getTime() / 1000) + expires);
  return transport.url(bucket, key, { ...query, ...auth });
}
