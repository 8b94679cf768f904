/**
 * `DELETE /_ossbox/state`: reset the emulator (reset-state.ts) → 200 `{ blobsRemoved, buckets }`.
 * Only served when the emulator listens on a loopback interface: anyone who can reach a
 * non-loopback emulator could otherwise wipe it (403 there).
 */
import { isIPv4 } from 'node:net';
import express from 'express';
import type { RequestHandler, Router } from 'express';
import type { ResetResult } from './reset-state.js';

/** Mounted under `/_ossbox`. */
export const STATE_PATH = '/state';

/** Whether `host` (an interface to listen on) is reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1') return true;
  return isIPv4(h) && h.startsWith('127.');
}

/** 403 JSON unless the emulator listens on loopback only. */
export function loopbackOnly(host: string): RequestHandler {
  const allowed = isLoopbackHost(host);
  return (_req, res, next) => {
    if (allowed) {
      next();
      return;
    }
    res.status(403).json({ error: `refused: the emulator listens on ${host}, not only on loopback` });
  };
}

/** The router serving {@link STATE_PATH}. */
export function createStateRouter(host: string, reset: () => Promise<ResetResult>): Router {
  const router = express.Router();
  router.delete(STATE_PATH, loopbackOnly(host), (_req, res, next) => {
    reset().then((result) => res.json(result), next);
  });
  return router;
}
