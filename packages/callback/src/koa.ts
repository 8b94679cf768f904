/**
 * The Koa middleware. Typed structurally (no import of `koa`), so the package needs neither
 * `koa` nor `@types/koa`; Koa 2 and 3 contexts satisfy {@link OssCallbackKoaContext}.
 */
import type { IncomingMessage } from 'node:http';
import { resolveAdapterOptions } from './adapter-options.js';
import type { AdapterOptions } from './adapter-options.js';
import { CallbackVerificationError } from './errors.js';
import { readUnparsedBody } from './read-body.js';
import type { VerifiedCallback } from './verifier.js';

/** Options of {@link ossCallback}; `onError: 'throw'` rethrows rejections to upstream middleware. */
export type OssCallbackKoaOptions = AdapterOptions<'throw'>;

/** What the middleware uses of a Koa context. */
export interface OssCallbackKoaContext {
  req: IncomingMessage;
  /** The request target as received (Koa keeps it across koa-mount and routers). */
  originalUrl: string;
  /** A body parser's result, if one ran: a Buffer is used as the raw body. */
  request: { body?: unknown };
  status: number;
  body: unknown;
  state: object;
}

/** Type `ctx.state` with it: `router.post<OssCallbackState>(…)` or `new Koa<OssCallbackState>()`. */
export interface OssCallbackState {
  /** Set by the middleware once the callback verified. */
  ossCallback: VerifiedCallback;
}

/** A Koa middleware function. */
export type OssCallbackKoaMiddleware = (ctx: OssCallbackKoaContext, next: () => Promise<unknown>) => Promise<void>;

const BODY_ALREADY_PARSED_MESSAGE =
  'the request body was consumed by a body parser (koa-bodyparser, @koa/bodyparser, koa-body) before ' +
  'ossCallback(), so the signed bytes are lost: mount ossCallback() before the parser, or only on the callback route';

/**
 * Koa middleware that verifies an OSS callback and sets `ctx.state.ossCallback`. It reads the raw
 * body itself (within `maxBodyBytes`) and verifies it over `ctx.originalUrl`. A rejected callback
 * gets `err.status` (400) and JSON `{ "error": code, "message": … }` and `next` is not called;
 * with `onError: 'throw'` the error is thrown to upstream middleware instead.
 *
 * @example
 * import Koa from 'koa';
 * import { ossCallback, type OssCallbackState } from '@ossbox/callback/koa';
 *
 * const app = new Koa<OssCallbackState>();
 * app.use(ossCallback({ trustedKeyUrlPrefixes: ['http://127.0.0.1:9000/'] }));
 * app.use((ctx) => {
 *   const { object } = ctx.state.ossCallback.parsed as Record<string, string>;
 *   ctx.body = { Status: 'OK', object }; // Koa sends JSON with a Content-Length
 * });
 */
export function ossCallback(options: OssCallbackKoaOptions = {}): OssCallbackKoaMiddleware {
  const { verifier, respond } = resolveAdapterOptions(options, 'throw');
  return async (ctx, next) => {
    let callback: VerifiedCallback;
    try {
      const body = await readUnparsedBody(ctx.req, ctx.request.body, verifier.options.maxBodyBytes, BODY_ALREADY_PARSED_MESSAGE);
      callback = await verifier.verify({ method: ctx.req.method ?? '', url: ctx.originalUrl, headers: ctx.req.headers, body });
    } catch (err) {
      if (!(err instanceof CallbackVerificationError) || !respond) throw err;
      ctx.status = err.status;
      ctx.body = err.toJSON();
      return;
    }
    (ctx.state as Partial<OssCallbackState>).ossCallback = callback;
    await next();
  };
}
