/**
 * Callback parameters ⇄ the `x-oss-callback` / `x-oss-callback-var` values (Base64 JSON),
 * oss-protocol.md §1.2–§1.4, §1.7. Server-side decoding validates every rule and throws
 * OssProtocolError('InvalidArgument', { ec, details: { ArgumentName: 'callback' } }).
 * CONTRACT STUB: implemented by the protocol-callback task.
 */

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

/**
 * Encode a callback to its Base64 header/query/form value. Key order is
 * callbackUrl, callbackBody, callbackBodyType, callbackHost, callbackSNI (matches the Ruby SDK).
 */
export function encodeCallback(_params: CallbackParams): string {
  throw new Error('not implemented');
}

/** Encode custom variables to the Base64 `x-oss-callback-var` value. */
export function encodeCallbackVars(_vars: CallbackVars): string {
  throw new Error('not implemented');
}

/** Decode and validate an `x-oss-callback` value (≤ 5 KB, Base64, JSON, URLs, body, body type). */
export function decodeCallback(_value: string): CallbackParams {
  throw new Error('not implemented');
}

/** Decode and validate an `x-oss-callback-var` value (≤ 5 KB, Base64, JSON, flat `x:` lowercase keys). */
export function decodeCallbackVars(_value: string): CallbackVars {
  throw new Error('not implemented');
}

/** Validate custom variable names/values (used by decodeCallbackVars and by PostObject `x:` fields). */
export function validateCallbackVars(_vars: Record<string, unknown>): CallbackVars {
  throw new Error('not implemented');
}
