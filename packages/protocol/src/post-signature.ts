/**
 * PostObject form signatures (docs/rest-api.md §5.11): V1 (`OSSAccessKeyId` / `policy` /
 * `Signature`) and V4 (`x-oss-signature-version` / `x-oss-credential` / `x-oss-date` /
 * `x-oss-signature` / `policy`), verified on the server and produced on the client. The policy
 * document itself is ./post-policy.ts.
 */
import {
  invalidAccessKeyId,
  invalidAuthArgument,
  invalidSigningScope,
  requestExpired,
  requestTimeTooSkewed,
  signatureDoesNotMatch,
} from './signing/auth-errors.js';
import { formatV4Date, formatV4DateTime, parseV4DateTime } from './signing/dates.js';
import { hmacSha1Base64, signaturesEqual } from './signing/hmac.js';
import type { Credentials } from './signing/types.js';
import { normalizeV4Region, signatureV4, V4_ALGORITHM, v4Scope, v4SigningKey } from './signing/v4.js';
import { DEFAULT_MAX_SKEW_MS } from './signing/verify.js';

/** Longest validity of a V4-signed form: 7 days after its `x-oss-date` (§5.11). */
const V4_FORM_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

function lowercaseFields(fields: Record<string, string>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(fields)) map.set(name.toLowerCase(), value);
  return map;
}

/**
 * A signing field that a signed form lacks or leaves blank: 400 InvalidArgument. PostObject
 * reference, Error codes: "if any one of the OSSAccessKeyId, policy, and Signature form fields is
 * specified, the remaining two form fields must be specified", whatever the bucket ACL. The EC
 * pages name each field: 0002-00000702 (policy), 0002-00000703 / 704 (Signature, or V4's
 * x-oss-signature, missing / blank), 0002-00000706 / 707 (OSSAccessKeyId missing / blank).
 */
function requireFormField(f: Map<string, string>, name: string, label: string, ecs: { missing: string; blank: string }): string {
  const value = f.get(name);
  if (value !== undefined && value.trim() !== '') return value;
  const missing = value === undefined;
  throw invalidAuthArgument(label, value ?? '', formFieldMessage(label, missing), missing ? ecs.missing : ecs.blank);
}

/**
 * OSS's messages for a missing or blank OSSAccessKeyId and signature (HTTP 400 page,
 * https://www.alibabacloud.com/help/en/oss/support/http-400-status-code, InvalidArgument: "Post
 * request accessKeyId is empty.", "Post request signature is empty."); the page gives none for
 * the policy.
 */
function formFieldMessage(label: string, missing: boolean): string {
  if (label === 'OSSAccessKeyId') return 'Post request accessKeyId is empty.';
  if (label === 'Signature' || label === 'x-oss-signature') return 'Post request signature is empty.';
  return `The ${label} form field is ${missing ? 'missing' : 'empty'}; a signed PostObject form needs OSSAccessKeyId (or the V4 fields), policy and its signature.`;
}

function verifyV1Form(f: Map<string, string>, policy: string, lookupSecret: (id: string) => string | undefined) {
  const accessKeyId = requireFormField(f, 'ossaccesskeyid', 'OSSAccessKeyId', { missing: '0002-00000706', blank: '0002-00000707' });
  const provided = requireFormField(f, 'signature', 'Signature', { missing: '0002-00000703', blank: '0002-00000704' });
  const secret = lookupSecret(accessKeyId);
  if (secret === undefined) throw invalidAccessKeyId(accessKeyId);
  if (!signaturesEqual(hmacSha1Base64(secret, policy), provided)) {
    throw signatureDoesNotMatch({ stringToSign: policy, signatureProvided: provided, accessKeyId });
  }
  return { kind: 'v1' as const, accessKeyId };
}

function verifyV4Form(
  f: Map<string, string>,
  policy: string,
  options: { lookupSecret: (id: string) => string | undefined; region: string; now?: Date },
) {
  const version = f.get('x-oss-signature-version') ?? '';
  if (version !== V4_ALGORITHM) {
    throw invalidAuthArgument(
      'x-oss-signature-version',
      version,
      `Unsupported x-oss-signature-version "${version}"; expected ${V4_ALGORITHM}.`,
    );
  }
  const credential = f.get('x-oss-credential') ?? '';
  const parts = credential.split('/');
  const [accessKeyId, day, region, product, terminator] = parts;
  if (
    parts.length !== 5 ||
    !accessKeyId ||
    !day ||
    !/^\d{8}$/.test(day) ||
    !region ||
    !product ||
    terminator !== 'aliyun_v4_request'
  ) {
    // EC page 0002-00000710 (x-oss-credential not in the required format).
    throw invalidAuthArgument(
      'x-oss-credential',
      credential,
      'x-oss-credential must be <AccessKeyId>/<yyyymmdd>/<region>/oss/aliyun_v4_request.',
      '0002-00000710',
    );
  }
  if (product !== 'oss') throw invalidSigningScope('product', 'x-oss-credential', product);
  const expectedRegion = normalizeV4Region(options.region);
  if (region !== expectedRegion) throw invalidSigningScope('region', 'x-oss-credential', region);

  const dateTime = f.get('x-oss-date') ?? '';
  const signedAt = parseV4DateTime(dateTime);
  if (signedAt === undefined) {
    throw invalidAuthArgument('x-oss-date', dateTime, 'x-oss-date must look like 20231216T162057Z.');
  }
  if (dateTime.slice(0, 8) !== day) throw invalidSigningScope('date', 'x-oss-credential', day);
  const provided = requireFormField(f, 'x-oss-signature', 'x-oss-signature', { missing: '0002-00000703', blank: '0002-00000704' });
  const secret = options.lookupSecret(accessKeyId);
  if (secret === undefined) throw invalidAccessKeyId(accessKeyId);

  // §5.11: x-oss-date may lead the server clock by up to 15 minutes; the form is valid 7 days.
  const now = options.now ?? new Date();
  if (signedAt.getTime() - now.getTime() > DEFAULT_MAX_SKEW_MS) {
    throw requestTimeTooSkewed(signedAt, now, DEFAULT_MAX_SKEW_MS);
  }
  const expiresAt = new Date(signedAt.getTime() + V4_FORM_MAX_AGE_MS);
  if (expiresAt.getTime() < now.getTime()) throw requestExpired(expiresAt, now);

  const key = v4SigningKey(secret, day, region);
  if (!signaturesEqual(signatureV4(key, policy), provided)) {
    throw signatureDoesNotMatch({ stringToSign: policy, signatureProvided: provided, accessKeyId });
  }
  return { kind: 'v4' as const, accessKeyId };
}

/**
 * Verify the form's V1 (`OSSAccessKeyId`/`Signature`) or V4 (`x-oss-credential`/`x-oss-signature`)
 * signature over the Base64 policy. Field names are matched case-insensitively. Returns the
 * access key id; `anonymous` when the form carries none of the signing fields, `policy` included
 * (a form with any of them must carry all: 400 InvalidArgument naming the first one missing).
 *
 * @example
 * const auth = verifyPostSignature(fields, { lookupSecret: (id) => keys.get(id), region: 'cn-hangzhou' });
 */
export function verifyPostSignature(
  fields: Record<string, string>,
  options: { lookupSecret: (accessKeyId: string) => string | undefined; region: string; now?: Date },
): { kind: 'anonymous' } | { kind: 'v1' | 'v4'; accessKeyId: string } {
  const f = lowercaseFields(fields);
  const isV4 = ['x-oss-signature-version', 'x-oss-credential', 'x-oss-signature'].some((n) => f.has(n));
  if (!isV4 && !['ossaccesskeyid', 'signature', 'policy'].some((n) => f.has(n))) return { kind: 'anonymous' };
  const policy = requireFormField(f, 'policy', 'policy', { missing: '0002-00000702', blank: '0002-00000702' });
  return isV4 ? verifyV4Form(f, policy, options) : verifyV1Form(f, policy, options.lookupSecret);
}

/**
 * Client side: the form fields that sign a policy with V1 (`OSSAccessKeyId`, `policy`,
 * `Signature`, plus `x-oss-security-token` with STS).
 *
 * @example
 * const form = { key: 'a.txt', ...signPostPolicyV1(encodePostPolicy({ expiration, conditions }), creds) };
 */
export function signPostPolicyV1(policyBase64: string, credentials: Credentials): Record<string, string> {
  const out: Record<string, string> = {
    OSSAccessKeyId: credentials.accessKeyId,
    policy: policyBase64,
    Signature: hmacSha1Base64(credentials.accessKeySecret, policyBase64),
  };
  if (credentials.securityToken !== undefined) out['x-oss-security-token'] = credentials.securityToken;
  return out;
}

/**
 * The conditions a V4-signed policy must contain (§5.11: `x-oss-signature-version`,
 * `x-oss-credential`, `x-oss-date`, plus `x-oss-security-token` with STS). Put them in the policy
 * **before** encoding it, then sign with {@link signPostPolicyV4} using the same `date` and region.
 *
 * @example
 * const date = new Date();
 * const policy = encodePostPolicy({
 *   expiration: new Date(date.getTime() + 3600_000),
 *   conditions: [{ bucket: 'b' }, ...postPolicyV4Conditions(creds, { region: 'cn-hangzhou', date })],
 * });
 * const form = { key: 'a.txt', ...signPostPolicyV4(policy, creds, { region: 'cn-hangzhou', date }) };
 */
export function postPolicyV4Conditions(
  credentials: Credentials,
  options: { region: string; date: Date },
): Record<string, string>[] {
  const conditions: Record<string, string>[] = [
    { 'x-oss-signature-version': V4_ALGORITHM },
    { 'x-oss-credential': `${credentials.accessKeyId}/${v4Scope(formatV4Date(options.date), options.region)}` },
    { 'x-oss-date': formatV4DateTime(options.date) },
  ];
  if (credentials.securityToken !== undefined) conditions.push({ 'x-oss-security-token': credentials.securityToken });
  return conditions;
}

/**
 * Client side: V4 form fields (`x-oss-signature-version`, `x-oss-credential`, `x-oss-date`,
 * `x-oss-signature`, `policy`, plus `x-oss-security-token` with STS). The policy must already
 * contain the conditions from {@link postPolicyV4Conditions} for the same date and region.
 */
export function signPostPolicyV4(
  policyBase64: string,
  credentials: Credentials,
  options: { region: string; date: Date },
): Record<string, string> {
  const day = formatV4Date(options.date);
  const key = v4SigningKey(credentials.accessKeySecret, day, options.region);
  const out: Record<string, string> = {
    policy: policyBase64,
    'x-oss-signature-version': V4_ALGORITHM,
    'x-oss-credential': `${credentials.accessKeyId}/${v4Scope(day, options.region)}`,
    'x-oss-date': formatV4DateTime(options.date),
    'x-oss-signature': signatureV4(key, policyBase64),
  };
  if (credentials.securityToken !== undefined) out['x-oss-security-token'] = credentials.securityToken;
  return out;
}
