/**
 * The emulator's STS: AssumeRole at `/_ossbox/sts`, temporary credentials checked on every OSS
 * request, and RAM policy authorization of STS sessions.
 */
import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { EmulatorConfig } from '../config.js';
import { AssumeRole } from './assume-role.js';
import { PrincipalResolver } from './principal.js';
import { RoleRegistry } from './roles.js';
import { SessionTokens } from './session-token.js';
import { createStsRouter } from './sts-route.js';

export { AUTHORIZED_BY_HANDLER, ramDenied, stsDecision } from './authorize.js';
export type { StsDecision } from './authorize.js';
export type { Principal, StsPrincipal } from './principal.js';
export { PrincipalResolver } from './principal.js';
export { parseRoleArn } from './roles.js';
export type { Role } from './roles.js';
export { STS_KEY_PREFIX } from './session-token.js';

/** Longest DurationSeconds: the default MaxSessionDuration of a RAM role (1 hour). */
export const MAX_STS_DURATION_SECONDS = 3600;

/** The STS pieces the app wires in. */
export interface Sts {
  principals: PrincipalResolver;
  /** Serves `/sts`; mount under `/_ossbox`. */
  router: Router;
}

/**
 * Build the STS of an emulator. `secret` signs tokens and derives temporary secrets; tokens stay
 * valid across restarts only with the same secret (`startEmulator` derives it from the callback
 * key in the data directory; the default is random, for in-process apps and tests).
 */
export function createSts(config: EmulatorConfig, logger: Logger, secret: Buffer = randomBytes(32)): Sts {
  const tokens = new SessionTokens(secret);
  const roles = new RoleRegistry(config.roles);
  const principals = new PrincipalResolver(config.accessKeys, tokens, roles);
  const assumeRole = new AssumeRole(principals, tokens, roles, {
    min: config.stsMinDurationSeconds,
    max: MAX_STS_DURATION_SECONDS,
  });
  return { principals, router: createStsRouter(assumeRole, logger) };
}
