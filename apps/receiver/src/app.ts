/**
 * The receiver's Express app (never listens; see server.ts).
 *
 * Order of handlers:
 * 1. `GET /_ossbox/health` and `GET|DELETE /_ossbox/callbacks` (the inspection API, behind the
 *    admin token when one is set);
 * 2. any other `POST`, on any path: a callback. No body parser is mounted anywhere, since
 *    verification needs the exact bytes; the handler reads the raw body itself;
 * 3. anything else: 405 JSON.
 *
 * Switches (switches.ts) apply only to callbacks that verified: a rejected callback is always
 * answered 400 at once, so an unsigned request can neither pick the reply nor hold a connection
 * open for the delay. Every POST is recorded in the callback log, rejected ones with their code.
 */
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { CallbackVerificationError, parseCallbackBody, readRawBody, replyJson } from '@ossbox/callback';
import type { CallbackVerifier } from '@ossbox/callback';
import { requireAdminToken } from './admin-token.js';
import type { CallbackLog, ReceivedCallback, ReplyRecord } from './callback-log.js';
import { sendReply } from './reply.js';
import { parseSwitches, SwitchError } from './switches.js';

/** What the app needs. */
export interface AppDeps {
  /** Verifies each callback (owns the key cache). */
  verifier: CallbackVerifier;
  /** Where received callbacks are recorded. */
  log: CallbackLog;
  logger: Logger;
  /** Aborted when the server shuts down: pending `ossbox-delay` waits end and their sockets close. */
  signal?: AbortSignal;
  /** When set, `/_ossbox/callbacks` requires `Authorization: Bearer <adminToken>` (admin-token.ts). */
  adminToken?: string;
}

function pathOf(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

function bestEffortBody(body: Buffer | undefined, contentType: string | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    return parseCallbackBody(body, contentType) ?? body.toString('utf8');
  } catch {
    return body.toString('utf8');
  }
}

/** Resolves after `ms`, or rejects when the client goes away or the server shuts down. */
function delay(ms: number, req: IncomingMessage, shutdown: AbortSignal | undefined): Promise<void> {
  if (ms === 0) return Promise.resolve();
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  req.socket.once('close', abort);
  shutdown?.addEventListener('abort', abort, { once: true });
  return sleep(ms, undefined, { signal: controller.signal }).finally(() => {
    req.socket.off('close', abort);
    shutdown?.removeEventListener('abort', abort);
  });
}

/**
 * Create the receiver app.
 *
 * @example
 * const app = createApp({ verifier: createCallbackVerifier(), log: new CallbackLog(), logger: pino() });
 * app.listen(9001);
 */
export function createApp(deps: AppDeps): express.Express {
  const { verifier, log, logger, signal } = deps;
  const app = express();
  app.disable('x-powered-by');

  app.get('/_ossbox/health', (_req, res) => replyJson(res, { status: 'ok' }));
  app.use('/_ossbox/callbacks', requireAdminToken(deps.adminToken));
  app.get('/_ossbox/callbacks', (_req, res) => replyJson(res, { callbacks: log.list() }));
  app.delete('/_ossbox/callbacks', (_req, res) => {
    log.clear();
    res.status(204).end();
  });

  app.use(async (req: Request, res: Response) => {
    if (req.method !== 'POST') {
      replyJson(res, { error: 'METHOD_NOT_ALLOWED', message: 'callbacks are POST requests' }, 405);
      return;
    }
    const target = req.originalUrl;
    const contentType = req.headers['content-type'];
    const record = (fields: Partial<ReceivedCallback> & { verified: boolean; reply: ReplyRecord }): ReceivedCallback =>
      log.add({
        receivedAt: new Date().toISOString(),
        method: req.method,
        url: target,
        path: pathOf(target),
        contentType,
        headers: { ...req.headers },
        body: undefined,
        ...fields,
      });

    let body: Buffer | undefined;
    try {
      body = await readRawBody(req, { limit: verifier.options.maxBodyBytes });
      const callback = await verifier.verify({ method: req.method, url: target, headers: req.headers, body });
      const switches = parseSwitches(target);
      const entry = record({
        verified: true,
        publicKeyUrl: callback.publicKeyUrl,
        body: callback.parsed ?? body.toString('utf8'),
        reply: { status: switches.status, kind: switches.kind, delayMs: switches.delayMs },
      });
      logger.info(
        { id: entry.id, path: entry.path, publicKeyUrl: entry.publicKeyUrl, body: entry.body, reply: entry.reply },
        'callback verified',
      );
      await delay(switches.delayMs, req, signal);
      sendReply(res, switches, { Status: 'OK', path: entry.path, body: entry.body });
    } catch (err) {
      if (err instanceof CallbackVerificationError || err instanceof SwitchError) {
        const verified = err instanceof SwitchError;
        const status = err instanceof CallbackVerificationError ? err.status : 400;
        const entry = record({
          verified,
          error: { code: err.code, message: err.message },
          body: bestEffortBody(body, contentType),
          reply: { status, kind: 'json', delayMs: 0 },
        });
        logger.warn({ id: entry.id, path: entry.path, code: err.code, reason: err.message }, 'callback rejected');
        replyJson(res, { error: err.code, message: err.message }, status);
        return;
      }
      if (req.socket.destroyed || signal?.aborted === true) {
        // The client went away (aborted body or delay) or the server is closing: nobody to answer.
        logger.debug({ err, path: pathOf(target) }, 'callback connection ended before the reply');
      } else {
        // A fault of ours, not of the request: say so loudly instead of passing it off as a hang-up.
        logger.error({ err, path: pathOf(target) }, 'callback handling failed');
      }
      res.destroy();
    }
  });

  return app;
}
