/**
 * Test support: a raw TCP client for what HTTP clients will not do on request (trickle a body,
 * stay silent, send an oversized head, wait for `100 Continue`).
 */
import { connect, type Socket } from 'node:net';
import { signedHeaders, targetOf, type OssRequest } from './harness.js';

/** A raw connection to the emulator and everything it has received. */
export interface RawConnection {
  socket: Socket;
  /** All bytes received so far, as latin1 text. */
  text(): string;
  /** Resolves once the received text matches `pattern`, with that text. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>;
}

/** Open a TCP connection to `url` (an emulator base URL). */
export function rawConnect(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    const waiters: (() => void)[] = [];
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      for (const w of waiters.splice(0)) w();
    });
    socket.on('error', () => {});
    socket.once('close', () => {
      for (const w of waiters.splice(0)) w();
    });
    socket.once('connect', () =>
      resolve({
        socket,
        text: () => received,
        closed,
        waitFor(pattern) {
          return new Promise((done, fail) => {
            const check = () => {
              if (pattern.test(received)) done(received);
              else if (socket.destroyed) fail(new Error(`connection closed before ${pattern}; got ${JSON.stringify(received)}`));
              else waiters.push(check);
            };
            check();
          });
        },
      }),
    );
    socket.once('error', reject);
  });
}

/** A signed request head (request line, headers, blank line) for `request`, `extra` headers included. */
export function signedHead(method: string, request: OssRequest & { host: string }, extra: Record<string, string> = {}): string {
  const { host, ...rest } = request;
  const headers = signedHeaders(method, { ...rest, headers: { ...rest.headers, ...extra } });
  const lines = [`${method} ${targetOf(rest)} HTTP/1.1`, `Host: ${host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}
