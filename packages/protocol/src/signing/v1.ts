/**
 * Signature V1 (`Authorization: OSS <AccessKeyId>:<Signature>`, HMAC-SHA1), docs/rest-api.md §5.3,
 * and presigned V1 URLs (§5.4).
 */
import {
  canonicalHeaderValue,
  compareBytes,
  headerValue,
  lowercaseHeaderNames,
} from './canonical-text.js';
import { hmacSha1Base64 } from './hmac.js';
import { isV1SubResource } from './sub-resources.js';
import type { Credentials, SignableRequest } from './types.js';

/** Query parameters that carry a presigned V1 signature; never part of the string to sign (§5.4). */
export const V1_QUERY_AUTH_PARAMS: readonly string[] = ['OSSAccessKeyId', 'Expires', 'Signature'];

/**
 * `/bucket/key`, `/bucket/` (`/bucket` for a {@link SignableRequest.bareBucketPath}) or `/`, then
 * `?` and the sorted sub-resources (§5.3).
 */
function canonicalizedResource(req: SignableRequest, query: Record<string, string>): string {
  let resource = '/';
  if (req.bucket !== undefined && req.bucket !== '') {
    resource += req.bareBucketPath === true && req.key === undefined ? req.bucket : `${req.bucket}/${req.key ?? ''}`;
  }
  const params = Object.keys(query)
    .filter(isV1SubResource)
    .sort(compareBytes)
    // Values are written decoded, never URL-encoded (§5.3).
    .map((k) => (query[k] ? `${k}=${query[k]}` : k));
  return params.length > 0 ? `${resource}?${params.join('&')}` : resource;
}

function canonicalizedOssHeaders(req: SignableRequest): string {
  return lowercaseHeaderNames(req.headers)
    .filter((name) => name.startsWith('x-oss-'))
    .sort(compareBytes)
    .map((name) => `${name}:${canonicalHeaderValue(req.headers, name)}\n`)
    .join('');
}

/**
 * The V1 string to sign with an explicit date line and query (the presigned form puts `Expires`
 * in the date slot and leaves the auth parameters out of the query).
 */
export function buildStringToSignV1(
  req: SignableRequest,
  dateLine: string,
  query: Record<string, string> = req.query,
): string {
  return (
    `${req.method.toUpperCase()}\n` +
    `${headerValue(req.headers, 'content-md5') ?? ''}\n` +
    `${headerValue(req.headers, 'content-type') ?? ''}\n` +
    `${dateLine}\n` +
    canonicalizedOssHeaders(req) +
    canonicalizedResource(req, query)
  );
}

/**
 * The V1 string to sign for a header-signed request. The date line is `x-oss-date` when present,
 * else `Date` (ali-oss signs `x-oss-date`, Ruby and Go v1 `Date`; §5.3).
 *
 * @example
 * stringToSignV1({
 *   method: 'GET', bucket: 'examplebucket', key: 'nelson',
 *   headers: { 'x-oss-date': 'Wed, 28 Dec 2022 10:27:41 GMT' }, query: { acl: '' },
 * });
 * // 'GET\n\n\nWed, 28 Dec 2022 10:27:41 GMT\nx-oss-date:Wed, 28 Dec 2022 10:27:41 GMT\n/examplebucket/nelson?acl'
 */
export function stringToSignV1(req: SignableRequest): string {
  const date = headerValue(req.headers, 'x-oss-date') ?? headerValue(req.headers, 'date') ?? '';
  return buildStringToSignV1(req, date);
}

/** Base64 HMAC-SHA1 of a V1 string to sign. */
export function signatureV1(accessKeySecret: string, stringToSign: string): string {
  return hmacSha1Base64(accessKeySecret, stringToSign);
}

function assertSecurityTokenHeader(req: SignableRequest, credentials: Credentials): void {
  if (credentials.securityToken === undefined) return;
  if (headerValue(req.headers, 'x-oss-security-token') !== credentials.securityToken) {
    throw new TypeError('STS credentials: set the x-oss-security-token header before signing the request');
  }
}

/**
 * The `Authorization` header value `OSS <id>:<base64 signature>` for the request as given. The
 * request must already carry its `Date` (or `x-oss-date`) and, with STS credentials, the
 * `x-oss-security-token` header (which is signed as an `x-oss-*` header).
 *
 * @example
 * const headers = { Date: new Date().toUTCString(), 'Content-Type': 'text/plain' };
 * headers.Authorization = authorizationV1(
 *   { method: 'PUT', bucket: 'b', key: 'a.txt', headers, query: {} },
 *   { accessKeyId: 'ak', accessKeySecret: 'sk' },
 * );
 */
export function authorizationV1(req: SignableRequest, credentials: Credentials): string {
  assertSecurityTokenHeader(req, credentials);
  return `OSS ${credentials.accessKeyId}:${signatureV1(credentials.accessKeySecret, stringToSignV1(req))}`;
}

/** The V1 string to sign of a presigned URL: the Date slot holds `Expires` (§5.4). */
export function stringToSignPresignedV1(req: SignableRequest, expires: string): string {
  const query = { ...req.query };
  for (const name of V1_QUERY_AUTH_PARAMS) delete query[name];
  return buildStringToSignV1(req, expires, query);
}

/**
 * Query parameters to add to a URL to presign it with V1 (`OSSAccessKeyId`, `Expires`,
 * `Signature`, plus `security-token` with STS, which is signed as a sub-resource). `expires` is
 * an absolute Unix time in seconds.
 *
 * @example
 * const params = presignV1(
 *   { method: 'GET', bucket: 'b', key: 'a.txt', headers: {}, query: {} },
 *   { accessKeyId: 'ak', accessKeySecret: 'sk' },
 *   Math.floor(Date.now() / 1000) + 3600,
 * );
 * // → { OSSAccessKeyId: 'ak', Expires: '…', Signature: '…' }
 */
export function presignV1(
  req: SignableRequest,
  credentials: Credentials,
  expires: number,
): Record<string, string> {
  if (!Number.isSafeInteger(expires) || expires < 0) {
    throw new RangeError(`expires must be a Unix time in whole seconds, got ${expires}`);
  }
  const query = { ...req.query };
  if (credentials.securityToken !== undefined) query['security-token'] = credentials.securityToken;
  const stringToSign = stringToSignPresignedV1({ ...req, query }, String(expires));
  const params: Record<string, string> = {
    OSSAccessKeyId: credentials.accessKeyId,
    Expires: String(expires),
    Signature: signatureV1(credentials.accessKeySecret, stringToSign),
  };
  if (credentials.securityToken !== undefined) params['security-token'] = credentials.securityToken;
  return params;
}
