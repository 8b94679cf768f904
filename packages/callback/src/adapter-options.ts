/**
 * Options every framework adapter takes (verifier options, or a ready verifier, plus what to do
 * with a rejected callback), resolved in one place so every adapter shares one verifier core.
 */
import type { CallbackVerifierOptions } from './options.js';
import { createCallbackVerifier } from './verifier.js';
import type { CallbackVerifier } from './verifier.js';

/** Verifier options, or a verifier made once with `createCallbackVerifier`, plus `onError`. */
export interface AdapterOptions<OnError extends string> extends CallbackVerifierOptions {
  /** A verifier made with `createCallbackVerifier` (then no other verifier option may be given). */
  verifier?: CallbackVerifier;
  /**
   * `'respond'` (default): answer a rejected callback with `err.status` (400) and JSON
   * `{ "error": code, "message": … }`. The other value hands the error to the framework's own
   * error handling (`next(err)` in Express, a thrown error in Fastify and Koa).
   */
  onError?: 'respond' | OnError;
}

/**
 * Validate adapter options once, at setup. Throws `TypeError` for an unknown `onError` or for a
 * verifier given together with verifier options.
 */
export function resolveAdapterOptions<OnError extends string>(
  options: AdapterOptions<OnError>,
  handOff: OnError,
): { verifier: CallbackVerifier; respond: boolean } {
  const { verifier: given, onError = 'respond', ...verifierOptions } = options;
  if (onError !== 'respond' && onError !== handOff) throw new TypeError(`onError must be 'respond' or '${handOff}'`);
  if (given !== undefined && Object.keys(verifierOptions).length > 0) {
    throw new TypeError('pass either a verifier or verifier options, not both');
  }
  return { verifier: given ?? createCallbackVerifier(verifierOptions), respond: onError === 'respond' };
}
