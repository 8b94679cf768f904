/**
 * Callback parameters ⇄ the `x-oss-callback` / `x-oss-callback-var` values (Base64 JSON),
 * docs/callback-protocol.md §1.2–§1.4, §1.7. Server-side decoding validates every rule and throws
 * OssProtocolError('InvalidArgument', { status: 400, ec, details: { ArgumentName: 'callback' } }).
 *
 * EC values beyond those in docs/callback-protocol.md come from Alibaba's per-EC pages
 * (https://www.alibabacloud.com/help/en/oss/support/<EC>): 0007-00000004 invalid callbackUrl,
 * 0007-00000005 more than five URLs, 0007-00000012 invalid callbackBodyType, 0007-00000101
 * callback-var longer than 5 KB. Errors without a documented EC carry none; their messages are ours.
 */
import { OssProtocolError } from '../errors.js';
import { hasWhitespaceOrControl } from './chars.js';
import { decodeBase64Strict, decodeUtf8Strict } from './strict-base64.js';
import { NOT_JSON_MESSAGE, templateProblem } from './template.js';
import { isValidCallbackUrl } from './url.js';

/** The two body types OSS accepts. */
export type CallbackBodyType = 'application/x-www-form-urlencoded' | 'application/json';

/** A decoded, validated callback. */
export interface CallbackParams {
  /** 1–5 URLs, tried in order (`callbackUrl` split on `;`), exactly as written by the client. */
  urls: string[];
  /** `callbackHost`: Host header of the callback request. */
  host?: string;
  /** `callbackBody` template. */
  body: string;
  /** `callbackBodyType`, default form-urlencoded. */
  bodyType: CallbackBodyType;
  /** `callbackSNI`. */
  sni?: boolean;
}

/** Custom variables: keys start with `x:` and are lowercase, values are strings. */
export type CallbackVars = Record<string, string>;

/** Longest `callback` / `callback-var` value OSS accepts, in bytes of the Base64 text (§1.7). */
export const MAX_CALLBACK_VALUE_BYTES = 5 * 1024;
/** Most URLs `callbackUrl` may list (§1.3). */
export const MAX_CALLBACK_URLS = 5;

const BODY_TYPES: readonly string[] = ['application/x-www-form-urlencoded', 'application/json'];
const DEFAULT_BODY_TYPE: CallbackBodyType = 'application/x-www-form-urlencoded';
// Host header value: a domain or IP with an optional port; no path, query or userinfo.
const HOST_FORBIDDEN = /[/?#@]/;

/**
 * Encode a callback to its Base64 header/query/form value. Key order is
 * callbackUrl, callbackBody, callbackBodyType, callbackHost, callbackSNI (matches the Ruby SDK);
 * callbackHost and callbackSNI only when set. No validation: pass the result to
 * {@link decodeCallback} to check it as OSS would. URLs are joined with `;`, so a URL that itself
 * contains `;` cannot be represented (it would decode as two URLs).
 *
 * @example
 * ```ts
 * const value = encodeCallback({
 *   urls: ['http://app.server.com/callback?id=1'],
 *   body: 'bucket=${bucket}&object=${object}',
 *   bodyType: 'application/x-www-form-urlencoded',
 * });
 * headers['x-oss-callback'] = value;
 * ```
 */
export function encodeCallback(params: CallbackParams): string {
  const json: Record<string, unknown> = {
    callbackUrl: params.urls.join(';'),
    callbackBody: params.body,
    callbackBodyType: params.bodyType,
  };
  if (params.host !== undefined) json.callbackHost = params.host;
  if (params.sni !== undefined) json.callbackSNI = params.sni;
  return base64Json(json);
}

/**
 * Encode custom variables to the Base64 `x-oss-callback-var` value.
 *
 * @example
 * ```ts
 * headers['x-oss-callback-var'] = encodeCallbackVars({ 'x:uid': '12345' });
 * ```
 */
export function encodeCallbackVars(vars: CallbackVars): string {
  return base64Json(vars);
}

// Messages as OSS's HTTP 400 page writes them
// (https://www.alibabacloud.com/help/en/oss/support/http-400-status-code, InvalidArgument), its
// typo included; the page gives one message for a missing callbackUrl, used for a bad one too.
const BAD_URL = 'The callback url configuration is invalid.';
const VAR_NOT_JSON = 'The callback var is not expecten json.';

/**
 * Decode and validate an `x-oss-callback` value (≤ 5 KB, Base64, JSON, URLs, body, body type,
 * host, SNI, body template), in that order, like OSS before it stores anything (§1.7, §3.5).
 * `ArgumentValue` is the raw value until it decodes, then the decoded JSON text (as in the
 * documented "not json format" error).
 *
 * @example
 * ```ts
 * const callback = decodeCallback(req.headers['x-oss-callback']);
 * callback.urls; // ['http://oss-demo.aliyuncs.com:23450']
 * ```
 */
export function decodeCallback(value: string): CallbackParams {
  const fail = (message: string, ec: string | undefined, argumentValue: string): OssProtocolError =>
    invalidArgument('callback', message, ec, argumentValue);

  // No EC page covers an over-long callback (0007-00000101 is callback-var's), so none is sent.
  if (Buffer.byteLength(value) > MAX_CALLBACK_VALUE_BYTES) {
    throw fail('The length of callback exceed max value.', undefined, value);
  }
  const bytes = decodeBase64Strict(value);
  if (!bytes) throw fail('The callback configuration is not base64 encoded.', '0007-00000002', value);
  const text = decodeUtf8Strict(bytes);
  const json = text === undefined ? undefined : parseJsonObject(text);
  // The documented "not json format" example (§1.7) shows no EC; one reading files it under
  // 0007-00000002, whose EC page describes only Base64 failures, and callback-var's analogue
  // (0007-00000103) is a separate code. The callback's own code is undocumented, so none is sent.
  if (!json || text === undefined) throw fail(NOT_JSON_MESSAGE, undefined, text ?? value);

  const { callbackUrl, callbackBody, callbackBodyType, callbackHost, callbackSNI } = json;
  if (callbackUrl !== undefined && typeof callbackUrl !== 'string') {
    throw fail(BAD_URL, '0007-00000004', text);
  }
  // Entries are trimmed and empty ones dropped: the EC 0007-00000005 page counts
  // `https://callback1.com;…;https://callback6.com;` (trailing `;`) as six URLs.
  const urls = (callbackUrl ?? '').split(';').map((url) => url.trim()).filter((url) => url !== '');
  // The docs read a missing or empty callbackUrl as "no callback"; but a request that carries a
  // callback parameter expects one, and silently dropping it would lose the notification.
  if (urls.length === 0) throw fail(BAD_URL, undefined, text);
  if (urls.length > MAX_CALLBACK_URLS) {
    throw fail('The number of callback url exceed max value.', '0007-00000005', text);
  }
  if (!urls.every(isValidCallbackUrl)) throw fail(BAD_URL, '0007-00000004', text);

  if (typeof callbackBody !== 'string' || callbackBody === '') {
    throw fail('The callback body is empty.', '0007-00000011', text);
  }
  // Exact match: the doc lists exactly these two values (§1.3).
  if (callbackBodyType !== undefined && (typeof callbackBodyType !== 'string' || !BODY_TYPES.includes(callbackBodyType))) {
    throw fail('The callback body type configuration is invalid.', '0007-00000012', text);
  }
  const bodyType = (callbackBodyType as CallbackBodyType | undefined) ?? DEFAULT_BODY_TYPE;
  if (callbackSNI !== undefined && typeof callbackSNI !== 'boolean') {
    throw fail('The callbackSNI is invalid.', undefined, text);
  }
  if (callbackHost !== undefined && !isValidCallbackHost(callbackHost)) {
    throw fail('The callback host configuration is invalid.', undefined, text);
  }
  const problem = templateProblem(callbackBody, bodyType);
  if (problem) throw fail(problem, undefined, text);

  const params: CallbackParams = { urls, body: callbackBody, bodyType };
  if (callbackHost) params.host = callbackHost;
  if (callbackSNI !== undefined) params.sni = callbackSNI;
  return params;
}

/**
 * Decode and validate an `x-oss-callback-var` value (≤ 5 KB, Base64, JSON, flat `x:` lowercase
 * keys with string values); errors name `ArgumentName: callback-var`.
 *
 * @example
 * ```ts
 * decodeCallbackVars('eyJ4OnVpZCI6ICIxMjM0NSIsICJ4Om9yZGVyX2lkIjogIjY3ODkwIn0=');
 * // { 'x:uid': '12345', 'x:order_id': '67890' }
 * ```
 */
export function decodeCallbackVars(value: string): CallbackVars {
  if (Buffer.byteLength(value) > MAX_CALLBACK_VALUE_BYTES) {
    throw invalidArgument('callback-var', 'The length of callback var exceed max value.', '0007-00000101', value);
  }
  const bytes = decodeBase64Strict(value);
  if (!bytes) {
    throw invalidArgument('callback-var', 'The callback-var parameter is not valid Base64.', '0007-00000102', value);
  }
  const text = decodeUtf8Strict(bytes);
  const json = text === undefined ? undefined : parseJsonObject(text);
  if (!json) {
    throw invalidArgument('callback-var', VAR_NOT_JSON, '0007-00000103', text ?? value);
  }
  return validateCallbackVars(json);
}

/**
 * Validate custom variable names/values (used by decodeCallbackVars and by PostObject `x:` fields)
 * and return them as a fresh object. Keys must start with `x:`, name something, and be lowercase
 * (older doc, §1.4). Values must be strings: the older doc gives the shape as
 * `{"x:var1":"value1",...}` and every SDK sends strings (ali-oss applies `String(value)`), so a
 * number or nested value is "the wrong shape" rather than something to coerce.
 *
 * @example
 * ```ts
 * validateCallbackVars({ 'x:uid': '12345' }); // { 'x:uid': '12345' }
 * validateCallbackVars({ 'x:UID': '12345' }); // throws InvalidArgument
 * ```
 */
export function validateCallbackVars(vars: Record<string, unknown>): CallbackVars {
  if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) {
    throw invalidArgument('callback-var', VAR_NOT_JSON, undefined, String(vars));
  }
  const out: CallbackVars = {};
  for (const [key, value] of Object.entries(vars)) {
    if (!key.startsWith('x:') || key.length === 2 || key !== key.toLowerCase()) {
      throw invalidArgument('callback-var', 'The callback-var key must start with x: and be lowercase.', undefined, key);
    }
    if (typeof value !== 'string') {
      throw invalidArgument('callback-var', 'The callback-var value must be a string.', undefined, key);
    }
    out[key] = value;
  }
  return out;
}

/** A domain or IP with an optional port; empty is read as unset (the URL's host is used, §1.3). */
function isValidCallbackHost(host: unknown): host is string {
  return typeof host === 'string' && (host === '' || !(HOST_FORBIDDEN.test(host) || hasWhitespaceOrControl(host)));
}

function base64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

/** Parse JSON text that must hold an object; undefined otherwise. */
function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function invalidArgument(
  argumentName: string,
  message: string,
  ec: string | undefined,
  argumentValue: string,
): OssProtocolError {
  return new OssProtocolError('InvalidArgument', {
    message,
    status: 400,
    ...(ec === undefined ? {} : { ec }),
    details: { ArgumentName: argumentName, ArgumentValue: argumentValue },
  });
}
