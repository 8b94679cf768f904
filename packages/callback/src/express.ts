/**
 * Express middleware. Typed structurally (no import of `express`), so the package works with
 * Express 4 and 5 and does not make `express` a dependency.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveAdapterOptions } from './adapter-options.js';
import type { AdapterOptions } from './adapter-options.js';
import { CallbackVerificationError } from './errors.js';
import { readUnparsedBody } from './read-body.js';
import { replyJson } from './reply-json.js';
import type { VerifiedCallback } from './verifier.js';

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

/**
 * Options of {@link ossCallback}: verifier options, or a ready verifier, plus error handling
 * (`onError: 'next'` calls `next(err)` so the app's error handler decides).
 */
export type OssCallbackMiddlewareOptions = AdapterOptions<'next'>;

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
  const { verifier, respond } = resolveAdapterOptions(options, 'next');

  return (req, res, next) => {
    // A Buffer left by express.raw() is the exact bytes.
    readUnparsedBody(req, req.body, verifier.options.maxBodyBytes, BODY_ALREADY_PARSED_MESSAGE)
      .then((body) =>
        verifier.verify({ method: req.method ?? '', url: req.originalUrl ?? req.url ?? '', headers: req.headers, body }),
      )
      .then(
        (callback) => {
          req.ossCallback = callback;
          next();
        },
        (err: unknown) => {
          if (!(err instanceof CallbackVerificationError) || !respond) {
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
