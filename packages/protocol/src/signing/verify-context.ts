/** What every verifier (V1, V2, V4, header or presigned) shares: the secrets, the clock, the region. */
import { HEADER_SKEW_EC, invalidAccessKeyId, missingRequestDate, requestTimeTooSkewed } from './auth-errors.js';
import { headerValue } from './canonical-text.js';
import type { SignableRequest } from './types.js';

/** How the verifier finds secrets and judges time. */
export interface VerifyOptions {
  /** Returns the secret for an access key id, or undefined when unknown. */
  lookupSecret: (accessKeyId: string) => string | undefined;
  /** Region the server accepts in V4 credentials scope. */
  region: string;
  /** Current time (injectable for tests). */
  now?: Date;
  /** Allowed clock skew for header-signed requests, default 15 minutes. */
  maxSkewMs?: number;
}

/** Outcome of a successful authentication. */
export type AuthResult =
  | { kind: 'anonymous' }
  | {
      kind: 'v1' | 'v2' | 'v4' | 'presigned-v1' | 'presigned-v2' | 'presigned-v4';
      accessKeyId: string;
      securityToken?: string;
    };

/** Default allowed clock skew: 15 minutes (docs/rest-api.md §5.3, error table). */
export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

/** {@link VerifyOptions} with the defaults applied. */
export interface VerifyContext {
  lookupSecret: VerifyOptions['lookupSecret'];
  region: string;
  now: Date;
  maxSkewMs: number;
}

/** The secret of an access key id; 403 InvalidAccessKeyId when unknown. */
export function secretFor(ctx: VerifyContext, accessKeyId: string): string {
  const secret = ctx.lookupSecret(accessKeyId);
  if (secret === undefined) throw invalidAccessKeyId(accessKeyId);
  return secret;
}

/** 403 RequestTimeTooSkewed when a header-signed request's `requestTime` is further from now than allowed. */
export function checkSkew(ctx: VerifyContext, requestTime: Date): void {
  if (Math.abs(ctx.now.getTime() - requestTime.getTime()) > ctx.maxSkewMs) {
    throw requestTimeTooSkewed(requestTime, ctx.now, ctx.maxSkewMs, HEADER_SKEW_EC);
  }
}

/** Add the STS token to a result when one was sent. */
export function withToken<T extends object>(result: T, token: string | undefined): T & { securityToken?: string } {
  return token === undefined || token === '' ? result : { ...result, securityToken: token };
}

/**
 * Check the date of a V1/V2 header-signed request: `x-oss-date` when present, else `Date` (the
 * same header the string to sign uses), within the allowed skew.
 */
export function checkHeaderDate(ctx: VerifyContext, req: SignableRequest): void {
  const dateName = headerValue(req.headers, 'x-oss-date') !== undefined ? 'x-oss-date' : 'Date';
  const dateText = headerValue(req.headers, dateName);
  const requestTime = dateText === undefined ? Number.NaN : Date.parse(dateText);
  if (Number.isNaN(requestTime)) throw missingRequestDate('Date or x-oss-date');
  checkSkew(ctx, new Date(requestTime));
}
