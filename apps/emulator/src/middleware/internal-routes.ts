/**
 * The emulator's own endpoints under `/_ossbox/` (a name no bucket can have), served before OSS
 * routing and OSS authentication: `GET /_ossbox/health` for readiness checks, plus any routers
 * other features mount there. Every one of them but the open ones ({@link OPEN_INTERNAL_PATHS})
 * sits behind the admin token when one is configured (admin-token.ts): this is the one place that
 * check is applied, so a router added under `/_ossbox/` cannot forget it.
 */
import express from 'express';
import type { RequestHandler, Router } from 'express';
import { CALLBACK_PUBLIC_KEY_PATH } from '../callbacks/callback-routes.js';
import type { EmulatorConfig } from '../config.js';
import { STS_PATH } from '../sts/sts-route.js';
import { requireAdminToken } from './admin-token.js';
import { INTERNAL_PREFIX, isInternalRequest } from './resolve-address.js';

/**
 * Paths (under `/_ossbox`) served without the admin token: the readiness probe, the callback
 * public key, which every callback receiver fetches (it is public by nature), and STS AssumeRole,
 * which STS clients call with nothing but their signed parameters (it checks that signature).
 */
export const OPEN_INTERNAL_PATHS: ReadonlySet<string> = new Set([
  '/health',
  CALLBACK_PUBLIC_KEY_PATH.slice(INTERNAL_PREFIX.length),
  STS_PATH,
]);

/** Build the middleware serving `/_ossbox/*` path-style requests; other requests pass through. */
export function internalRoutesMiddleware(config: EmulatorConfig, extra: readonly Router[]): RequestHandler {
  const router = express.Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const guard = requireAdminToken(config.adminToken);
  router.use((req, res, next) => {
    if (OPEN_INTERNAL_PATHS.has(req.path)) next();
    else guard(req, res, next);
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
