/**
 * The Express application of the emulator. `createApp` never listens (see server.ts), so tests
 * drive it with supertest.
 *
 * Middleware order (each step relies on the ones before it; steps 1-9 run as one Express layer,
 * middleware/chain.ts, and the error renderer is the layer after it):
 *  1. request id      - `x-oss-request-id`, `Server`; creates the per-request state
 *     request target  - an absolute-form target (`GET http://host/key`, as sent to proxies) is
 *                       turned into its origin form, its authority replacing Host (InvalidURI)
 *     header text     - request header values read as UTF-8, response ones written as UTF-8
 *  2. request log     - one debug line per request (only when the log level shows it)
 *  3. internal routes - `/_ossbox/*` (health, the callback key and log, extra routers),
 *                       path style only; no OSS signature, the admin token when configured
 *     request events  - one `request` event per OSS request once its response is done
 *  4. address         - bucket, key and query from Host + raw path (errors: InvalidURI, …)
 *  5. CORS            - answers unsigned preflight OPTIONS from the bucket's rules; sets the
 *                       matching rule's headers on cross-origin requests before anything can fail
 *  6. operation       - which OSS operation (errors: MethodNotAllowed, NotImplemented)
 *     website         - unsigned GETs of a bucket with a website configuration get the index or
 *                       error document instead (bucket-config/website.ts)
 *  7. authenticate    - signature and STS token check, then ACL rules for anonymous requests and
 *                       RAM policies for STS sessions (PostObject's form is checked by its handler)
 *     referer         - the bucket's Referer rules for anonymous and URL-signed requests
 *  8. faults          - injected errors, delays and cuts (faults/), only for requests that would
 *                       otherwise run, so a fault never hides a real refusal
 *  9. run operation   - the handler streams the body and sends the response
 * 10. render error    - the single place errors become OSS error XML (keeping the CORS headers)
 */
import express from 'express';
import type { Express, RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { CallbackEngine } from './callback-engine.js';
import type { EventBus } from './events/index.js';
import { requestEventsMiddleware } from './events/index.js';
import type { EmulatorConfig } from './config.js';
import { stateOf } from './context.js';
import { refererMiddleware } from './bucket-config/referer.js';
import { websiteMiddleware } from './bucket-config/website.js';
import { corsMiddleware } from './cors/cors-middleware.js';
import { redactAdminToken } from './middleware/admin-token.js';
import { authenticateMiddleware } from './middleware/authenticate.js';
import { resolveOperationMiddleware, runOperationMiddleware } from './middleware/dispatch.js';
import { headerTextMiddleware } from './middleware/header-text.js';
import { internalRoutesMiddleware } from './middleware/internal-routes.js';
import { middlewareChain } from './middleware/chain.js';
import { renderErrorMiddleware } from './middleware/render-error.js';
import { requestIdMiddleware } from './middleware/request-id.js';
import { requestTargetMiddleware } from './http/request-target.js';
import { raiseAddressErrorMiddleware, resolveAddressMiddleware } from './middleware/resolve-address.js';
import type { HandlerDeps } from './handlers/handler.js';
import { faultMiddleware } from './faults/index.js';
import type { FaultRegistry } from './faults/index.js';
import type { Storage } from './store/storage.js';
import { KeyLocks } from './store/key-locks.js';
import { createLogger } from './logger.js';
import { createSts } from './sts/index.js';
import type { Sts } from './sts/index.js';

/** What the app needs. */
export interface AppDeps {
  config: EmulatorConfig;
  storage: Storage;
  /** Defaults to a logger at `config.logLevel`. */
  logger?: Logger;
  /**
   * Routers mounted under `/_ossbox/` (after `/_ossbox/health`), without OSS authentication but
   * behind the admin token when `config.adminToken` is set (middleware/internal-routes.ts).
   */
  internalRouters?: readonly Router[];
  /**
   * Upload callbacks (see `createCallbackEngine`); its router is mounted under `/_ossbox/`.
   * Without it, uploads that ask for a callback get 501 NotImplemented. `startEmulator` always
   * sets it up.
   */
  callbacks?: CallbackEngine;
  /** Where each OSS request is announced as a `request` event; `startEmulator` always sets it. */
  events?: EventBus;
  /** STS (AssumeRole and temporary credentials); default one with a random token secret. */
  sts?: Sts;
  /** Fault rules applied before each operation runs (see faults/); none when absent. */
  faults?: FaultRegistry;
}

function requestLogMiddleware(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.debug(
        {
          requestId: stateOf(res).requestId,
          method: req.method,
          url: redactAdminToken(req.originalUrl),
          host: req.headers.host,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  };
}

/**
 * Build the emulator app over an opened storage.
 *
 * @example
 * ```ts
 * const config = resolveConfig({ location: dir, buckets: ['examplebucket'] });
 * const storage = await openStorage(config.location);
 * const app = createApp({ config, storage });
 * await supertest(app).get('/_ossbox/health').expect(200);
 * ```
 */
export function createApp(deps: AppDeps): Express {
  const logger = deps.logger ?? createLogger(deps.config.logLevel);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const sts = deps.sts ?? createSts(deps.config, logger);
  const internalRouters = [
    ...(deps.callbacks ? [deps.callbacks.router] : []),
    sts.router,
    ...(deps.internalRouters ?? []),
  ];
  const handlerDeps: HandlerDeps = {
    config: deps.config,
    storage: deps.storage,
    logger,
    locks: new KeyLocks(),
    principals: sts.principals,
  };
  if (deps.callbacks) handlerDeps.callbacks = deps.callbacks;
  const steps: (RequestHandler | false | undefined)[] = [
    requestIdMiddleware(),
    requestTargetMiddleware(),
    headerTextMiddleware(),
    logger.isLevelEnabled('debug') && requestLogMiddleware(logger),
    internalRoutesMiddleware(deps.config, internalRouters),
    deps.events && requestEventsMiddleware(deps.events),
    resolveAddressMiddleware(deps.config),
    corsMiddleware(deps.storage.meta),
    raiseAddressErrorMiddleware(),
    resolveOperationMiddleware(),
    websiteMiddleware(deps.storage.meta),
    authenticateMiddleware(deps.config, deps.storage.meta, sts.principals),
    refererMiddleware(deps.storage.meta),
    deps.faults && faultMiddleware(deps.faults),
    runOperationMiddleware(handlerDeps),
  ];
  app.use(middlewareChain(steps.filter((step): step is RequestHandler => typeof step === 'function')));
  app.use(renderErrorMiddleware(logger));
  return app;
}
