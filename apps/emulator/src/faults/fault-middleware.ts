/**
 * Applying the request-phase fault rules (fault-registry.ts) to a request whose operation is
 * known and authorized, before its handler runs:
 * - `delay`: wait, then go on (several delays add up);
 * - `error`: answer the OSS error (through the one error renderer, so the XML has RequestId,
 *   HostId and EC like any other); the handler never runs, so nothing is stored;
 * - `cut-request`: read the body until `afterBytes` have arrived, then drop the connection
 *   without answering; nothing is stored;
 * - `cut-response`: run the operation (its effects stay, as when a real response is lost on the
 *   way), then drop the connection after `afterBytes` bytes of the response body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestHandler } from 'express';
import { OssProtocolError } from '@ossbox/protocol';
import { stateOf } from '../context.js';
import { requestBody } from '../http/read-body.js';
import type { FaultEffect } from './fault-rule.js';
import type { FaultRegistry } from './fault-registry.js';

type ErrorEffect = Extract<FaultEffect, { type: 'error' }>;

function faultError(effect: ErrorEffect): OssProtocolError {
  return new OssProtocolError(effect.code, {
    ...(effect.status === undefined ? {} : { status: effect.status }),
    ...(effect.message === undefined ? {} : { message: effect.message }),
    ...(effect.ec === undefined ? {} : { ec: effect.ec }),
  });
}

/**
 * Read and discard the rest of the body before an injected error, unless the client waits for
 * `100 Continue`: a client still sending its body when the server answers and closes sees a
 * connection reset instead of the error, and would retry a 4xx as a network failure.
 */
async function discardBody(req: IncomingMessage): Promise<void> {
  if (req.complete || /100-continue/i.test(req.headers.expect ?? '')) return;
  try {
    for await (const _chunk of requestBody(req)) {
      // discarded
    }
  } catch {
    // The client went away; the error renderer copes with a closed connection.
  }
}

/** Drop the connection once at least `afterBytes` of the request body arrived (or it ended). */
function cutRequest(req: IncomingMessage, afterBytes: number): void {
  const cut = (): void => {
    req.socket.destroy();
  };
  if (afterBytes === 0) {
    cut();
    return;
  }
  let received = 0;
  const body = requestBody(req);
  body.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received >= afterBytes) cut();
  });
  body.on('end', cut);
  body.on('error', cut);
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.alloc(0);
}

/**
 * Let the response out until `afterBytes` bytes of its body went, then destroy the connection.
 * With 0, not even the status line is sent. A body shorter than that goes out whole.
 */
function cutResponse(res: ServerResponse, afterBytes: number): void {
  const write = res.write.bind(res) as (chunk: unknown, cb?: () => void) => boolean;
  let sent = 0;
  let cut = false;
  const cutAfter = (last: Buffer): void => {
    cut = true;
    if (last.length === 0 && !res.headersSent) {
      res.destroy();
      return;
    }
    write(last, () => res.destroy());
  };
  // Only the body-carrying calls are wrapped: every response body goes through write or end.
  res.write = function (chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    if (cut) return false;
    const bytes = toBuffer(chunk, encoding);
    if (sent + bytes.length < afterBytes) {
      sent += bytes.length;
      return (write as (...args: unknown[]) => boolean)(chunk, encoding, callback);
    }
    cutAfter(bytes.subarray(0, afterBytes - sent));
    return false;
  } as ServerResponse['write'];
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = function (chunk?: unknown, encoding?: unknown, callback?: unknown): ServerResponse {
    if (cut) return res;
    const bytes = typeof chunk === 'function' ? Buffer.alloc(0) : toBuffer(chunk, encoding);
    if (sent + bytes.length < afterBytes) return end(chunk, encoding, callback);
    cutAfter(bytes.subarray(0, afterBytes - sent));
    return res;
  } as ServerResponse['end'];
}

/**
 * Middleware applying the registry's request-phase faults; goes right before the operation runs.
 *
 * @example
 * ```ts
 * app.use(authenticateMiddleware(config, storage.meta));
 * app.use(faultMiddleware(faults));
 * app.use(runOperationMiddleware(handlerDeps));
 * ```
 */
export function faultMiddleware(faults: FaultRegistry): RequestHandler {
  return (req, res, next) => {
    const state = stateOf(res);
    const fired = faults.forRequest({
      operation: state.operation!.name,
      bucket: state.address?.bucket ?? '',
      key: state.address?.key ?? '',
      requestId: state.requestId,
    });
    if (fired.length === 0) {
      next();
      return;
    }
    const delayMs = fired.reduce((sum, { effect }) => sum + (effect.type === 'delay' ? effect.ms : 0), 0);
    const decisive = fired.find(({ effect }) => effect.type !== 'delay')?.effect;
    const apply = async (): Promise<void> => {
      if (delayMs > 0) await sleep(delayMs);
      switch (decisive?.type) {
        case 'error':
          await discardBody(req);
          next(faultError(decisive));
          return;
        case 'cut-request':
          cutRequest(req, decisive.afterBytes);
          return;
        case 'cut-response':
          cutResponse(res, decisive.afterBytes);
          next();
          return;
        default:
          next();
      }
    };
    apply().catch(next);
  };
}
