/**
 * `Expect: 100-continue`. The server hands such requests to the app without answering 100 (see
 * server.ts), and `100 Continue` goes out only when a handler starts reading the body: by then
 * everything decidable from the request head has been checked (routing, signature, bucket, size
 * limit, callback parameters, `x-oss-forbid-overwrite`, upload id, append position), so a request
 * refused on those grounds never makes the client upload its body
 * (https://www.rfc-editor.org/rfc/rfc9110#section-10.1.1).
 *
 * A response sent while the client still waits for 100 carries `Connection: close`: the client
 * will not send the body, and the server cannot tell where the next request would start.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Defer `100 Continue` for `req` until its body is first read (the stream's `_read`), and close the
 * connection if the final response goes out first.
 */
export function deferContinue(req: IncomingMessage, res: ServerResponse): void {
  let awaiting = true;
  const read = req._read;
  req._read = function (this: IncomingMessage, size: number) {
    if (awaiting && !res.headersSent) res.writeContinue();
    awaiting = false;
    return read.call(this, size);
  };
  // Every final response goes through writeHead (`end()` calls it implicitly).
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    if (awaiting && !this.headersSent) this.setHeader('Connection', 'close');
    awaiting = false;
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];
}
