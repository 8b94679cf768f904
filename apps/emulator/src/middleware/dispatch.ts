/** Picking the operation for a request, and running its handler. */
import type { RequestHandler } from 'express';
import type { HandlerDeps } from '../handlers/handler.js';
import { stateOf } from '../context.js';
import { resolveOperation } from '../operations.js';

/** Middleware: identify the OSS operation (before auth, which needs to know it). */
export function resolveOperationMiddleware(): RequestHandler {
  return (req, res, next) => {
    const state = stateOf(res);
    state.operation = resolveOperation(req, state.address!);
    next();
  };
}

/** Middleware: run the operation's handler; errors go to the error renderer. */
export function runOperationMiddleware(deps: HandlerDeps): RequestHandler {
  return async (req, res) => {
    const state = stateOf(res);
    const address = state.address!;
    deps.logger.debug({ requestId: state.requestId, operation: state.operation!.name }, 'operation');
    await state.operation!.handler({
      ...deps,
      req,
      res,
      state,
      address,
      bucket: address.bucket ?? '',
      key: address.key ?? '',
    });
  };
}
