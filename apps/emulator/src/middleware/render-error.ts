/**
 * The one error renderer (docs/rest-api.md §5.6): OssProtocolError → its status with the OSS
 * `<Error>` XML, `x-oss-request-id` and `x-oss-ec`; HEAD responses get no body but `x-oss-err`
 * (Base64 of the XML). Anything else is a bug: 500 InternalError, logged with its stack.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { encodeErrHeader, OssProtocolError, renderErrorXml } from '@ossbox/protocol';
import { stateOf } from '../context.js';

/** Error-handling middleware; must be registered last. */
export function renderErrorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const state = stateOf(res);
    const known = error instanceof OssProtocolError;
    const clientGone = res.destroyed || res.socket?.destroyed !== false;
    if (res.headersSent || clientGone) {
      // Nothing more can be sent. A client hanging up mid-transfer is not a server fault; a
      // failure after the response started (e.g. a disk read error) is.
      if (known || clientGone) logger.debug({ err: error, requestId: state.requestId }, 'request ended early');
      else logger.error({ err: error, requestId: state.requestId }, 'internal error after the response started');
      res.destroy();
      return;
    }
    if (!known) logger.error({ err: error, requestId: state.requestId, method: req.method, url: req.originalUrl }, 'internal error');
    const oss = known ? error : new OssProtocolError('InternalError', { cause: error });
    const doc = renderErrorXml(oss.toDocument(state.requestId, req.headers.host ?? ''));
    logger.debug({ requestId: state.requestId, code: oss.code, status: oss.status }, 'oss error');
    if (oss.ec !== undefined) res.setHeader('x-oss-ec', oss.ec);
    res.status(oss.status);
    if (req.method === 'HEAD') {
      res.setHeader('x-oss-err', encodeErrHeader(doc));
      res.end();
      return;
    }
    res.type('application/xml').send(doc);
  };
}
