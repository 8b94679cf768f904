/**
 * Signature V4 (`OSS4-HMAC-SHA256`), docs/rest-api.md §5.5, header and presigned forms.
 */
import { hash } from 'node:crypto';
import {
  canonicalHeaderValue,
  canonicalValues,
  compareBytes,
  headersByLowercaseName,
  headerValue,
  lowercaseHeaderNames,
  uriEncode,
} from './canonical-text.js';
import { formatV4Date, formatV4DateTime } from './dates.js';
import { hmacSha256 } from './hmac.js';
import type { Credentials, SignableRequest } from './types.js';

/** The V4 algorithm name, in `Authorization` and `x-oss-signature-version`. */
export const V4_ALGORITHM = 'OSS4-HMAC-SHA256';

/** Payload hash used when the body is not hashed (the SDKs always send this). */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** Longest validity of a presigned V4 URL, in seconds (7 days). */
export const V4_MAX_EXPIRES_SECONDS = 604800;

/** Options for V4 signing. */
export interface V4Options {
  /** Short region id, e.g. `cn-hangzhou` (a leading `oss-` is stripped). */
  region: string;
  /** Extra header names to sign (AdditionalHeaders). */
  additionalHeaders?: string[];
  /** Product, default `oss`. */
  product?: string;
}

/** Strip the leading `oss-` from a region id, as ali-oss does (`oss-cn-hangzhou` → `cn-hangzhou`). */
export function normalizeV4Region(region: string): string {
  return region.replace(/^oss-/, '');
}

/** The credential scope `<yyyymmdd>/<region>/<product>/aliyun_v4_request`. */
export function v4Scope(day: string, region: string, product = 'oss'): string {
  return `${day}/${normalizeV4Region(region)}/${product}/aliyun_v4_request`;
}

function isDefaultSignedHeader(lowerName: string): boolean {
  return lowerName === 'content-type' || lowerName === 'content-md5' || lowerName.startsWith('x-oss-');
}

/**
 * Normalise a list of additional headers like Go v2 `getCommonAdditionalHeaders` and ali-oss
 * `fixAdditionalHeaders`: lowercased, deduplicated, without the headers signed anyway
 * (`content-type`, `content-md5`, `x-oss-*`), only those present in the request, sorted.
 */
export function additionalHeadersV4(req: SignableRequest, additionalHeaders: readonly string[] = []): string[] {
  if (additionalHeaders.length === 0) return [];
  const present = new Set(
    lowercaseHeaderNames(req.headers).filter((n) => canonicalHeaderValue(req.headers, n) !== ''),
  );
  const names = new Set(additionalHeaders.map((h) => h.toLowerCase()));
  return [...names].filter((n) => !isDefaultSignedHeader(n) && present.has(n)).sort(compareBytes);
}

/**
 * The canonical request with the AdditionalHeaders list used **verbatim** (already lowercased):
 * the verifier must sign exactly the list the client declared.
 */
export function buildCanonicalRequestV4(
  req: SignableRequest,
  query: Record<string, string>,
  additionalHeaders: readonly string[],
): string {
  let uri = '/';
  if (req.bucket !== undefined && req.bucket !== '') uri += `${req.bucket}/${req.key ?? ''}`;

  const canonicalQuery = Object.entries(query)
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a], [b]) => compareBytes(a, b))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join('&');

  const extra = new Set(additionalHeaders);
  // One pass over the headers for every lookup below (each headerValue call scans them all).
  const byName = headersByLowercaseName(req.headers);
  const canonicalHeaders = [...byName.keys()]
    .filter((n) => isDefaultSignedHeader(n) || extra.has(n))
    .sort(compareBytes)
    .map((n) => `${n}:${canonicalValues(byName.get(n))}\n`)
    .join('');

  const payload = byName.get('x-oss-content-sha256')?.[0] || UNSIGNED_PAYLOAD;
  return [
    req.method.toUpperCase(),
    uriEncode(uri, true),
    canonicalQuery,
    // Ends with its own newline, so an empty AdditionalHeaders part leaves a blank line (§5.5).
    canonicalHeaders,
    additionalHeaders.join(';'),
    payload,
  ].join('\n');
}

/**
 * The V4 canonical request (six parts joined by `\n`, §5.5) over all query parameters of `req`.
 * `additionalHeaders` is normalised with {@link additionalHeadersV4}.
 */
export function canonicalRequestV4(req: SignableRequest, additionalHeaders?: string[]): string {
  return buildCanonicalRequestV4(req, req.query, additionalHeadersV4(req, additionalHeaders));
}

/** `OSS4-HMAC-SHA256\n<x-oss-date>\n<scope>\n<hex sha256(canonical request)>`. */
export function stringToSignV4(canonicalRequest: string, dateTime: string, scope: string): string {
  // One-shot hash (Node >= 20.12): no Hash object per request.
  return `${V4_ALGORITHM}\n${dateTime}\n${scope}\n${hash('sha256', canonicalRequest, 'hex')}`;
}

/** The V4 signing key: HMAC chain over `aliyun_v4<secret>`, day, region, product, `aliyun_v4_request`. */
export function v4SigningKey(accessKeySecret: string, day: string, region: string, product = 'oss'): Buffer {
  const k1 = hmacSha256(`aliyun_v4${accessKeySecret}`, day);
  const k2 = hmacSha256(k1, normalizeV4Region(region));
  const k3 = hmacSha256(k2, product);
  return hmacSha256(k3, 'aliyun_v4_request');
}

/**
 * The last signing key derived for {@link authorizationV4} and {@link presignV4}: it depends only
 * on the secret, the day, the region and the product, so a client signing request after request
 * derives it once a day instead of four HMACs per request (the AWS SDKs cache their SigV4 keys
 * the same way). One entry: a process signing with many keys recomputes as before.
 */
let cachedKey: { secret: string; day: string; region: string; product: string; key: Buffer } | undefined;

function cachedSigningKey(secret: string, day: string, region: string, product: string): Buffer {
  const c = cachedKey;
  if (c !== undefined && c.secret === secret && c.day === day && c.region === region && c.product === product) return c.key;
  const key = v4SigningKey(secret, day, region, product);
  cachedKey = { secret, day, region, product, key };
  return key;
}

/** Lowercase hex HMAC-SHA256 of `data` under a V4 signing key. */
export function signatureV4(signingKey: Buffer, data: string): string {
  return hmacSha256(signingKey, data).toString('hex');
}

function requireDateTime(req: SignableRequest): string {
  const dateTime = headerValue(req.headers, 'x-oss-date');
  if (dateTime === undefined || !/^\d{8}T\d{6}Z$/.test(dateTime)) {
    throw new TypeError('V4 signing needs an x-oss-date header like 20231216T162057Z (formatV4DateTime)');
  }
  return dateTime;
}

/**
 * The `Authorization` header value for a request that already carries `x-oss-date` and
 * `x-oss-content-sha256` (and `x-oss-security-token` with STS credentials).
 *
 * @example
 * const headers: Record<string, string> = {
 *   'x-oss-date': formatV4DateTime(new Date()),
 *   'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
 * };
 * headers.Authorization = authorizationV4(
 *   { method: 'GET', bucket: 'b', key: 'a.txt', headers, query: {} },
 *   { accessKeyId: 'ak', accessKeySecret: 'sk' },
 *   { region: 'cn-hangzhou' },
 * );
 */
export function authorizationV4(req: SignableRequest, credentials: Credentials, options: V4Options): string {
  if (
    credentials.securityToken !== undefined &&
    headerValue(req.headers, 'x-oss-security-token') !== credentials.securityToken
  ) {
    throw new TypeError('STS credentials: set the x-oss-security-token header before signing the request');
  }
  const dateTime = requireDateTime(req);
  const day = dateTime.slice(0, 8);
  const product = options.product ?? 'oss';
  const scope = v4Scope(day, options.region, product);
  const additional = additionalHeadersV4(req, options.additionalHeaders);
  const canonical = buildCanonicalRequestV4(req, req.query, additional);
  const key = cachedSigningKey(credentials.accessKeySecret, day, options.region, product);
  const signature = signatureV4(key, stringToSignV4(canonical, dateTime, scope));
  const extra = additional.length > 0 ? `,AdditionalHeaders=${additional.join(';')}` : '';
  return `${V4_ALGORITHM} Credential=${credentials.accessKeyId}/${scope}${extra},Signature=${signature}`;
}

/**
 * Query parameters to add to a URL to presign it with V4 (`x-oss-signature-version`,
 * `x-oss-credential`, `x-oss-date`, `x-oss-expires`, optional `x-oss-additional-headers`,
 * `x-oss-security-token`, and `x-oss-signature`). `expiresIn` is in seconds (1…604800). The
 * signature covers the request's own query plus these parameters, except `x-oss-signature`.
 *
 * @example
 * const params = presignV4(
 *   { method: 'GET', bucket: 'b', key: 'a.txt', headers: {}, query: {} },
 *   { accessKeyId: 'ak', accessKeySecret: 'sk' },
 *   { region: 'cn-hangzhou', date: new Date(), expiresIn: 3600 },
 * );
 * const url = `http://b.localhost:9000/a.txt?${new URLSearchParams(params)}`;
 */
export function presignV4(
  req: SignableRequest,
  credentials: Credentials,
  options: V4Options & { date: Date; expiresIn: number },
): Record<string, string> {
  const { expiresIn } = options;
  if (!Number.isSafeInteger(expiresIn) || expiresIn < 1 || expiresIn > V4_MAX_EXPIRES_SECONDS) {
    throw new RangeError(`expiresIn must be a whole number of seconds in 1…${V4_MAX_EXPIRES_SECONDS}, got ${expiresIn}`);
  }
  const dateTime = formatV4DateTime(options.date);
  const day = formatV4Date(options.date);
  const product = options.product ?? 'oss';
  const scope = v4Scope(day, options.region, product);
  const additional = additionalHeadersV4(req, options.additionalHeaders);

  const params: Record<string, string> = {};
  if (credentials.securityToken !== undefined) params['x-oss-security-token'] = credentials.securityToken;
  params['x-oss-signature-version'] = V4_ALGORITHM;
  params['x-oss-date'] = dateTime;
  params['x-oss-expires'] = String(expiresIn);
  params['x-oss-credential'] = `${credentials.accessKeyId}/${scope}`;
  if (additional.length > 0) params['x-oss-additional-headers'] = additional.join(';');

  const canonical = buildCanonicalRequestV4(req, { ...req.query, ...params }, additional);
  const key = cachedSigningKey(credentials.accessKeySecret, day, options.region, product);
  params['x-oss-signature'] = signatureV4(key, stringToSignV4(canonical, dateTime, scope));
  return params;
}
