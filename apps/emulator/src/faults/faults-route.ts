/**
 * `/_ossbox/faults`, the fault rules over HTTP (JSON):
 * - `GET /_ossbox/faults` → 200 `{ faults: [rule…] }` (with `id`, `matched`, `fired`);
 * - `POST /_ossbox/faults` with one rule → 201 the installed rule (with its `id`); an invalid
 *   rule or body → 400 `{ error }` naming the problem;
 * - `DELETE /_ossbox/faults/<id>` → 204, or 404 `{ error }`;
 * - `DELETE /_ossbox/faults` → 200 `{ removed: n }`.
 */
import express from 'express';
import type { ErrorRequestHandler, Router } from 'express';
import { FaultRuleError } from './fault-rule.js';
import type { FaultRegistry } from './fault-registry.js';

/** Mounted under `/_ossbox`. */
export const FAULTS_PATH = '/faults';

/** Largest rule body accepted. */
const MAX_RULE_BYTES = 64 * 1024;

/** Body-parser failures (bad JSON, too large) and invalid rules as 400 JSON, not OSS XML. */
const jsonErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const status = (error as { status?: unknown }).status;
  if (error instanceof FaultRuleError) {
    res.status(400).json({ error: error.message });
  } else if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json({ error: `invalid request body: ${(error as Error).message}` });
  } else {
    next(error);
  }
};

/** The router serving {@link FAULTS_PATH}. */
export function createFaultsRouter(faults: FaultRegistry): Router {
  const router = express.Router();
  // Any content type: `curl -d '{…}'` sends application/x-www-form-urlencoded.
  const json = express.json({ type: () => true, limit: MAX_RULE_BYTES, strict: false });
  router.get(FAULTS_PATH, (_req, res) => {
    res.json({ faults: faults.list() });
  });
  router.post(FAULTS_PATH, json, (req, res) => {
    if (req.body === undefined) throw new FaultRuleError('invalid fault rule: send one rule as a JSON object');
    res.status(201).json(faults.add(req.body));
  });
  router.delete(FAULTS_PATH, (_req, res) => {
    res.json({ removed: faults.clear() });
  });
  router.delete(`${FAULTS_PATH}/:id`, (req, res) => {
    if (faults.remove(req.params.id)) res.status(204).end();
    else res.status(404).json({ error: `no fault rule ${req.params.id}` });
  });
  router.use(FAULTS_PATH, jsonErrors);
  return router;
}
