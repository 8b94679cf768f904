/**
 * Express middleware. Typed structurally (no import of `express`), so the package works with
 * Express 4 and 5 and does not make `express` a dependency.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallbackVerificationError } from './errors.js';
import type { CallbackVerifierOptions } from './options.js';
import { readRawBody } from './read-body.js';
import { replyJson } from './reply-json.js';
import { createCallbackVerifier } from './verifier.js';
import type { CallbackVerifier, VerifiedCallback } from './verifier.js';

declare global {
  // Augments Express's `Request` (as passport does) without importing express.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `ossCallback()` once the callback verified. */
      ossCallback?: VerifiedCallback;
    }
  }
}

/** Options of {@link ossCallback}: verifier options, or a ready verifier, plus error handling. */
export interface OssCallbackMiddlewareOptions extends CallbackVerifierOptions {
  /** A verifier made with `createCallbackVerifier` (then no other verifier option may be given). */
  verifier?: CallbackVerifier;
  /**
   * `'respond'` (default): answer a rejected callback with `err.status` (400) and JSON
   * `{ "error": code, "message": … }`. `'next'`: call `next(err)` so the app's error handler decides.
   */
  onError?: 'respond' | 'next';
}

/** The request shape the middleware needs: Express's `Request` satisfies it. */
export type OssCallbackRequest = IncomingMessage & {
  body?: unknown;
  originalUrl?: string;
  ossCallback?: VerifiedCallback;
};

/** A connect/Express middleware function. */
export type OssCallbackMiddleware = (
  req: OssCallbackRequest,
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void;

const BODY_ALREADY_PARSED_MESSAGE =
  'the request body was consumed by a body parser (express.json(), express.urlencoded(), express.text()) ' +
  'before ossCallback(), so the signed bytes are lost: mount ossCallback() before those parsers or use ' +
  "express.raw({ type: '*/*' })";

function rawBody(req: OssCallbackRequest, limit: number): Promise<Buffer> {
  // express.raw() ran and kept the exact bytes.
  if (Buffer.isBuffer(req.body)) return Promise.resolve(req.body);
  if (req.readableDidRead || req.readableEnded) {
    return Promise.reject(new CallbackVerificationError('BODY_ALREADY_PARSED', BODY_ALREADY_PARSED_MESSAGE));
  }
  return readRawBody(req, { limit });
}

/**
 * Express middleware that verifies an OSS callback and sets `req.ossCallback`. It reads the raw
 * body itself (no body parser needed), accepts a Buffer left by `express.raw()`, and refuses
 * with `BODY_ALREADY_PARSED` (500) when a JSON/urlencoded/text parser consumed the body first.
 * Signs over `req.originalUrl`, so it also works in a mounted router.
 *
 * @example
 * import express from 'express';
 * import { ossCallback, replyJson } from '@ossbox/callback';
 *
 * const app = express();
 * app.post('/oss/callback', ossCallback(), (req, res) => {
 *   const { object, size } = req.ossCallback!.parsed as Record<string, string>;
 *   replyJson(res, { Status: 'OK', object, size });
 * });
 */
export function ossCallback(options: OssCallbackMiddlewareOptions = {}): OssCallbackMiddleware {
  const { verifier: given, onError = 'respond', ...verifierOptions } = options;
  if (onError !== 'respond' && onError !== 'next') throw new TypeError("onError must be 'respond' or 'next'");
  if (given !== undefined && Object.keys(verifierOptions).length > 0) {
    throw new TypeError('pass either a verifier or verifier options, not both');
  }
  const verifier = given ?? createCallbackVerifier(verifierOptions);

  return (req, res, next) => {
    rawBody(req, verifier.options.maxBodyBytes)
      .then((body) =>
        verifier.verify({ method: req.method ?? '', url: req.originalUrl ?? req.url ?? '', headers: req.headers, body }),
      )
      .then(
        (callback) => {
          req.ossCallback = callback;
          next();
        },
        (err: unknown) => {
          if (!(err instanceof CallbackVerificationError) || onError === 'next') {
            next(err);
            return;
          }
          replyJson(res, err.toJSON(), err.status);
        },
      )
      // Anything the two handlers above throw (e.g. replying after the app already answered)
      // goes to Express instead of becoming an unhandled rejection.
      .catch(next);
  };
}
