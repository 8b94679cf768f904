import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';

/** One request that went through a {@link CountingProxy}. */
export interface ProxiedRequest {
  method: string;
  /** Path and query as sent by the client. */
  url: string;
  /** Status the upstream answered; undefined when the request never completed. */
  status?: number;
}

/** A transparent HTTP proxy in front of the emulator that records every request. */
export interface CountingProxy {
  /** `http://127.0.0.1:<port>`: use it as the client's endpoint. */
  readonly url: string;
  /** Requests seen so far, in arrival order. */
  readonly requests: ProxiedRequest[];
  /** Forgets the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts a pass-through proxy to `target` on a free port. It lets a test count what a client really
 * sent (e.g. how many UploadPart requests a resumed upload made) without trusting the client's own
 * progress events. Headers, including `Host`, are forwarded untouched so signatures stay valid.
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const entry: ProxiedRequest = { method: req.method ?? 'GET', url: req.url ?? '/' };
    requests.push(entry);
    const outgoing = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (upstreamRes) => {
        entry.status = upstreamRes.statusCode;
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        pipeline(upstreamRes, res).catch(() => res.destroy());
      },
    );
    outgoing.on('error', () => res.destroy());
    // A client that aborts mid-request must abort the upstream request too, as a direct
    // connection would.
    req.on('aborted', () => outgoing.destroy());
    res.on('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    pipeline(req, outgoing).catch(() => outgoing.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    reset: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
