/**
 * PostObject form fields for browser uploads: a POST policy, signed with V4 (default) or V1, plus
 * the upload callback, ready to put in a `FormData`.
 *
 * OSS references: PostObject https://www.alibabacloud.com/help/en/oss/developer-reference/postobject,
 * POST V4 signature https://www.alibabacloud.com/help/en/oss/developer-reference/signature-version-4-recommend,
 * POST V1 signature https://www.alibabacloud.com/help/en/oss/developer-reference/signature-version-1.
 */
import {
  encodePostPolicy,
  OssProtocolError,
  parsePostPolicy,
  postPolicyV4Conditions,
  signPostPolicyV1,
  signPostPolicyV4,
  V4_MAX_EXPIRES_SECONDS,
} from '@ossbox/protocol';
import { toCallback } from './callback.js';
import type { CallbackInput } from './callback.js';
import { assertObjectKey } from './client-options.js';
import { InvalidArgumentError } from './errors.js';
import type { Credentials } from '@ossbox/protocol';
import type { Transport } from './transport.js';

/** Options of {@link Bucket.createPostPolicy}. Give exactly one of `key` or `keyPrefix`. */
export interface PostPolicyOptions {
  /** The exact object key the form may write (`["eq", "$key", key]`); also returned as the `key` field. */
  key?: string;
  /**
   * A non-empty prefix the form's `key` must start with (`["starts-with", "$key", prefix]`). The
   * returned `key` field is `<prefix>${filename}`, which OSS expands to the uploaded file's name;
   * the page may replace it with any key under the prefix.
   */
  keyPrefix?: string;
  /** Validity in seconds from `date`, default 3600. V4 forms are valid for at most 7 days (604800 s). */
  expires?: number;
  /** Allowed file size in bytes, inclusive (`["content-length-range", min, max]`). Default 0 … 5 GiB. */
  contentLengthRange?: { min?: number; max: number };
  /**
   * The `Content-Type` form field: a string for an exact value (also returned as the field), or
   * `{ startsWith }` for a prefix such as `image/` (the page then sets the field itself).
   */
  contentType?: string | { startsWith: string };
  /** `success_action_status`: 200 or 204 answer with an empty body, 201 with XML. Pinned by the policy. */
  successActionStatus?: 200 | 201 | 204;
  /**
   * Upload callback: sent as the Base64 `callback` field, pinned by a `{"callback": …}` policy
   * condition so the page cannot point it elsewhere, and its variables as `x:<name>` fields.
   */
  callback?: CallbackInput;
  /**
   * More policy conditions, in the OSS policy syntax: `{ field: value }`, `["eq", "$field", value]`,
   * `["starts-with", "$field", prefix]`, `["in" | "not-in", "$field", [values]]`.
   */
  conditions?: unknown[];
  /** Signature version, default the client's (V4 unless configured otherwise). */
  version?: 'v4' | 'v1';
  /**
   * Signing time, default the client's clock: the local clock, or OSS's once a request was
   * refused with RequestTimeTooSkewed (its `<ServerTime>` corrects the clock), so `expiration`
   * and V4's `x-oss-date` count on OSS's clock.
   */
  date?: Date;
}

/** What {@link Bucket.createPostPolicy} returns. */
export interface PostPolicyForm {
  /** Where the browser POSTs the form: the bucket's URL. */
  url: string;
  /**
   * The form fields, in order. Append them all to a `FormData`, then the file **last** under the
   * name `file` (OSS refuses a form with any field after the file: 400 MalformedPOSTRequest).
   */
  fields: Record<string, string>;
  /** When the policy expires. */
  expiration: Date;
}

/** OSS's largest single upload (PutObject / PostObject): 5 GiB. */
const MAX_OBJECT_SIZE = 5 * 1024 ** 3;
/**
 * OSS limit on each non-file form field's value (FieldItemTooLong), in bytes: 2 MB, EC page
 * https://help.aliyun.com/document_detail/480528.html.
 */
const MAX_FIELD_BYTES = 2 * 1024 * 1024;

function fail(argument: string, message: string): never {
  throw new InvalidArgumentError(message, argument);
}

function resolveExpiration(options: PostPolicyOptions, version: 'v4' | 'v1', date: Date): Date {
  const expires = options.expires ?? 3600;
  if (!Number.isSafeInteger(expires) || expires <= 0) fail('expires', 'expires must be a positive whole number of seconds');
  // A V4 form is refused 7 days after its x-oss-date whatever the policy says (POST V4 signature doc).
  if (version === 'v4' && expires > V4_MAX_EXPIRES_SECONDS) {
    fail('expires', `expires must be at most ${V4_MAX_EXPIRES_SECONDS} seconds (7 days) with V4`);
  }
  if (Number.isNaN(date.getTime())) fail('date', 'date must be a valid Date');
  return new Date(date.getTime() + expires * 1000);
}

function keyConditions(options: PostPolicyOptions): { condition: unknown[]; field: string } {
  const { key, keyPrefix } = options;
  if (key !== undefined && keyPrefix !== undefined) fail('key', 'Give either key or keyPrefix, not both.');
  if (key !== undefined) {
    assertObjectKey(key);
    return { condition: ['eq', '$key', key], field: key };
  }
  if (typeof keyPrefix !== 'string' || keyPrefix === '') {
    // An empty prefix would let the page write any key in the bucket.
    fail('keyPrefix', 'Give a key, or a non-empty keyPrefix the uploaded key must start with.');
  }
  assertObjectKey(keyPrefix);
  return { condition: ['starts-with', '$key', keyPrefix], field: `${keyPrefix}\${filename}` };
}

function lengthRange(range: PostPolicyOptions['contentLengthRange']): [number, number] {
  if (range === undefined) return [0, MAX_OBJECT_SIZE];
  const min = range.min ?? 0;
  const { max } = range;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || max < min || max > MAX_OBJECT_SIZE) {
    fail('contentLengthRange', `contentLengthRange must be whole bytes with 0 <= min <= max <= ${MAX_OBJECT_SIZE}`);
  }
  return [min, max];
}

/**
 * Build the signed PostObject form for `bucket`. The policy's conditions are, in order: bucket,
 * key, content-length-range, Content-Type, success_action_status, callback, extra conditions,
 * and with V4 the signing fields (which the V4 policy must pin).
 */
export function createPostPolicy(
  transport: Transport,
  bucket: string,
  options: PostPolicyOptions = {},
  credentials: Credentials = transport.credentials.current(),
): PostPolicyForm {
  if (options === null || typeof options !== 'object') fail('options', 'options must be an object');
  const { config } = transport;
  const version = options.version ?? config.signatureVersion;
  if (version !== 'v4' && version !== 'v1') fail('version', 'version must be "v4" or "v1"');
  const date = options.date ?? transport.clock.date();
  const expiration = resolveExpiration(options, version, date);

  const key = keyConditions(options);
  const fields: Record<string, string> = { key: key.field };
  const conditions: unknown[] = [{ bucket }, key.condition, ['content-length-range', ...lengthRange(options.contentLengthRange)]];

  const { contentType } = options;
  if (typeof contentType === 'string') {
    fields['Content-Type'] = contentType;
    conditions.push(['eq', '$Content-Type', contentType]);
  } else if (contentType !== undefined) {
    if (contentType === null || typeof contentType.startsWith !== 'string') fail('contentType', 'contentType must be a string or { startsWith }');
    conditions.push(['starts-with', '$Content-Type', contentType.startsWith]);
  }
  if (options.successActionStatus !== undefined) {
    if (![200, 201, 204].includes(options.successActionStatus)) fail('successActionStatus', 'successActionStatus must be 200, 201 or 204');
    fields['success_action_status'] = String(options.successActionStatus);
    conditions.push(['eq', '$success_action_status', String(options.successActionStatus)]);
  }
  const callback = toCallback(options.callback);
  if (callback !== undefined) {
    const encoded = callback.toHeaders()['x-oss-callback'] ?? '';
    fields['callback'] = encoded;
    conditions.push({ callback: encoded });
    for (const [name, value] of Object.entries(callback.vars ?? {})) fields[name] = value;
  }
  if (options.conditions !== undefined) {
    if (!Array.isArray(options.conditions)) fail('conditions', 'conditions must be an array of policy conditions');
    conditions.push(...options.conditions);
  }
  if (version === 'v4') conditions.push(...postPolicyV4Conditions(credentials, { region: config.region, date }));

  const policy = encodePostPolicy({ expiration, conditions });
  try {
    // The emulator's own parser: a condition OSS would reject as InvalidPolicyDocument fails here.
    parsePostPolicy(policy);
  } catch (err) {
    if (!(err instanceof OssProtocolError)) throw err;
    fail('conditions', `${err.message.replace(/^Invalid Policy: /, 'Invalid policy condition: ')}`);
  }
  const signed = version === 'v4' ? signPostPolicyV4(policy, credentials, { region: config.region, date }) : signPostPolicyV1(policy, credentials);
  Object.assign(fields, signed);
  for (const [name, value] of Object.entries(fields)) {
    if (Buffer.byteLength(value) > MAX_FIELD_BYTES) {
      fail(name === 'policy' ? 'conditions' : name, `The ${name} form field would be ${Buffer.byteLength(value)} bytes; OSS accepts at most ${MAX_FIELD_BYTES} (FieldItemTooLong).`);
    }
  }
  return { url: transport.url(bucket, '', {}), fields, expiration };
}
