/**
 * Test support: a real HTTP callback receiver on a free loopback port that records every request
 * (raw request target, headers, body bytes) and answers as the test says.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface ReceivedCallback {
  method: string;
  /** The request target exactly as on the wire. */
  target: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** How to answer: write the response yourself (or never, to make the emulator time out). */
export type Reply = (res: ServerResponse, request: ReceivedCallback) => void;

/** A running receiver. */
export interface CallbackReceiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  received: ReceivedCallback[];
  close(): Promise<void>;
}

/** Answer 200 with this JSON text and a Content-Length, as a well-behaved receiver does (§3.1). */
export function replyJson(text: string): Reply {
  return (res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };
}

/** Start a receiver answering every request with `reply`. */
export async function startReceiver(reply: Reply): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', target: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      received.push(request);
      reply(res, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on which nothing listens (a port that was free a moment ago). */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/refused`;
}
