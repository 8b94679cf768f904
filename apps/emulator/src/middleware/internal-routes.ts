/**
 * The emulator's own endpoints under `/_ossbox/` (a name no bucket can have), served before OSS
 * routing and without authentication: `GET /_ossbox/health` for readiness checks, plus any
 * routers other features mount there.
 */
import express from 'express';
import type { RequestHandler, Router } from 'express';
import type { EmulatorConfig } from '../config.js';
import { INTERNAL_PREFIX, isInternalRequest } from './resolve-address.js';

/** Build the middleware serving `/_ossbox/*` path-style requests; other requests pass through. */
export function internalRoutesMiddleware(config: EmulatorConfig, extra: readonly Router[]): RequestHandler {
  const router = express.Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  for (const r of extra) router.use(r);
  router.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  const mounted = express.Router();
  mounted.use(INTERNAL_PREFIX, router);
  return (req, res, next) => {
    if (!isInternalRequest(req.headers.host ?? '', req.originalUrl, config.hostnames)) {
      next();
      return;
    }
    mounted(req, res, next);
  };
}
