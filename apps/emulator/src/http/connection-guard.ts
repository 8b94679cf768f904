/**
 * Connection-level limits of the emulator's HTTP server: slow and stalled clients, oversized or
 * malformed request heads, and a cap on open connections. Each refusal is an OSS error document
 * with a request id, sent with `Connection: close` (the connection cannot carry another request).
 *
 * - Header deadline: the request head must arrive within `headerTimeoutMs` (Node's
 *   `headersTimeout`) → 400 RequestTimeout.
 * - Idle deadline: a connection on which nothing arrives or leaves for `idleTimeoutMs` is closed.
 *   While a request body is arriving that is 400 RequestTimeout, OSS's answer to "Your socket
 *   connection to the server was not read from or written to within the timeout period"
 *   (https://www.alibabacloud.com/help/en/oss/support/http-400-status-code). Idle, not total:
 *   a large upload on a slow link is never cut as long as bytes keep coming, and the server's
 *   own work (a long CompleteMultipartUpload, a callback) is never counted against the client.
 * - Oversized request head (Node answers a bare 431 by default): 400 BadRequest, as OSS's
 *   front end answers a head over its buffers.
 * - `maxConnections`: connections beyond it are closed on accept (Node's `server.maxConnections`).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { newRequestId, OssProtocolError, ossError, renderErrorXml } from '@ossbox/protocol';

/** The limits, all from the emulator config. */
export interface ConnectionLimits {
  /** Deadline for the whole request head, in ms. */
  headerTimeoutMs: number;
  /** Inactivity after which a connection is closed, in ms; 0 = never. */
  idleTimeoutMs: number;
  /** Most simultaneous connections; 0 = no cap. */
  maxConnections: number;
}

/** Options for `http.createServer` that the limits need at construction time. */
export function serverOptionsFor(limits: ConnectionLimits): { connectionsCheckingInterval: number; headersTimeout: number } {
  // Node checks the header deadline on this interval (default 30 s): keep it a fraction of the
  // deadline so a short configured deadline is honoured.
  const interval = Math.max(20, Math.min(30_000, Math.floor(limits.headerTimeoutMs / 4)));
  return { connectionsCheckingInterval: interval, headersTimeout: limits.headerTimeoutMs };
}

const requestTimeout = () => ossError('RequestTimeout');

/** An error as a complete raw HTTP/1.1 response, for sockets that have no response object. */
function rawErrorResponse(error: OssProtocolError): string {
  const requestId = newRequestId();
  const body = renderErrorXml(error.toDocument(requestId, ''));
  const lines = [
    `HTTP/1.1 ${error.status} ${error.status === 400 ? 'Bad Request' : 'Error'}`,
    'Server: AliyunOSS',
    `Date: ${new Date().toUTCString()}`,
    'Content-Type: application/xml',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `x-oss-request-id: ${requestId}`,
    'Connection: close',
  ];
  if (error.ec !== undefined) lines.push(`x-oss-ec: ${error.ec}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** What {@link guardConnections} needs from the app to answer a stalled request. */
export type SendError = (req: IncomingMessage, res: ServerResponse, error: OssProtocolError) => void;

/**
 * Apply `limits` to `server` (created with {@link serverOptionsFor}). `sendError` renders an OSS
 * error on a live response, the same way the app's error middleware does.
 */
export function guardConnections(server: Server, limits: ConnectionLimits, sendError: SendError, logger: Logger): void {
  // Total request time stays unlimited: only inactivity ends a request.
  server.requestTimeout = 0;
  server.timeout = limits.idleTimeoutMs;
  // An idle keep-alive connection lives as long as any idle one (Node's own default is 5 s).
  // Client pools time their idle sockets out at 4-5 s (Node's agent, agentkeepalive in ali-oss)
  // or later (Go: 90 s): a server that closes at 5 s races the client reusing the socket, and
  // the client sees "socket hang up" / ECONNRESET on a request the server never got.
  server.keepAliveTimeout = limits.idleTimeoutMs;
  if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections;

  const active = new WeakMap<Socket, { req: IncomingMessage; res: ServerResponse }>();
  const track = (req: IncomingMessage, res: ServerResponse) => {
    active.set(req.socket, { req, res });
    res.once('close', () => {
      if (active.get(req.socket)?.res === res) active.delete(req.socket);
    });
  };
  server.on('request', track);
  server.on('checkContinue', track);

  server.on('timeout', (socket: Socket) => {
    const current = active.get(socket);
    if (current && !current.res.headersSent && current.req.complete) {
      // The whole request is in: the server is working (long Complete, callback), not the client.
      return;
    }
    if (current && !current.res.headersSent) {
      logger.debug({ remote: socket.remoteAddress }, 'request body stalled; answering RequestTimeout');
      const error = requestTimeout();
      // Node stops tracking a request once its response is finished, so the handler still
      // waiting for the body would wait forever: end the body stream with the error too.
      current.res.once('finish', () => current.req.destroy(error));
      sendError(current.req, current.res, error);
      return;
    }
    socket.destroy();
  });

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const current = active.get(socket);
    if (!socket.writable || (current && current.res.headersSent) || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    let answer: OssProtocolError;
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      answer = ossError('BadRequest', { message: 'Request Header Or Cookie Too Large' });
    } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      answer = requestTimeout();
    } else {
      answer = ossError('BadRequest', { message: `The request could not be parsed (${error.code ?? 'bad request'}).` });
    }
    logger.debug({ err: error, code: answer.code }, 'client error');
    socket.end(rawErrorResponse(answer), () => socket.destroy());
  });
}
