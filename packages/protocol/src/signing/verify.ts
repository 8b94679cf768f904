/**
 * Server side: authenticate an incoming request signed in any of the six ways (V1, V2 or V4, in
 * the `Authorization` header or presigned in the query) or not at all. Throws OssProtocolError with the OSS
 * code (`InvalidAccessKeyId`, `SignatureDoesNotMatch` with `StringToSign` in details,
 * `RequestTimeTooSkewed`, `AccessDenied` for expired URLs, …).
 */
import {
  invalidAuthArgument,
  invalidAuthorizationHeader,
  invalidSigningScope,
  missingAuthElement,
  missingRequestDate,
  requestExpired,
  requestTimeTooSkewed,
  signatureDoesNotMatch,
} from './auth-errors.js';
import { headerValue } from './canonical-text.js';
import { formatV4Date, parseV4DateTime } from './dates.js';
import { signaturesEqual } from './hmac.js';
import { signatureV1, stringToSignPresignedV1, stringToSignV1 } from './v1.js';
import {
  buildCanonicalRequestV4,
  normalizeV4Region,
  signatureV4,
  stringToSignV4,
  V4_ALGORITHM,
  V4_MAX_EXPIRES_SECONDS,
  v4SigningKey,
} from './v4.js';
import type { SignableRequest } from './types.js';
import { V2_ALGORITHM } from './v2.js';
import type { AuthResult, VerifyContext, VerifyOptions } from './verify-context.js';
import { checkHeaderDate, checkSkew, DEFAULT_MAX_SKEW_MS, secretFor, withToken } from './verify-context.js';
import { verifyPresignedV2, verifyV2Header } from './verify-v2.js';

export type { AuthResult, VerifyOptions } from './verify-context.js';
export { DEFAULT_MAX_SKEW_MS } from './verify-context.js';

/**
 * Check a V1 signature against the documented resource (`/bucket/` for bucket requests) and, for a
 * {@link SignableRequest.bareBucketPath}, against `/bucket` too. Returns undefined when one
 * matches, else the documented string to sign (for the SignatureDoesNotMatch error).
 */
function matchingV1StringToSign(
  req: SignableRequest,
  secret: string,
  provided: string,
  build: (req: SignableRequest) => string,
): string | undefined {
  const stringToSign = build({ ...req, bareBucketPath: false });
  if (signaturesEqual(signatureV1(secret, stringToSign), provided)) return undefined;
  if (req.bareBucketPath === true && req.key === undefined) {
    if (signaturesEqual(signatureV1(secret, build(req)), provided)) return undefined;
  }
  return stringToSign;
}

function verifyV1Header(req: SignableRequest, ctx: VerifyContext, header: string): AuthResult {
  const credential = header.slice('OSS '.length).trim();
  const colon = credential.lastIndexOf(':');
  const accessKeyId = credential.slice(0, colon);
  const provided = credential.slice(colon + 1);
  if (colon <= 0 || provided === '' || /\s/.test(credential)) {
    throw invalidAuthorizationHeader(header, 'Expected "OSS <AccessKeyId>:<Signature>".');
  }
  const secret = secretFor(ctx, accessKeyId);
  checkHeaderDate(ctx, req);

  const stringToSign = matchingV1StringToSign(req, secret, provided, stringToSignV1);
  if (stringToSign !== undefined) {
    throw signatureDoesNotMatch({ stringToSign, signatureProvided: provided, accessKeyId });
  }
  return withToken({ kind: 'v1' as const, accessKeyId }, headerValue(req.headers, 'x-oss-security-token'));
}

interface V4Credential {
  accessKeyId: string;
  day: string;
  region: string;
  /** `<day>/<region>/oss/aliyun_v4_request`, exactly as the client sent it. */
  scope: string;
}

/**
 * Parse `<AK>/<yyyymmdd>/<region>/oss/aliyun_v4_request` and check the scope against the server:
 * `fail` builds the error for a malformed value, `where` names the carrier in messages.
 */
function parseV4Credential(
  value: string,
  ctx: VerifyContext,
  fail: (reason: string) => Error,
  where: string,
): V4Credential {
  const parts = value.split('/');
  const [accessKeyId, day, region, product, terminator] = parts;
  if (
    parts.length !== 5 ||
    !accessKeyId ||
    day === undefined ||
    !/^\d{8}$/.test(day) ||
    !region ||
    !product ||
    terminator !== 'aliyun_v4_request'
  ) {
    throw fail('Credential must be <AccessKeyId>/<yyyymmdd>/<region>/oss/aliyun_v4_request.');
  }
  if (product !== 'oss') throw invalidSigningScope('product', where, product);
  const expectedRegion = normalizeV4Region(ctx.region);
  if (region !== expectedRegion) throw invalidSigningScope('region', where, region);
  return { accessKeyId, day, region, scope: parts.slice(1).join('/') };
}

/** Split `Credential=…,AdditionalHeaders=…,Signature=…` (spaces around `,` tolerated). */
function parseV4HeaderFields(header: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of header.slice(V4_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw invalidAuthorizationHeader(header, `Cannot parse "${part.trim()}".`);
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return fields;
}

function parseAdditionalHeaders(value: string | undefined): string[] {
  if (value === undefined || value === '') return [];
  return value.split(';').map((h) => h.trim().toLowerCase());
}

/** Recompute a V4 signature and compare it with the one provided. */
function checkV4Signature(
  req: SignableRequest,
  query: Record<string, string>,
  secret: string,
  credential: V4Credential,
  dateTime: string,
  additionalHeaders: string[],
  provided: string,
): void {
  const canonicalRequest = buildCanonicalRequestV4(req, query, additionalHeaders);
  const stringToSign = stringToSignV4(canonicalRequest, dateTime, credential.scope);
  const key = v4SigningKey(secret, credential.day, credential.region);
  if (!signaturesEqual(signatureV4(key, stringToSign), provided)) {
    throw signatureDoesNotMatch({
      canonicalRequest,
      stringToSign,
      signatureProvided: provided,
      accessKeyId: credential.accessKeyId,
    });
  }
}

/**
 * The date of a V4 header-signed request and the text its string to sign carries. `x-oss-date`
 * (ISO 8601 basic) when present; else the `Date` header, verbatim: the official Go SDK v1 sends
 * only `Date` with V4 and signs its RFC 1123 text as the request time, the day coming from it
 * (aliyun-oss-go-sdk `oss/auth.go` `getSignedStrV4`: `signDate = date` unless `x-oss-date` is
 * set), and its V4 tests run against OSS.
 */
function v4HeaderDate(req: SignableRequest): { dateLine: string; requestTime: Date } {
  const ossDate = headerValue(req.headers, 'x-oss-date');
  if (ossDate !== undefined) {
    const requestTime = parseV4DateTime(ossDate);
    if (requestTime === undefined) throw missingRequestDate('x-oss-date (yyyymmddTHHMMSSZ)');
    return { dateLine: ossDate, requestTime };
  }
  const date = headerValue(req.headers, 'date');
  const parsed = date === undefined ? Number.NaN : Date.parse(date);
  if (date === undefined || Number.isNaN(parsed)) throw missingRequestDate('x-oss-date (yyyymmddTHHMMSSZ) or Date');
  return { dateLine: date, requestTime: new Date(parsed) };
}

function verifyV4Header(req: SignableRequest, ctx: VerifyContext, header: string): AuthResult {
  const fields = parseV4HeaderFields(header);
  const credentialText = fields.get('Credential');
  const provided = fields.get('Signature');
  if (!credentialText || !provided) {
    throw invalidAuthorizationHeader(header, 'Credential and Signature are required.');
  }
  const credential = parseV4Credential(
    credentialText,
    ctx,
    (reason) => invalidAuthorizationHeader(header, reason),
    'Authorization header',
  );
  const secret = secretFor(ctx, credential.accessKeyId);

  const { dateLine, requestTime } = v4HeaderDate(req);
  const day = formatV4Date(requestTime);
  if (day !== credential.day) throw invalidSigningScope('date', 'Authorization header', credential.day);
  checkSkew(ctx, requestTime);

  const additional = parseAdditionalHeaders(fields.get('AdditionalHeaders'));
  checkV4Signature(req, req.query, secret, credential, dateLine, additional, provided);
  return withToken(
    { kind: 'v4' as const, accessKeyId: credential.accessKeyId },
    headerValue(req.headers, 'x-oss-security-token'),
  );
}

function verifyPresignedV1(req: SignableRequest, ctx: VerifyContext): AuthResult {
  const { OSSAccessKeyId: accessKeyId, Signature: provided, Expires: expiresText } = req.query;
  if (expiresText === undefined) {
    throw missingAuthElement(
      'Query-string authentication requires the Signature, Expires and OSSAccessKeyId parameters',
      '0002-00000067',
    );
  }
  if (expiresText.trim() === '') {
    throw missingAuthElement('The Expires parameter of a presigned URL is blank.', '0002-00000068');
  }
  if (!accessKeyId || !provided) {
    throw missingAuthElement('Query-string authentication requires the Signature, Expires and OSSAccessKeyId parameters');
  }
  if (!/^\d{1,15}$/.test(expiresText)) {
    throw invalidAuthArgument('Expires', expiresText, 'Expires must be a Unix time in seconds.');
  }
  const secret = secretFor(ctx, accessKeyId);
  const expiresAt = new Date(Number(expiresText) * 1000);
  if (expiresAt.getTime() < ctx.now.getTime()) throw requestExpired(expiresAt, ctx.now);

  const stringToSign = matchingV1StringToSign(req, secret, provided, (r) => stringToSignPresignedV1(r, expiresText));
  if (stringToSign !== undefined) {
    throw signatureDoesNotMatch({ stringToSign, signatureProvided: provided, accessKeyId });
  }
  return withToken({ kind: 'presigned-v1' as const, accessKeyId }, req.query['security-token']);
}

function requiredQuery(req: SignableRequest, name: string): string {
  const value = req.query[name];
  if (value === undefined || value === '') {
    throw invalidAuthArgument(name, value ?? '', `The presigned V4 URL lacks the ${name} parameter.`);
  }
  return value;
}

function verifyPresignedV4(req: SignableRequest, ctx: VerifyContext): AuthResult {
  const version = req.query['x-oss-signature-version'] ?? '';
  if (version !== V4_ALGORITHM) {
    throw invalidAuthArgument(
      'x-oss-signature-version',
      version,
      `Unsupported x-oss-signature-version "${version}"; expected ${V2_ALGORITHM} or ${V4_ALGORITHM}.`,
      '0002-00000066',
    );
  }
  const credentialText = requiredQuery(req, 'x-oss-credential');
  const dateTime = requiredQuery(req, 'x-oss-date');
  const expiresText = requiredQuery(req, 'x-oss-expires');
  const provided = requiredQuery(req, 'x-oss-signature');

  const credential = parseV4Credential(
    credentialText,
    ctx,
    (reason) => invalidAuthArgument('x-oss-credential', credentialText, `Invalid x-oss-credential. ${reason}`),
    'x-oss-credential',
  );
  const signedAt = parseV4DateTime(dateTime);
  if (signedAt === undefined) {
    throw invalidAuthArgument('x-oss-date', dateTime, 'x-oss-date must look like 20231216T162057Z.');
  }
  if (dateTime.slice(0, 8) !== credential.day) {
    throw invalidSigningScope('date', 'x-oss-credential', credential.day);
  }
  if (!/^\d{1,15}$/.test(expiresText) || Number(expiresText) < 1 || Number(expiresText) > V4_MAX_EXPIRES_SECONDS) {
    throw invalidAuthArgument(
      'x-oss-expires',
      expiresText,
      `x-oss-expires must be a number of seconds between 1 and ${V4_MAX_EXPIRES_SECONDS}.`,
    );
  }
  const secret = secretFor(ctx, credential.accessKeyId);
  // A URL signed "in the future" is a client clock problem, reported like header skew.
  if (signedAt.getTime() - ctx.now.getTime() > ctx.maxSkewMs) {
    throw requestTimeTooSkewed(signedAt, ctx.now, ctx.maxSkewMs);
  }
  const expiresAt = new Date(signedAt.getTime() + Number(expiresText) * 1000);
  if (expiresAt.getTime() < ctx.now.getTime()) throw requestExpired(expiresAt, ctx.now);

  const query = { ...req.query };
  delete query['x-oss-signature'];
  const additional = parseAdditionalHeaders(req.query['x-oss-additional-headers']);
  checkV4Signature(req, query, secret, credential, dateTime, additional, provided);
  return withToken(
    { kind: 'presigned-v4' as const, accessKeyId: credential.accessKeyId },
    req.query['x-oss-security-token'],
  );
}

/**
 * Authenticate a request; returns `{ kind: 'anonymous' }` when it carries no signature at all.
 * An `Authorization` header wins over query signatures. Signatures are compared in constant time.
 *
 * @example
 * const auth = verifyRequest(
 *   { method: req.method, bucket, key, headers: req.headers, query },
 *   { lookupSecret: (id) => keys.get(id), region: 'cn-hangzhou' },
 * );
 * if (auth.kind === 'anonymous') { … } // check the bucket ACL
 */
export function verifyRequest(req: SignableRequest, options: VerifyOptions): AuthResult {
  const ctx: VerifyContext = {
    lookupSecret: options.lookupSecret,
    region: options.region,
    now: options.now ?? new Date(),
    maxSkewMs: options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS,
  };
  const authorization = headerValue(req.headers, 'authorization');
  if (authorization !== undefined && authorization.trim() !== '') {
    const header = authorization.trim();
    if (header.startsWith(`${V4_ALGORITHM} `)) return verifyV4Header(req, ctx, header);
    if (header.startsWith('OSS ')) return verifyV1Header(req, ctx, header);
    if (header.startsWith(`${V2_ALGORITHM} `)) return verifyV2Header(req, ctx, header);
    throw invalidAuthorizationHeader(header, 'Unknown scheme; expected "OSS", "OSS2" or "OSS4-HMAC-SHA256".');
  }
  const version = req.query['x-oss-signature-version'];
  if (version === V2_ALGORITHM) return verifyPresignedV2(req, ctx);
  if (version !== undefined) return verifyPresignedV4(req, ctx);
  if (['OSSAccessKeyId', 'Signature', 'Expires'].some((name) => req.query[name] !== undefined)) {
    return verifyPresignedV1(req, ctx);
  }
  return { kind: 'anonymous' };
}
