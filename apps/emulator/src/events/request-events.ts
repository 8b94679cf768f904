/**
 * One `request` event per OSS request (not for the emulator's own `/_ossbox/*` routes), emitted
 * when its connection is done with the response: what the console's live request log shows and
 * what a test can await (`waitFor({ type: 'request', operation: 'PutObject', status: 503 })`).
 */
import type { RequestHandler } from 'express';
import { stateOf } from '../context.js';
import type { Principal } from '../sts/index.js';
import type { EventBus } from './event-bus.js';

/** The request event's credential fields (sts/principal.ts). */
function credentialsOf(principal: Principal | undefined) {
  if (principal === undefined) return {};
  if (principal.kind === 'anonymous') return { principal: principal.kind };
  if (principal.kind === 'account') return { principal: principal.kind, accessKeyId: principal.accessKeyId };
  return {
    principal: principal.kind,
    accessKeyId: principal.accessKeyId,
    roleArn: principal.role.arn,
    sessionName: principal.sessionName,
    policies: principal.policies,
  };
}

/**
 * Middleware emitting the request's event on `bus` once the response is finished or the
 * connection closed; it must run after the request-id middleware (it reads the request state
 * the later middleware fill in: address, operation).
 */
export function requestEventsMiddleware(bus: EventBus): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const state = stateOf(res);
      bus.emit({
        type: 'request',
        bucket: state.address?.bucket ?? '',
        key: state.address?.key ?? '',
        requestId: state.requestId,
        method: req.method,
        operation: state.operation?.name ?? '',
        status: res.statusCode,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        ...(res.writableFinished ? {} : { aborted: true as const }),
        ...credentialsOf(state.principal),
      });
    });
    next();
  };
}
