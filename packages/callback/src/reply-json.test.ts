import { createServer, get } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { replyJson } from './reply-json.js';

let server: Server | undefined;
afterEach(async () => {
  const current = server;
  server = undefined;
  if (current === undefined) return;
  current.closeAllConnections();
  await new Promise((resolve) => current.close(resolve));
});

describe('replyJson()', () => {
  it('answers 200, application/json, a byte-exact Content-Length and no BOM (node:http)', async () => {
    server = createServer((_req, res) => replyJson(res, { Status: 'OK', city: '杭州' }));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const res = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve) =>
      get({ host: '127.0.0.1', port, path: '/' }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers, body: Buffer.concat(chunks) }));
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['transfer-encoding']).toBeUndefined();
    // '{"Status":"OK","city":"杭州"}' is 27 characters but 31 bytes.
    expect(res.headers['content-length']).toBe('31');
    expect(res.body.length).toBe(31);
    expect(res.body[0]).toBe(0x7b); // '{', no EF BB BF in front
    expect(JSON.parse(res.body.toString('utf8'))).toEqual({ Status: 'OK', city: '杭州' });
  });

  it('works with an Express response and a custom status', async () => {
    const app = express();
    app.get('/', (_req, res) => replyJson(res, { error: 'X' }, 400));
    const res = await request(app).get('/');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['content-length']).toBe('13');
    expect(res.body).toEqual({ error: 'X' });
  });

  it('refuses a value without a JSON form', () => {
    const res = { statusCode: 0, setHeader: () => res, end: () => res } as never;
    expect(() => replyJson(res, undefined)).toThrow(TypeError);
  });
});
