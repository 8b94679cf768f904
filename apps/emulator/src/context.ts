/**
 * Per-request state the middleware chain fills in (request id, addressing, operation, auth),
 * kept on `res.locals` so handlers get it without module globals.
 */
import type { Response } from 'express';
import type { AuthResult } from '@ossbox/protocol';
import type { Operation } from './operations.js';
import type { Principal } from './sts/index.js';

/** Where a request points after host/path routing (docs/rest-api.md §5.1). */
export interface Address {
  style: 'path' | 'virtual';
  /** Undefined for service-level requests (ListBuckets). */
  bucket?: string;
  /** Decoded object key; undefined for bucket-level requests. */
  key?: string;
  /** Path-style `/bucket` with no trailing slash (V1 may sign it as `/bucket`, SignableRequest). */
  bareBucketPath?: boolean;
  /** Decoded query parameters; the first value wins for repeated names; `?acl` gives `acl: ''`. */
  query: Record<string, string>;
}

/** Everything known about the request by the time a handler runs. */
export interface RequestState {
  requestId: string;
  address?: Address;
  operation?: Operation;
  auth?: AuthResult;
  /** Who the request acts as (set with `auth`): anonymous, the account, or an STS session. */
  principal?: Principal;
  /**
   * Why the object name or query could not be read, when the bucket could: raised right after the
   * CORS step, so the bucket's CORS rules apply to that error too (middleware/resolve-address.ts).
   */
  addressError?: unknown;
}

/** The request state attached by the request-id middleware. */
export function stateOf(res: Response): RequestState {
  return res.locals.ossbox as RequestState;
}

/** Attach fresh state to a response. */
export function attachState(res: Response, state: RequestState): void {
  res.locals.ossbox = state;
}
