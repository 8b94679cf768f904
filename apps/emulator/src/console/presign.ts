/**
 * How the console changes things: it asks `POST /_ossbox/api/presign` for a presigned URL
 * (signature V1 with the emulator's first configured key pair, valid 15 minutes; the secret never
 * reaches the page) and sends the OSS request itself, same-origin. Creating a bucket, setting its
 * ACL or CORS rules, uploading (with an optional callback, carried in the presigned URL's
 * `callback` / `callback-var` parameters, https://www.alibabacloud.com/help/en/oss/developer-reference/callback),
 * downloading, deleting and aborting are then real OSS operations: they appear in the request log,
 * fire callbacks and meet injected faults exactly as any client's requests would.
 */
import { encodeCallback, encodeCallbackVars, presignV1 } from '@ossbox/protocol';
import type { CallbackBodyType, Credentials, SignableRequest } from '@ossbox/protocol';

/** What the page wants to send. */
export interface PresignRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  bucket?: string;
  key?: string;
  /** Decoded query parameters; `''` for a flag such as `acl`. */
  query?: Record<string, string>;
  /** Headers the page will send that the signature covers: `Content-Type`, `Content-MD5`, `x-oss-*`. */
  headers?: Record<string, string>;
  /** An upload callback to attach (PutObject only). */
  callback?: { url: string; body: string; bodyType?: CallbackBodyType };
  /** Its custom variables, names starting with `x:`. */
  callbackVars?: Record<string, string>;
}

/** How long a console URL stays valid. */
export const PRESIGN_SECONDS = 900;

const METHODS: readonly string[] = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];

/** Thrown for a malformed presign request (answered 400). */
export class PresignInputError extends Error {}

function stringRecord(value: unknown, name: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new PresignInputError(`${name} must be an object of strings`);
  }
  return value as Record<string, string>;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new PresignInputError(`${name} must be a non-empty string`);
  return value;
}

/** Check the JSON body of a presign request; throws {@link PresignInputError}. */
export function parsePresignRequest(body: unknown): PresignRequest {
  if (typeof body !== 'object' || body === null) throw new PresignInputError('expected a JSON object');
  const input = body as Record<string, unknown>;
  if (typeof input.method !== 'string' || !METHODS.includes(input.method)) {
    throw new PresignInputError(`method must be one of ${METHODS.join(', ')}`);
  }
  const request: PresignRequest = { method: input.method as PresignRequest['method'], query: stringRecord(input.query, 'query'), headers: stringRecord(input.headers, 'headers') };
  const bucket = optionalString(input.bucket, 'bucket');
  const key = optionalString(input.key, 'key');
  if (key !== undefined && bucket === undefined) throw new PresignInputError('key needs a bucket');
  if (bucket !== undefined) request.bucket = bucket;
  if (key !== undefined) request.key = key;
  if (input.callback !== undefined) {
    const callback = input.callback as Record<string, unknown>;
    const url = optionalString(callback?.url, 'callback.url');
    if (url === undefined || typeof callback.body !== 'string') throw new PresignInputError('callback needs url and body');
    const bodyType = callback.bodyType === undefined ? 'application/x-www-form-urlencoded' : callback.bodyType;
    if (bodyType !== 'application/x-www-form-urlencoded' && bodyType !== 'application/json') {
      throw new PresignInputError('callback.bodyType must be application/x-www-form-urlencoded or application/json');
    }
    request.callback = { url, body: callback.body, bodyType };
    request.callbackVars = stringRecord(input.callbackVars, 'callbackVars');
  }
  return request;
}

/** Percent-encode a key for a path, keeping `/` (as the SDKs do). */
function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/**
 * The same-origin, path-style URL for `request`, presigned V1 with `credentials` until `expires`
 * (Unix seconds). The page must send exactly the headers it asked to have signed.
 *
 * @example
 * presignedPath({ method: 'DELETE', bucket: 'b', key: 'a b.txt' }, credentials, now + 900);
 * // '/b/a%20b.txt?OSSAccessKeyId=ossbox&Expires=…&Signature=…'
 */
export function presignedPath(request: PresignRequest, credentials: Credentials, expires: number): string {
  const query = { ...request.query };
  if (request.callback) {
    const { url, body, bodyType } = request.callback;
    query.callback = encodeCallback({ urls: [url], body, bodyType: bodyType ?? 'application/x-www-form-urlencoded' });
    if (Object.keys(request.callbackVars ?? {}).length > 0) query['callback-var'] = encodeCallbackVars(request.callbackVars!);
  }
  const signable: SignableRequest = { method: request.method, headers: request.headers ?? {}, query };
  if (request.bucket !== undefined) signable.bucket = request.bucket;
  if (request.key !== undefined) signable.key = request.key;
  const auth = presignV1(signable, credentials, expires);
  const path = request.bucket === undefined ? '/' : `/${request.bucket}/${request.key === undefined ? '' : encodeKey(request.key)}`;
  const search = Object.entries({ ...query, ...auth })
    .map(([name, value]) => (value === '' ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`))
    .join('&');
  return `${path}?${search}`;
}
