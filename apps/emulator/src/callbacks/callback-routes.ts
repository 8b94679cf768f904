/**
 * The emulator's own callback endpoints. The router's paths are relative to
 * {@link CALLBACK_ROUTER_MOUNT_PATH}: the app mounts it there (its `internalRouters` hook),
 * before authentication and bucket routing (`_ossbox` cannot be a bucket name).
 */
import { Router, type Request, type Response } from 'express';
import type { CallbackAttempt, CallbackLog, CallbackLogQuery } from './callback-log.js';
import { outcomeMatches } from './callback-log.js';
import { CallbackReplayError } from './callback-replay.js';
import type { CallbackOutcome } from './deliver-callback.js';

/** Where {@link createCallbackRouter} is meant to be mounted. */
export const CALLBACK_ROUTER_MOUNT_PATH = '/_ossbox';
const KEY_ROUTE = '/callback_pub_key_v1.pem';
const LOG_ROUTE = '/callbacks';
/** Full path of the public key PEM; `x-oss-pub-key-url` points here. */
export const CALLBACK_PUBLIC_KEY_PATH = `${CALLBACK_ROUTER_MOUNT_PATH}${KEY_ROUTE}`;
/** Full path of the attempt log (JSON). */
export const CALLBACK_LOG_PATH = `${CALLBACK_ROUTER_MOUNT_PATH}${LOG_ROUTE}`;

/** Dependencies of {@link createCallbackRouter}. */
export interface CallbackRouterOptions {
  log: CallbackLog;
  /** SubjectPublicKeyInfo PEM of the callback key. */
  publicKeyPem: string;
  /** Sends a logged attempt's callback again (`CallbackEngine.replay`); enables the replay route. */
  replay?: (attemptId: string) => Promise<CallbackOutcome>;
}

const MAX_WAIT_MS = 30_000;

/**
 * Routes, relative to {@link CALLBACK_ROUTER_MOUNT_PATH}:
 * - `GET /_ossbox/callback_pub_key_v1.pem`: the public key, as OSS serves its own (§2.2).
 * - `GET /_ossbox/callbacks?bucket=&key=&requestId=&outcome=&limit=&waitMs=`: `{ attempts: [...] }`,
 *   newest first (default limit 100); `outcome` is one outcome or `failed` for any failure. With
 *   `waitMs` (≤ 30000) and no match yet, the reply waits up to that long for the first matching
 *   attempt, so scripts need not poll.
 * - `POST /_ossbox/callbacks/<attemptId>/replay` (with `replay`): sends that attempt's callback
 *   again and answers 200 `{ ok, attempts, message?, ec? }` once it was delivered or failed
 *   (`message`/`ec`: the `CallbackFailed` an uploader would get); 404 `NoSuchAttempt`, 409
 *   `NotReplayable`.
 *
 * @example
 * app.use(CALLBACK_ROUTER_MOUNT_PATH, createCallbackRouter({ log, publicKeyPem }));
 * // or: startEmulator({ ..., internalRouters: [createCallbackRouter({ log, publicKeyPem })] })
 * // curl 'http://127.0.0.1:9000/_ossbox/callbacks?bucket=demo&limit=5'
 */
export function createCallbackRouter(options: CallbackRouterOptions): Router {
  const { log, publicKeyPem } = options;
  const router = Router();

  router.get(KEY_ROUTE, (_req: Request, res: Response) => {
    // The PEM media type; receivers read the body as text whatever the type. The key only changes
    // when the data directory does, so a short cache is safe.
    res.type('application/x-pem-file').set('Cache-Control', 'public, max-age=300').send(publicKeyPem);
  });

  router.get(LOG_ROUTE, async (req: Request, res: Response) => {
    const filter: CallbackLogQuery = { limit: 100 };
    for (const name of ['bucket', 'key', 'requestId', 'outcome'] as const) {
      const value = req.query[name];
      if (typeof value === 'string') filter[name] = value;
    }
    const limit = positiveInt(req.query.limit, Infinity);
    const waitMs = positiveInt(req.query.waitMs, MAX_WAIT_MS);
    if (limit === null || waitMs === null) {
      res.status(400).json({ error: 'limit and waitMs must be positive integers (waitMs at most 30000)' });
      return;
    }
    if (limit !== undefined) filter.limit = limit;
    if (waitMs !== undefined && log.query(filter).length === 0) {
      await log.waitFor((a) => matches(a, filter), waitMs).catch(() => undefined);
    }
    res.json({ attempts: log.query(filter) });
  });

  const { replay } = options;
  if (replay) {
    router.post(`${LOG_ROUTE}/:id/replay`, async (req: Request, res: Response) => {
      try {
        const outcome = await replay(String(req.params.id));
        const { attempts } = outcome;
        res.json(outcome.ok ? { ok: true, attempts } : { ok: false, message: outcome.message, ec: outcome.ec, attempts });
      } catch (error) {
        if (!(error instanceof CallbackReplayError)) throw error;
        res.status(error.code === 'NoSuchAttempt' ? 404 : 409).json({ error: error.message, code: error.code });
      }
    });
  }

  return router;
}

/** undefined when absent, null when invalid. */
function positiveInt(value: unknown, max: number): number | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[1-9]\d*$/.test(value)) return null;
  const n = Number(value);
  return n <= max ? n : null;
}

function matches(a: CallbackAttempt, f: CallbackLogQuery): boolean {
  return (
    (f.bucket === undefined || a.bucket === f.bucket) &&
    (f.key === undefined || a.key === f.key) &&
    (f.requestId === undefined || a.requestId === f.requestId) &&
    outcomeMatches(a.outcome, f.outcome)
  );
}
