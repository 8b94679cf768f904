/**
 * The `node:http` adapter: read the raw body of an `IncomingMessage` and verify it.
 */
import type { IncomingMessage } from 'node:http';
import type { CallbackVerifierOptions } from './options.js';
import { readRawBody } from './read-body.js';
import { createCallbackVerifier, isCallbackVerifier } from './verifier.js';
import type { CallbackVerifier, VerifiedCallback } from './verifier.js';

/**
 * Verify a `node:http` request: reads its body (within `maxBodyBytes`) and verifies method,
 * key URL and signature over `req.url` and the body. Rejects with a `CallbackVerificationError`
 * (answer `err.status` with `err.toJSON()`), or with the stream error if the client aborted.
 * Pass a verifier made once with `createCallbackVerifier` to share its key cache.
 *
 * @example
 * import { createServer } from 'node:http';
 * import { CallbackVerificationError, createCallbackVerifier, replyJson, verifyNodeRequest } from '@ossbox/callback';
 *
 * const verifier = createCallbackVerifier();
 * createServer(async (req, res) => {
 *   try {
 *     const callback = await verifyNodeRequest(req, verifier);
 *     replyJson(res, { Status: 'OK', object: (callback.parsed as Record<string, string>).object });
 *   } catch (err) {
 *     if (err instanceof CallbackVerificationError) replyJson(res, err.toJSON(), err.status);
 *     else res.destroy(); // the client went away
 *   }
 * }).listen(9001);
 */
export async function verifyNodeRequest(
  req: IncomingMessage,
  verifierOrOptions: CallbackVerifier | CallbackVerifierOptions = {},
): Promise<VerifiedCallback> {
  const verifier = isCallbackVerifier(verifierOrOptions)
    ? verifierOrOptions
    : createCallbackVerifier(verifierOrOptions);
  const body = await readRawBody(req, { limit: verifier.options.maxBodyBytes });
  return verifier.verify({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
}
