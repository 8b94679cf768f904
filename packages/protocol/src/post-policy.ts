/**
 * PostObject policy documents and form signatures (docs/rest-api.md §5.11).
 */
import { OssProtocolError } from './errors.js';
import {
  invalidAccessKeyId,
  invalidAuthArgument,
  invalidSigningScope,
  missingAuthElement,
  requestExpired,
  requestTimeTooSkewed,
  signatureDoesNotMatch,
} from './signing/auth-errors.js';
import { formatV4Date, formatV4DateTime, parseV4DateTime } from './signing/dates.js';
import { hmacSha1Base64, signaturesEqual } from './signing/hmac.js';
import type { Credentials } from './signing/types.js';
import { normalizeV4Region, signatureV4, V4_ALGORITHM, v4Scope, v4SigningKey } from './signing/v4.js';
import { DEFAULT_MAX_SKEW_MS } from './signing/verify.js';

/**
 * A condition of a POST policy, normalised: `field` is lowercased and without the `$` prefix.
 * `in` / `not-in` (a list of allowed / forbidden values) are the two OSS forms beyond §5.11.
 */
export type PolicyCondition =
  | { type: 'eq'; field: string; value: string }
  | { type: 'starts-with'; field: string; value: string }
  | { type: 'content-length-range'; min: number; max: number }
  | { type: 'in' | 'not-in'; field: string; values: string[] };

/** A parsed POST policy. */
export interface PostPolicy {
  expiration: Date;
  conditions: PolicyCondition[];
}

/** Longest validity of a V4-signed form: 7 days after its `x-oss-date` (§5.11). */
const V4_FORM_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/**
 * 400 InvalidPolicyDocument. `ec` is the EC page of the cause, each at
 * https://help.aliyun.com/en/oss/user-guide/<ec> (the pages name no Code); causes without a page
 * send none.
 */
function invalidPolicy(message: string, ec?: string): OssProtocolError {
  return new OssProtocolError('InvalidPolicyDocument', { status: 400, message: `Invalid Policy: ${message}`, ...(ec ? { ec } : {}) });
}

function conditionValue(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  // Numbers appear in hand-written policies (`["eq", "$success_action_status", 201]`).
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw invalidPolicy(`Invalid ${what}: ${JSON.stringify(value)} must be a string.`);
}

function fieldName(raw: unknown, condition: unknown): string {
  if (typeof raw !== 'string' || raw === '') {
    throw invalidPolicy(`Invalid Condition: ${JSON.stringify(condition)} must name a field like "$key".`);
  }
  return raw.replace(/^\$/, '').toLowerCase();
}

function parseCondition(condition: unknown): PolicyCondition {
  if (Array.isArray(condition)) {
    const [op, a, b] = condition as unknown[];
    const name = typeof op === 'string' ? op.toLowerCase() : op;
    if (name === 'content-length-range' && condition.length === 3) {
      const min = Number(a);
      const max = Number(b);
      // EC pages 0006-00000221 (a bound that is not a non-negative integer), 0006-00000219 (max < min).
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0) {
        throw invalidPolicy(`Invalid content-length-range: ${JSON.stringify(condition)}.`, '0006-00000221');
      }
      if (max < min) throw invalidPolicy(`Invalid content-length-range: ${JSON.stringify(condition)}.`, '0006-00000219');
      return { type: 'content-length-range', min, max };
    }
    if ((name === 'eq' || name === 'starts-with') && condition.length === 3) {
      return { type: name, field: fieldName(a, condition), value: conditionValue(b, 'Condition value') };
    }
    if ((name === 'in' || name === 'not-in') && condition.length === 3) {
      // EC page 0006-00000224: `in`/`not-in` with a value that is not a list.
      if (!Array.isArray(b)) throw invalidPolicy(`Invalid Condition: ${JSON.stringify(condition)} needs a list of values.`, '0006-00000224');
      return {
        type: name,
        field: fieldName(a, condition),
        values: b.map((v: unknown) => conditionValue(v, 'Condition value')),
      };
    }
    throw invalidPolicy(`Invalid Condition: ${JSON.stringify(condition)}.`);
  }
  if (condition !== null && typeof condition === 'object') {
    const entries = Object.entries(condition);
    // Wording of OSS's PostObject error doc (help doc 42976).
    if (entries.length !== 1) {
      throw invalidPolicy('Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
    }
    const [[name, value]] = entries as [[string, unknown]];
    return { type: 'eq', field: fieldName(name, condition), value: conditionValue(value, 'Simple-Condition value') };
  }
  // EC page 0006-00000222: a condition that is neither a list nor a map (its example: 123).
  throw invalidPolicy(`Invalid Condition: ${JSON.stringify(condition)} must be a list or a map.`, '0006-00000222');
}

/**
 * `expiration` as the PostObject reference (Appendix: Policy) requires it: ISO 8601 in GMT, e.g.
 * `2014-12-01T12:00:00.000Z`; the fraction is optional (`toISOString()`, Go's
 * `2006-01-02T15:04:05Z`, Python's `isoformat()` + `Z` all fit). A date alone, no zone at all
 * (which `Date` would read as local time), an RFC 1123 date or an offset such as `+08:00` are
 * refused (EC 0006-00000212); the last [unverified], but PHP code signing OSS policies rewrites
 * `gmdate('c')`'s `+00:00` to `.000Z` (the `gmt_iso8601` helper) rather than send it. Six-digit
 * years (`toISOString()` past 9999) are ISO 8601's expanded form.
 */
const ISO_8601_GMT = /^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/**
 * The decoded policy as JSON. The reference's escape table adds `\$` (a literal dollar sign, `$`
 * marking a variable) to JSON's own escapes; it is read as `$`, every other escape left to JSON.
 */
function policyJson(text: string): string {
  return text.replace(/\\([\s\S])/g, (escape, char: string) => (char === '$' ? '$' : escape));
}

/**
 * Decode a Base64 policy; throws 400 InvalidPolicyDocument when it is not Base64, not JSON, or
 * lacks a valid `expiration` / `conditions`.
 *
 * @example
 * const policy = parsePostPolicy(fields.policy);
 * checkPostPolicy(policy, fields, { bucket: 'b', contentLength: size });
 */
export function parsePostPolicy(policyBase64: string): PostPolicy {
  const compact = policyBase64.replace(/\s+/g, '');
  // EC pages 0006-00000202 (not Base64) and 0006-00000204 (not JSON).
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw invalidPolicy('the policy form field is not valid Base64.', '0006-00000202');
  }
  let document: unknown;
  try {
    document = JSON.parse(policyJson(Buffer.from(compact, 'base64').toString('utf8')));
  } catch {
    throw invalidPolicy('the decoded policy is not valid JSON.', '0006-00000204');
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw invalidPolicy('the policy must be a JSON object with "expiration" and "conditions".', '0006-00000204');
  }
  const { expiration, conditions } = document as { expiration?: unknown; conditions?: unknown };
  // EC pages 0006-00000209 (neither field), 0006-00000208 (no expiration), 0006-00000210 (not a
  // string), 0006-00000211 (empty) and 0006-00000212 (not an ISO 8601 time).
  if (expiration === undefined) {
    throw invalidPolicy('the policy must have "expiration".', conditions === undefined ? '0006-00000209' : '0006-00000208');
  }
  const expirationEc = typeof expiration !== 'string' ? '0006-00000210' : expiration === '' ? '0006-00000211' : '0006-00000212';
  const expiresAt = typeof expiration === 'string' && ISO_8601_GMT.test(expiration) ? new Date(expiration) : undefined;
  if (expiresAt === undefined || Number.isNaN(expiresAt.getTime())) {
    throw invalidPolicy(`Invalid 'expiration' value: ${JSON.stringify(expiration)} (ISO 8601 in GMT expected, like 2014-12-01T12:00:00.000Z).`, expirationEc);
  }
  if (!Array.isArray(conditions)) {
    throw invalidPolicy('"conditions" must be an array.');
  }
  return { expiration: expiresAt, conditions: conditions.map(parseCondition) };
}

/** The condition as OSS quotes it in the failure message, e.g. `["eq", "$key", "a.txt"]`. */
function describeCondition(c: PolicyCondition): string {
  if (c.type === 'content-length-range') return `["content-length-range", ${c.min}, ${c.max}]`;
  const value =
    'values' in c
      ? `[${c.values.map((v) => JSON.stringify(v)).join(', ')}]`
      : JSON.stringify(c.value);
  return `[${JSON.stringify(c.type)}, ${JSON.stringify(`$${c.field}`)}, ${value}]`;
}

function conditionHolds(c: Exclude<PolicyCondition, { type: 'content-length-range' }>, fields: Record<string, string>): boolean {
  const actual = fields[c.field] ?? '';
  switch (c.type) {
    case 'eq':
      return actual === c.value;
    case 'starts-with':
      return actual.startsWith(c.value);
    case 'in':
      return c.values.includes(actual);
    case 'not-in':
      return !c.values.includes(actual);
  }
}

/**
 * Check a policy against the form: `fields` holds every form field (names are matched
 * case-insensitively), `context.bucket` the target bucket, `contentLength` the file size. Form
 * fields the policy does not mention are not checked. Throws 403 AccessDenied with OSS's
 * "Invalid according to Policy: Policy Condition failed: …" message (EC 0006-00000227), or
 * "Invalid according to Policy: Policy expired." (EC 0006-00000213) once `expiration` has passed;
 * a file outside `content-length-range` is 400 EntityTooLarge (EC 0006-00000003) or EntityTooSmall
 * (EC 0006-00000004).
 *
 * @example
 * checkPostPolicy(policy, { key: 'user/a.txt', success_action_status: '200' }, { bucket: 'b', contentLength: 12 });
 */
export function checkPostPolicy(
  policy: PostPolicy,
  fields: Record<string, string>,
  context: { bucket: string; contentLength: number; now?: Date },
): void {
  const now = context.now ?? new Date();
  if (policy.expiration.getTime() < now.getTime()) {
    // Wording from OSS's "common PostObject errors" doc (help doc 42976); EC page
    // https://help.aliyun.com/zh/oss/support/0006-00000213 (the policy's expiration has passed).
    throw new OssProtocolError('AccessDenied', {
      status: 403,
      message: 'Invalid according to Policy: Policy expired.',
      ec: '0006-00000213',
    });
  }
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) lowered[name.toLowerCase()] = value;
  lowered.bucket = context.bucket;
  for (const condition of policy.conditions) {
    if (condition.type === 'content-length-range') {
      checkContentLengthRange(condition, context.contentLength);
      continue;
    }
    if (!conditionHolds(condition, lowered)) {
      // §5.6 / §5.11 quote the message on several lines; a single line with single spaces keeps
      // it readable in one XML element and in logs.
      throw new OssProtocolError('AccessDenied', {
        status: 403,
        message: `Invalid according to Policy: Policy Condition failed: ${describeCondition(condition)}`,
        ec: '0006-00000227',
      });
    }
  }
}

/**
 * A file outside the policy's `content-length-range` is not a policy failure but a size error, by
 * EC page: over the maximum is EntityTooLarge with EC 0006-00000003
 * (https://help.aliyun.com/en/oss/user-guide/0006-00000003: "the object size falls outside the
 * specified range", which also covers PostObject's 5 GB limit), under the minimum EC 0006-00000004
 * (https://help.aliyun.com/en/oss/user-guide/0006-00000004: "the object size does not meet the
 * requirements specified in the policy"). Neither page names the Code; EntityTooLarge /
 * EntityTooSmall are the codes OSS's error table has for a too large / too small upload
 * [unverified for this cause].
 */
function checkContentLengthRange(range: { min: number; max: number }, contentLength: number): void {
  const detail = `["content-length-range", ${range.min}, ${range.max}]`;
  if (contentLength > range.max) {
    throw new OssProtocolError('EntityTooLarge', {
      message: `Your proposed upload exceeds the maximum allowed size: ${detail}.`,
      ec: '0006-00000003',
    });
  }
  if (contentLength < range.min) {
    throw new OssProtocolError('EntityTooSmall', {
      message: `Your proposed upload is smaller than the minimum allowed size: ${detail}.`,
      ec: '0006-00000004',
    });
  }
}

function lowercaseFields(fields: Record<string, string>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(fields)) map.set(name.toLowerCase(), value);
  return map;
}

function requireFormSignature(f: Map<string, string>, name: string): string {
  const value = f.get(name);
  // EC pages 0002-00000703 (missing) and 0002-00000704 (blank).
  if (value === undefined) missingFormField(`The ${name} form field is missing.`, '0002-00000703');
  if (value.trim() === '') missingFormField(`The ${name} form field is empty.`, '0002-00000704');
  return value;
}

function missingFormField(message: string, ec: string): never {
  throw missingAuthElement(message, ec);
}

function verifyV1Form(f: Map<string, string>, policy: string, lookupSecret: (id: string) => string | undefined) {
  const accessKeyId = f.get('ossaccesskeyid');
  // EC pages 0002-00000706 (missing) and 0002-00000707 (blank).
  if (accessKeyId === undefined) missingFormField('The OSSAccessKeyId form field is missing.', '0002-00000706');
  if (accessKeyId.trim() === '') missingFormField('The OSSAccessKeyId form field is empty.', '0002-00000707');
  const provided = requireFormSignature(f, 'signature');
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
  if (product !== 'oss') throw invalidSigningScope('product', 'x-oss-credential', 'oss', product);
  const expectedRegion = normalizeV4Region(options.region);
  if (region !== expectedRegion) throw invalidSigningScope('region', 'x-oss-credential', expectedRegion, region);

  const dateTime = f.get('x-oss-date') ?? '';
  const signedAt = parseV4DateTime(dateTime);
  if (signedAt === undefined) {
    throw invalidAuthArgument('x-oss-date', dateTime, 'x-oss-date must look like 20231216T162057Z.');
  }
  if (dateTime.slice(0, 8) !== day) throw invalidSigningScope('date', 'x-oss-credential', dateTime.slice(0, 8), day);
  const provided = requireFormSignature(f, 'x-oss-signature');
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
 * access key id; `anonymous` when no signature fields are present at all (a lone `policy` is then
 * still checked by {@link checkPostPolicy}).
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
  const isV1 = f.has('ossaccesskeyid') || f.has('signature');
  if (!isV4 && !isV1) return { kind: 'anonymous' };
  const policy = f.get('policy');
  // EC page 0002-00000702: the form is signed but carries no policy.
  if (policy === undefined || policy.trim() === '') {
    missingFormField('The policy form field is missing; a signed PostObject form needs one.', '0002-00000702');
  }
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

/**
 * Client side: encode a policy document as the Base64 `policy` form field. `expiration` may be
 * a Date (written as ISO 8601 with milliseconds, e.g. `2014-12-01T12:00:00.000Z`).
 */
export function encodePostPolicy(policy: { expiration: Date | string; conditions: unknown[] }): string {
  const expiration = policy.expiration instanceof Date ? policy.expiration.toISOString() : policy.expiration;
  return Buffer.from(JSON.stringify({ expiration, conditions: policy.conditions }), 'utf8').toString('base64');
}
