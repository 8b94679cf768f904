/**
 * The web-standard (fetch API) adapter: verify a `Request` and answer with a `Response`. For
 * Next.js route handlers, Hono (`c.req.raw`), and any server that hands you a `Request`.
 */
import type { CallbackVerifierOptions } from './options.js';
import { readWebBody } from './read-body.js';
import { createCallbackVerifier, isCallbackVerifier } from './verifier.js';
import type { CallbackVerifier, VerifiedCallback } from './verifier.js';

/** Options of {@link verifyFetchRequest} beyond the verifier. */
export interface FetchRequestOptions {
  /**
   * The request target (`/path?query`) exactly as received, when the server still has it.
   * Default: `request.url`. A `Request` built by `new Request()` (Next.js, most fetch-style
   * servers) has a URL the WHATWG parser normalised; OSS sends `callbackUrl` URL-encoded
   * (docs/callback-protocol.md §1.3), so for real callbacks the two agree, but a target with
   * characters the parser re-encodes (a raw space, `'` in the query, …) only verifies with the
   * raw target. `@hono/node-server` keeps the target as received in `c.req.raw.url`.
   */
  requestTarget?: string;
}

/**
 * Verify a fetch-API `Request`: reads its body (within `maxBodyBytes`; the body must not have
 * been read yet) and verifies method, key URL and signature over the request target and the
 * body. Rejects with a `CallbackVerificationError` (answer `jsonResponse(err.toJSON(),
 * err.status)`). Pass a verifier made once with `createCallbackVerifier` to share its key cache.
 *
 * @example
 * // Next.js route handler (app/oss/callback/route.ts); Hono: verifyFetchRequest(c.req.raw, verifier)
 * import { CallbackVerificationError, createCallbackVerifier, jsonResponse, verifyFetchRequest } from '@ossbox/callback';
 *
 * const verifier = createCallbackVerifier();
 * export async function POST(request: Request): Promise<Response> {
 *   try {
 *     const callback = await verifyFetchRequest(request, verifier);
 *     return jsonResponse({ Status: 'OK', object: (callback.parsed as Record<string, string>).object });
 *   } catch (err) {
 *     if (err instanceof CallbackVerificationError) return jsonResponse(err.toJSON(), err.status);
 *     throw err;
 *   }
 * }
 */
export async function verifyFetchRequest(
  request: Request,
  verifierOrOptions: CallbackVerifier | CallbackVerifierOptions = {},
  options: FetchRequestOptions = {},
): Promise<VerifiedCallback> {
  const verifier = isCallbackVerifier(verifierOrOptions)
    ? verifierOrOptions
    : createCallbackVerifier(verifierOrOptions);
  const body = await readWebBody(request, verifier.options.maxBodyBytes);
  return verifier.verify({ method: request.method, url: options.requestTarget ?? request.url, headers: request.headers, body });
}

/**
 * A `Response` OSS accepts from a callback server (docs/callback-protocol.md §3.1): `value` as
 * JSON, status 200 (or `status`), `Content-Type: application/json` and a byte-exact
 * `Content-Length`, UTF-8 without BOM. The fetch-API twin of `replyJson`. Throws a `TypeError`
 * when `value` has no JSON form.
 *
 * @example
 * return jsonResponse({ Status: 'OK' });
 */
export function jsonResponse(value: unknown, status = 200): Response {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError('jsonResponse: the value has no JSON representation');
  const body = Buffer.from(json, 'utf8');
  return new Response(body, {
    status,
    headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
  });
}
