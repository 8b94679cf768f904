/**
 * Signature V2 (`Authorization: OSS2 AccessKeyId:<id>[,AdditionalHeaders:<a;b>],Signature:<sig>`,
 * HMAC-SHA256) and presigned V2 URLs (`x-oss-signature-version=OSS2`). OSS still accepts them and
 * the official Go (`AuthVersion(oss.AuthV2)`) and Python (`oss2.AuthV2`, `make_auth(…, 'v2')`)
 * SDKs send them. Recipe: Python `oss2/auth.py` `ProviderAuthV2`, Go `oss/auth.go`
 * `getSignedStr` and `oss/conn.go` `getResource`/`signURL`; the header format and error codes:
 * https://www.alibabacloud.com/help/en/oss/user-guide/0002-00000103 (and its neighbours).
 *
 * ```
 * StringToSign = VERB + "\n" + Content-MD5 + "\n" + Content-Type + "\n" + Date + "\n"
 *   + CanonicalizedOSSHeaders            (every x-oss-* and each additional header, "name:value\n", sorted)
 *   + AdditionalHeaders + "\n"           (the additional header names, sorted, joined with ";")
 *   + uriEncode("/bucket/key")           ("/" encoded too: "%2Fbucket%2Fkey")
 *   + ["?" + every query parameter, both parts uriEncoded, sorted, "k=v" or "k", joined with "&"]
 * Signature = base64(HMAC-SHA256(AccessKeySecret, StringToSign))
 * ```
 */
import { canonicalHeaderValue, compareBytes, headerValue, lowercaseHeaderNames, uriEncode } from './canonical-text.js';
import { hmacSha256 } from './hmac.js';
import type { Credentials, SignableRequest } from './types.js';

/** The V2 scheme name, in `Authorization` and in `x-oss-signature-version`. */
export const V2_ALGORITHM = 'OSS2';

/** Query parameters that carry a presigned V2 signature. Only `x-oss-signature` is left unsigned. */
export const V2_QUERY_AUTH_PARAMS: readonly string[] = [
  'x-oss-signature-version',
  'x-oss-expires',
  'x-oss-access-key-id',
  'x-oss-additional-headers',
  'x-oss-signature',
];

/**
 * Normalise a list of additional headers as both SDKs do (`__get_additional_headers`,
 * `getAdditionalHeaderKeys`): lowercased, deduplicated, only those present in the request, sorted.
 */
export function additionalHeadersV2(req: SignableRequest, additionalHeaders: readonly string[] = []): string[] {
  const present = new Set(lowercaseHeaderNames(req.headers));
  const names = new Set(additionalHeaders.map((h) => h.toLowerCase()));
  return [...names].filter((n) => present.has(n)).sort(compareBytes);
}

function canonicalResourceV2(req: SignableRequest, query: Record<string, string>): string {
  const path = req.bucket !== undefined && req.bucket !== '' ? `/${req.bucket}/${req.key ?? ''}` : '/';
  const params = Object.entries(query)
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a], [b]) => compareBytes(a, b))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`));
  return uriEncode(path) + (params.length > 0 ? `?${params.join('&')}` : '');
}

/**
 * The V2 string to sign with an explicit date line and query. `additionalHeaders` is used
 * verbatim (lowercased, sorted): a verifier must sign exactly the list the client declared.
 */
export function buildStringToSignV2(
  req: SignableRequest,
  dateLine: string,
  query: Record<string, string>,
  additionalHeaders: readonly string[],
): string {
  const extra = new Set(additionalHeaders);
  const headers = lowercaseHeaderNames(req.headers)
    .filter((name) => name.startsWith('x-oss-') || extra.has(name))
    .sort(compareBytes)
    .map((name) => `${name}:${canonicalHeaderValue(req.headers, name)}\n`)
    .join('');
  return (
    `${req.method.toUpperCase()}\n` +
    `${headerValue(req.headers, 'content-md5') ?? ''}\n` +
    `${headerValue(req.headers, 'content-type') ?? ''}\n` +
    `${dateLine}\n` +
    headers +
    `${additionalHeaders.join(';')}\n` +
    canonicalResourceV2(req, query)
  );
}

/**
 * The V2 string to sign of a header-signed request over all of its query parameters. The date
 * line is `x-oss-date` when present, else `Date` (the SDKs send `Date`), as for V1.
 *
 * @example
 * // The PutObject example of the OSS "signature version 2" documentation:
 * stringToSignV2({
 *   method: 'PUT', bucket: 'oss-example', key: 'nelson', query: {},
 *   headers: { 'Content-MD5': 'FxqG8Ca0qEJPOghSihJ8Ew==', 'Content-Type': 'text/plain',
 *     Date: 'Wed, 15 Feb 2017 09:37:11 GMT', 'x-oss-object-acl': 'private' },
 * });
 * // 'PUT\nFxqG8Ca0qEJPOghSihJ8Ew==\ntext/plain\nWed, 15 Feb 2017 09:37:11 GMT\nx-oss-object-acl:private\n\n%2Foss-example%2Fnelson'
 */
export function stringToSignV2(req: SignableRequest, additionalHeaders: readonly string[] = []): string {
  const date = headerValue(req.headers, 'x-oss-date') ?? headerValue(req.headers, 'date') ?? '';
  return buildStringToSignV2(req, date, req.query, additionalHeaders);
}

/** Base64 HMAC-SHA256 of a V2 string to sign. */
export function signatureV2(accessKeySecret: string, stringToSign: string): string {
  return hmacSha256(accessKeySecret, stringToSign).toString('base64');
}

/**
 * The `Authorization` header value `OSS2 AccessKeyId:<id>[,AdditionalHeaders:<a;b>],Signature:<sig>`
 * for a request that already carries its `Date` (and, with STS credentials, `x-oss-security-token`).
 * `additionalHeaders` are extra header names to sign; those absent from the request are dropped.
 *
 * @example
 * const headers = { Date: new Date().toUTCString(), Range: 'bytes=0-7' };
 * headers.Authorization = authorizationV2(
 *   { method: 'GET', bucket: 'b', key: 'a.txt', headers, query: {} },
 *   { accessKeyId: 'ak', accessKeySecret: 'sk' },
 *   ['range'],
 * );
 */
export function authorizationV2(
  req: SignableRequest,
  credentials: Credentials,
  additionalHeaders: readonly string[] = [],
): string {
  if (
    credentials.securityToken !== undefined &&
    headerValue(req.headers, 'x-oss-security-token') !== credentials.securityToken
  ) {
    throw new TypeError('STS credentials: set the x-oss-security-token header before signing the request');
  }
  const additional = additionalHeadersV2(req, additionalHeaders);
  const signature = signatureV2(credentials.accessKeySecret, stringToSignV2(req, additional));
  const extra = additional.length > 0 ? `,AdditionalHeaders:${additional.join(';')}` : '';
  return `${V2_ALGORITHM} AccessKeyId:${credentials.accessKeyId}${extra},Signature:${signature}`;
}

/**
 * Query parameters to add to a URL to presign it with V2: `x-oss-signature-version=OSS2`,
 * `x-oss-expires` (an **absolute** Unix time in seconds, also the date line), `x-oss-access-key-id`,
 * optional `x-oss-additional-headers`, `security-token` with STS (as both SDKs name it), then
 * `x-oss-signature`. Every other parameter of the URL is signed too.
 *
 * @example
 * const params = presignV2(
 *   { method: 'GET', bucket: 'b', key: 'a.txt', headers: {}, query: {} },
 *   { accessKeyId: 'ak', accessKeySecret: 'sk' },
 *   Math.floor(Date.now() / 1000) + 3600,
 * );
 * const url = `http://localhost:9000/b/a.txt?${new URLSearchParams(params)}`;
 */
export function presignV2(
  req: SignableRequest,
  credentials: Credentials,
  expires: number,
  additionalHeaders: readonly string[] = [],
): Record<string, string> {
  if (!Number.isSafeInteger(expires) || expires < 0) {
    throw new RangeError(`expires must be a Unix time in whole seconds, got ${expires}`);
  }
  const additional = additionalHeadersV2(req, additionalHeaders);
  const params: Record<string, string> = {};
  if (credentials.securityToken !== undefined) params['security-token'] = credentials.securityToken;
  params['x-oss-signature-version'] = V2_ALGORITHM;
  params['x-oss-expires'] = String(expires);
  params['x-oss-access-key-id'] = credentials.accessKeyId;
  if (additional.length > 0) params['x-oss-additional-headers'] = additional.join(';');
  const stringToSign = buildStringToSignV2(req, String(expires), { ...req.query, ...params }, additional);
  params['x-oss-signature'] = signatureV2(credentials.accessKeySecret, stringToSign);
  return params;
}
