/**
 * PostObject policy documents (docs/rest-api.md §5.11); the form signatures over them are in
 * ./post-signature.ts.
 */
import { OssProtocolError } from './errors.js';

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

const OPERATORS = new Set(['eq', 'starts-with', 'in', 'not-in', 'content-length-range']);

/**
 * A list condition `[operator, ...operands]`. Each fault has its EC page
 * (https://help.aliyun.com/en/oss/user-guide/<ec>): no operator first (`["$key"]`, an empty list)
 * 0006-00000216, an operator OSS lacks (`ends-with`) 0006-00000217, an operator with too few or too
 * many operands 0006-00000218.
 */
function parseListCondition(condition: unknown[]): PolicyCondition {
  const [op, a, b] = condition;
  const name = typeof op === 'string' ? op.toLowerCase() : undefined;
  if (name === undefined || name === '' || name.startsWith('$')) {
    throw invalidPolicy(`Invalid Condition: ${JSON.stringify(condition)} must start with a matching mode.`, '0006-00000216');
  }
  if (!OPERATORS.has(name)) throw invalidPolicy(`Invalid Condition: unsupported matching mode in ${JSON.stringify(condition)}.`, '0006-00000217');
  if (condition.length !== 3) throw invalidPolicy(`Invalid Condition: ${JSON.stringify(condition)} must have exactly three items.`, '0006-00000218');
  if (name === 'content-length-range') {
    const min = Number(a);
    const max = Number(b);
    // EC pages 0006-00000221 (a bound that is not a non-negative integer), 0006-00000219 (max < min).
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0) {
      throw invalidPolicy(`Invalid content-length-range: ${JSON.stringify(condition)}.`, '0006-00000221');
    }
    if (max < min) throw invalidPolicy(`Invalid content-length-range: ${JSON.stringify(condition)}.`, '0006-00000219');
    return { type: 'content-length-range', min, max };
  }
  if (name === 'in' || name === 'not-in') {
    // EC page 0006-00000224: `in`/`not-in` with a value that is not a list.
    if (!Array.isArray(b)) throw invalidPolicy(`Invalid Condition: ${JSON.stringify(condition)} needs a list of values.`, '0006-00000224');
    return { type: name, field: fieldName(a, condition), values: b.map((v: unknown) => conditionValue(v, 'Condition value')) };
  }
  return { type: name as 'eq' | 'starts-with', field: fieldName(a, condition), value: conditionValue(b, 'Condition value') };
}

function parseCondition(condition: unknown): PolicyCondition {
  if (Array.isArray(condition)) return parseListCondition(condition);
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
 * OSS's messages for a policy that is not JSON, from its HTTP 400 page
 * (https://www.alibabacloud.com/help/en/oss/support/http-400-status-code, InvalidPolicyDocument):
 * `Invalid JSON: , or ] expected` (a list missing a comma) and `Invalid JSON: unknown char e`
 * (there, a name without quotes: the character the parser stopped at); any other fault, which the
 * page does not show, is `Invalid JSON.` [unverified].
 */
function invalidJsonMessage(text: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : '';
  if (reason.startsWith("Expected ',' or ']'")) return 'Invalid Policy: Invalid JSON: , or ] expected.';
  const at = /at position (\d+)/.exec(reason);
  const char = at ? text[Number(at[1])] : undefined;
  return char === undefined ? 'Invalid Policy: Invalid JSON.' : `Invalid Policy: Invalid JSON: unknown char ${char}.`;
}

/** The HTTP 400 page's message for a policy without conditions (InvalidPolicyDocument, "Invalid Simple-Condition"). */
const NO_CONDITIONS = 'Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.';

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
  const text = policyJson(Buffer.from(compact, 'base64').toString('utf8'));
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new OssProtocolError('InvalidPolicyDocument', { status: 400, message: invalidJsonMessage(text, error), ec: '0006-00000204' });
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
  // EC pages 0006-00000207 (no conditions), 0006-00000214 (not a list), 0006-00000215 (an empty list).
  if (conditions === undefined || (Array.isArray(conditions) && conditions.length === 0)) {
    throw new OssProtocolError('InvalidPolicyDocument', { status: 400, message: NO_CONDITIONS, ec: conditions === undefined ? '0006-00000207' : '0006-00000215' });
  }
  if (!Array.isArray(conditions)) throw invalidPolicy('"conditions" must be a list.', '0006-00000214');
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

function conditionHolds(c: Exclude<PolicyCondition, { type: 'content-length-range' }>, actual: string): boolean {
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
 * "Invalid according to Policy: Policy Condition failed: …" message (EC 0006-00000227; EC
 * 0006-00000226 when the form lacks the field the condition names), or
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
    const actual = lowered[condition.field];
    // EC page https://help.aliyun.com/en/oss/user-guide/0006-00000226: a field a condition names must
    // be in the form, whatever the condition (a `starts-with ""` too); its Code and Message are not
    // shown, so those of a failed condition are used [unverified].
    if (actual === undefined || !conditionHolds(condition, actual)) {
      // §5.6 / §5.11 quote the message on several lines; a single line with single spaces keeps
      // it readable in one XML element and in logs.
      throw new OssProtocolError('AccessDenied', {
        status: 403,
        message: `Invalid according to Policy: Policy Condition failed: ${describeCondition(condition)}`,
        ec: actual === undefined ? '0006-00000226' : '0006-00000227',
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
  // The codes' default messages are OSS's (HTTP 400 page: "Your proposed upload exceeds the
  // maximum allowed size." and, without "is", "Your proposed upload smaller than the minimum
  // allowed size.").
  if (contentLength > range.max) throw new OssProtocolError('EntityTooLarge', { ec: '0006-00000003' });
  if (contentLength < range.min) throw new OssProtocolError('EntityTooSmall', { ec: '0006-00000004' });
}


/**
 * Client side: encode a policy document as the Base64 `policy` form field. `expiration` may be
 * a Date (written as ISO 8601 with milliseconds, e.g. `2014-12-01T12:00:00.000Z`).
 */
export function encodePostPolicy(policy: { expiration: Date | string; conditions: unknown[] }): string {
  const expiration = policy.expiration instanceof Date ? policy.expiration.toISOString() : policy.expiration;
  return Buffer.from(JSON.stringify({ expiration, conditions: policy.conditions }), 'utf8').toString('base64');
}
