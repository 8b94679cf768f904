/**
 * The one error type the verifier throws, with a stable `code` per reason (undici style) and the
 * JSON body a receiver answers with (hono style: the error renders itself).
 */

/** Every reason a callback request can be rejected for. The strings are stable API. */
export const CALLBACK_ERROR_CODES = [
  'METHOD_NOT_ALLOWED',
  'BODY_TOO_LARGE',
  'BODY_ALREADY_PARSED',
  'MISSING_AUTHORIZATION',
  'MISSING_PUB_KEY_URL',
  'BAD_PUB_KEY_URL',
  'UNTRUSTED_KEY_URL',
  'KEY_FETCH_FAILED',
  'BAD_SIGNATURE',
  'BAD_BODY',
] as const;

/**
 * Why a callback request was rejected:
 * - `METHOD_NOT_ALLOWED`: not a POST (OSS only ever POSTs callbacks).
 * - `BODY_TOO_LARGE`: the body is larger than `maxBodyBytes`.
 * - `BODY_ALREADY_PARSED`: a body parser ran before the Express or Koa middleware (or a fetch body was read), so
 *   the exact bytes OSS signed are gone (a server misconfiguration, answered with 500).
 * - `MISSING_AUTHORIZATION`: no `Authorization` header.
 * - `MISSING_PUB_KEY_URL`: no `x-oss-pub-key-url` header.
 * - `BAD_PUB_KEY_URL`: `x-oss-pub-key-url` is not Base64 of an absolute http(s) URL.
 * - `UNTRUSTED_KEY_URL`: the key URL is outside the trusted prefixes (it is never fetched).
 * - `KEY_FETCH_FAILED`: the key could not be fetched or is not a PEM RSA public key.
 * - `BAD_SIGNATURE`: the signature does not verify over path, query and body.
 * - `BAD_BODY`: the (verified) body does not parse as its `Content-Type` says.
 */
export type CallbackErrorCode = (typeof CALLBACK_ERROR_CODES)[number];

/**
 * Thrown (or handed to `next`) when a callback request is rejected.
 *
 * @example
 * try {
 *   await verifier.verify(request);
 * } catch (err) {
 *   if (err instanceof CallbackVerificationError && err.code === 'UNTRUSTED_KEY_URL') { ... }
 * }
 */
export class CallbackVerificationError extends Error {
  override readonly name = 'CallbackVerificationError';
  /** Stable machine-readable reason. */
  readonly code: CallbackErrorCode;
  /**
   * HTTP status a receiver should answer with: 400 for every rejection of the request (the status
   * the OSS samples use, docs/callback-protocol.md §2.4; OSS only cares that it is not 200), 500 for
   * `BODY_ALREADY_PARSED`, which is a bug in the receiving app rather than in the request.
   */
  readonly status: number;

  constructor(code: CallbackErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = code === 'BODY_ALREADY_PARSED' ? 500 : 400;
  }

  /** The JSON body receivers answer with: `{ error: code, message }`. */
  toJSON(): { error: CallbackErrorCode; message: string } {
    return { error: this.code, message: this.message };
  }
}

