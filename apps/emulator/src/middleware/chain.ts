/**
 * Running a fixed list of middleware as one Express layer. Express 5 gives each `app.use` layer
 * its own path match, prefix trim and parameter step per request; for the emulator's ten-odd
 * steps that bookkeeping was a measurable share of a small request's CPU (docs/performance.md).
 * The steps here are run in order with the same contract Express gives them: `next()` goes on,
 * `next(error)` skips to the error handlers, and a step that throws or whose returned promise
 * rejects is treated as `next(error)` (Express 5's rule for async middleware).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * One middleware that runs `steps` in order.
 *
 * @example
 * ```ts
 * app.use(middlewareChain([requestIdMiddleware(), headerTextMiddleware()]));
 * app.use(renderErrorMiddleware(logger));
 * ```
 */
export function middlewareChain(steps: readonly RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, done: NextFunction) => {
    let index = 0;
    const next = (error?: unknown): void => {
      if (error) {
        done(error);
        return;
      }
      const step = steps[index++];
      if (step === undefined) {
        done();
        return;
      }
      try {
        const result = step(req, res, next) as unknown;
        if (result instanceof Promise) result.catch((rejected: unknown) => next(rejected ?? new Error('Rejected promise')));
      } catch (thrown) {
        next(thrown);
      }
    };
    next();
  };
}
