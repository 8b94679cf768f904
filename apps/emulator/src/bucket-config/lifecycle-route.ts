/**
 * `POST /_ossbox/lifecycle/run[?now=<ISO 8601>][&bucket=<name>]`: apply the lifecycle rules now
 * (./lifecycle-run.ts) → 200 `{ now, buckets: [{ bucket, expired: [key…], aborted: [{ key,
 * uploadId }…] }] }`, listing only buckets where something was removed. `now` defaults to the
 * current time; a `now` that is not a date is 400. Behind the admin token like every `/_ossbox/`
 * endpoint.
 */
import express from 'express';
import type { Router } from 'express';
import type { Storage } from '../store/storage.js';
import { runLifecycle } from './lifecycle-run.js';

/** Mounted under `/_ossbox`. */
export const LIFECYCLE_RUN_PATH = '/lifecycle/run';

/** The router serving {@link LIFECYCLE_RUN_PATH}. */
export function createLifecycleRouter(storage: Storage): Router {
  const router = express.Router();
  router.post(LIFECYCLE_RUN_PATH, (req, res, next) => {
    const nowText = typeof req.query.now === 'string' ? req.query.now : undefined;
    const now = nowText === undefined ? new Date() : new Date(nowText);
    if (Number.isNaN(now.getTime())) {
      res.status(400).json({ error: `now must be an ISO 8601 date, got ${JSON.stringify(nowText)}` });
      return;
    }
    const bucket = typeof req.query.bucket === 'string' ? req.query.bucket : undefined;
    runLifecycle(storage, now, bucket).then((result) => res.json(result), next);
  });
  return router;
}
