/**
 * First middleware: gives every response `x-oss-request-id` and `Server: AliyunOSS` (Node adds
 * `Date`), as OSS does on every response (docs/rest-api.md §5.2).
 */
import type { RequestHandler } from 'express';
import { newRequestId } from '@ossbox/protocol';
import { attachState } from '../context.js';

/** Middleware that assigns the request id and the common headers. */
export function requestIdMiddleware(): RequestHandler {
  return (_req, res, next) => {
    const requestId = newRequestId();
    attachState(res, { requestId });
    res.setHeader('x-oss-request-id', requestId);
    res.setHeader('Server', 'AliyunOSS');
    next();
  };
}
