/**
 * Requests framed by both `Content-Length` and `Transfer-Encoding: chunked`.
 *
 * Official clients send such requests (ali-oss `putStream` with a known length sets both), and OSS
 * accepts them. Node's strict parser answers them with a bare 400 and closes the connection, since
 * a proxy and a server that disagree on the framing can be made to split one request into two
 * (request smuggling). Node's only switch for this is `insecureHTTPParser`
 * (https://nodejs.org/api/http.html#httpcreateserveroptions-requestlistener), which also relaxes
 * header-value checks. ossbox turns it on because it is a local test emulator bound to loopback by
 * default, not a hop behind a shared proxy; and it follows RFC 9112 §6.1 for the ambiguous case:
 * the body is read by `Transfer-Encoding` alone (llhttp's rule when lenient), and the connection is
 * closed after the response, so no bytes left over from a misread body can become a second request.
 */
import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Options for `http.createServer`: see the module comment for why the parser is lenient. */
export const LENIENT_SERVER_OPTIONS: ServerOptions = { insecureHTTPParser: true };

/** Connections that carried an ambiguously framed request: nothing after it is served. */
const closing = new WeakSet<Socket>();

/**
 * Whether to serve `req`. When it carries both framing headers, drop `Content-Length` (the chunked
 * framing is what was read, RFC 9112 §6.3) and close the connection after the response (RFC 9112
 * §6.1); requests pipelined after it on that connection are never served (false), since Node has
 * already parsed them and would otherwise answer them before the connection closes.
 */
export function admitFraming(req: IncomingMessage, res: ServerResponse): boolean {
  if (closing.has(req.socket)) return false;
  if (req.headers['transfer-encoding'] === undefined || req.headers['content-length'] === undefined) return true;
  delete req.headers['content-length'];
  res.shouldKeepAlive = false;
  closing.add(req.socket);
  return true;
}
