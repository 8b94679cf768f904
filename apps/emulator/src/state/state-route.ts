/**
 * `DELETE /_ossbox/state`: reset the emulator (reset-state.ts) → 200 `{ blobsRemoved, buckets, seeded }`,
 * or 500 `{ error }` when a `--seed` tree can no longer be imported (then nothing changed).
 * Like every `/_ossbox/` endpoint it is behind the admin token when the emulator has one (always
 * when it listens beyond loopback; middleware/internal-routes.ts), so no one who can merely reach
 * the emulator can wipe it.
 */
import express from 'express';
import type { Router } from 'express';
import type { ResetResult } from './reset-state.js';

/** Mounted under `/_ossbox`. */
export const STATE_PATH = '/state';

/** The router serving {@link STATE_PATH}. */
export function createStateRouter(reset: () => Promise<ResetResult>): Router {
  const router = express.Router();
  router.delete(STATE_PATH, (_req, res) => {
    // A --seed tree that became unreadable rejects the reset before anything is removed.
    reset().then(
      (result) => res.json(result),
      (error: unknown) => res.status(500).json({ error: `reset failed, nothing was changed: ${(error as Error).message}` }),
    );
  });
  return router;
}
