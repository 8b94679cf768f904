/**
 * `Expect: 100-continue`. The server hands such requests to the app without answering 100 (see
 * server.ts), and the app sends `100 Continue` only once routing and authentication have passed,
 * so a client with a bad signature or a wrong bucket gets its error without uploading the body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const awaiting = new WeakSet<IncomingMessage>();

/** Mark a request whose client waits for `100 Continue` before sending the body. */
export function markAwaitingContinue(req: IncomingMessage): void {
  awaiting.add(req);
}

/** Send `100 Continue` if the client is waiting for it (once). */
export function sendContinueIfAwaited(req: IncomingMessage, res: ServerResponse): void {
  if (awaiting.delete(req)) res.writeContinue();
}
