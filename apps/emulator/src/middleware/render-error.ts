/**
 * The one error renderer (docs/rest-api.md §5.6): OssProtocolError → its status with the OSS
 * `<Error>` XML, `x-oss-request-id` and `x-oss-ec`; HEAD responses get no body but `x-oss-err`
 * (Base64 of the XML). Anything else is a bug: 500 InternalError, logged with its stack.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Response } from 'express';
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
    logger.debug({ requestId: state.requestId, code: oss.code, status: oss.status }, 'oss error');
    sendOssError(req, res, oss);
  };
}

/**
 * Whether part of the request's body may still be on its way. A request without a body (no
 * Content-Length, or 0, and no Transfer-Encoding) has none, even when it is answered before
 * Node.js has marked it complete (an error raised in the same tick as its headers arrived).
 */
function bodyPending(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Send `error` as the response: its status, `x-oss-ec`, and the OSS `<Error>` XML (for HEAD, no
 * body but `x-oss-err`, with the document's Content-Type and Content-Length). When the request body has not been fully received, the connection is
 * closed after the response (`Connection: close`): the unread rest of a refused body must not be
 * read as the next request, and reading gigabytes only to discard them helps no one. Otherwise
 * the connection stays open, as OSS keeps it (`Connection: keep-alive` on the error answers
 * recorded from OSS in the official Python SDK's unittests/test_object.py).
 */
export function sendOssError(req: IncomingMessage, res: ServerResponse, error: OssProtocolError): void {
  const requestId = stateOf(res as Response).requestId;
  const doc = renderErrorXml(error.toDocument(requestId, req.headers.host ?? ''));
  if (bodyPending(req)) res.setHeader('Connection', 'close');
  if (error.ec !== undefined) res.setHeader('x-oss-ec', error.ec);
  res.statusCode = error.status;
  res.setHeader('Content-Type', 'application/xml');
  // On HEAD too: OSS answers a HEAD error with the length of the document it does not send (a
  // HEAD 404 logged from OSS in apache/seatunnel#6371: Content-Length 455, the size of its x-oss-err).
  res.setHeader('Content-Length', Buffer.byteLength(doc));
  if (req.method === 'HEAD') {
    res.setHeader('x-oss-err', encodeErrHeader(doc));
    res.end();
    return;
  }
  res.end(doc);
}
