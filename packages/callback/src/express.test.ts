import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { CallbackVerificationError } from './errors.js';
import { ossCallback } from './express.js';
import type { OssCallbackMiddlewareOptions } from './express.js';
import { replyJson } from './reply-json.js';
import { forbiddenFetch } from './test-support/fake-key-server.js';
import { keyPair } from './test-support/keys.js';
import { VECTOR_A } from './test-support/vector-a.js';
import { signCallbackRequest } from './testing.js';
import { createCallbackVerifier } from './verifier.js';

const KEY_URL = 'http://keys.test/callback_pub_key_v1.pem';

function options(extra: OssCallbackMiddlewareOptions = {}): OssCallbackMiddlewareOptions {
  return { publicKeys: { [KEY_URL]: keyPair().publicKey }, fetch: forbiddenFetch(), ...extra };
}

function echo(req: Request, res: Response): void {
  const callback = req.ossCallback;
  replyJson(res, { Status: 'OK', parsed: callback?.parsed, target: callback?.requestTarget });
}

function signed(url: string, body: string | Record<string, unknown>, contentType?: string) {
  return signCallbackRequest({ privateKey: keyPair().privateKey, publicKeyUrl: KEY_URL, url, body, contentType });
}

// superagent re-encodes a Buffer sent as a form, so the (UTF-8) body goes as a string.
function send(app: express.Express, req: ReturnType<typeof signed>) {
  const { host: _host, 'content-length': _length, ...headers } = req.headers;
  return request(app).post(req.url).set(headers).send(req.body.toString('utf8'));
}

describe('ossCallback() Express middleware', () => {
  it('captures the raw body itself (no body parser) and sets req.ossCallback', async () => {
    const app = express();
    app.post('/cb', ossCallback(options()), echo);
    const res = await send(app, signed('/cb?order=7', { bucket: 'b', 'x:uid': '42' }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ Status: 'OK', parsed: { bucket: 'b', 'x:uid': '42' }, target: '/cb?order=7' });
  });

  it('verifies Vector A (docs/callback-protocol.md §2.5) with the bundled key', async () => {
    const app = express();
    app.post('/index.php', ossCallback({ fetch: forbiddenFetch() }), echo);
    const { host: _host, 'content-length': _length, ...headers } = VECTOR_A.headers;
    const res = await request(app).post(VECTOR_A.url).set(headers).send(VECTOR_A.body);
    expect(res.status).toBe(200);
    expect(res.body.parsed).toEqual({ bucket: 'yonghu-test' });
  });

  it('answers 400 JSON { error, message } when verification fails', async () => {
    const app = express();
    let reached = false;
    app.post('/cb', ossCallback(options()), (_req, res) => {
      reached = true;
      res.end();
    });
    const req = signed('/cb', 'a=1');
    const res = await request(app)
      .post('/cb')
      .set({ ...req.headers, host: 'x' })
      .send('a=2');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toEqual({ error: 'BAD_SIGNATURE', message: 'signature does not verify' });
    expect(reached).toBe(false);

    const unsigned = await request(app).post('/cb').send('a=1');
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error).toBe('MISSING_AUTHORIZATION');
  });

  it('works after express.raw(), whether or not it matched the content type', async () => {
    const app = express();
    app.post('/default-raw', express.raw(), ossCallback(options()), echo);
    app.post('/any-raw', express.raw({ type: '*/*' }), ossCallback(options()), echo);
    for (const path of ['/default-raw', '/any-raw']) {
      const res = await send(app, signed(path, { object: 'a.jpg' }));
      expect(res.status).toBe(200);
      expect(res.body.parsed).toEqual({ object: 'a.jpg' });
    }
  });

  it('detects a JSON or urlencoded parser that ran first (BODY_ALREADY_PARSED, 500)', async () => {
    const app = express();
    app.use(express.json(), express.urlencoded());
    app.post('/cb', ossCallback(options()), echo);
    for (const req of [signed('/cb', { a: 1 }, 'application/json'), signed('/cb', { a: '1' })]) {
      const res = await send(app, req);
      expect(res.status).toBe(500);
      expect(res.body.error).toBe('BODY_ALREADY_PARSED');
      expect(res.body.message).toMatch(/express\.raw/);
    }
  });

  it('signs over the original URL inside a mounted router', async () => {
    const app = express();
    const router = express.Router();
    router.post('/cb', ossCallback(options()), echo);
    app.use('/oss', router);
    const res = await send(app, signed('/oss/cb?id=1', 'a=1'));
    expect(res.status).toBe(200);
    expect(res.body.target).toBe('/oss/cb?id=1');
  });

  it("hands the error to the app with onError: 'next'", async () => {
    const app = express();
    app.post('/cb', ossCallback(options({ onError: 'next' })), echo);
    app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      res.status(401).json({ handled: err instanceof CallbackVerificationError ? err.code : 'other' });
    });
    const res = await request(app).post('/cb').send('a=1');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ handled: 'MISSING_AUTHORIZATION' });
  });

  it('answers BODY_TOO_LARGE past maxBodyBytes, with or without Content-Length', async () => {
    const app = express();
    app.post('/cb', ossCallback(options({ maxBodyBytes: 16 })), echo);
    const declared = await send(app, signed('/cb', 'a=01234567890123456789'));
    expect(declared.status).toBe(400);
    expect(declared.body.error).toBe('BODY_TOO_LARGE');
    // Without Content-Length the limit applies while streaming.
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const chunked = await new Promise<{ status: number; body: { error?: string } }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: 'POST', path: '/cb' },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write('0123456789');
      req.end();
    });
    server.close();
    expect(chunked.status).toBe(400);
    expect(chunked.body.error).toBe('BODY_TOO_LARGE');
  });

  it('accepts a shared verifier, and validates its own options once', async () => {
    const verifier = createCallbackVerifier(options());
    const app = express();
    app.post('/cb', ossCallback({ verifier }), echo);
    expect((await send(app, signed('/cb', 'a=1'))).status).toBe(200);
    expect(() => ossCallback({ verifier, maxBodyBytes: 1 })).toThrow(TypeError);
    expect(() => ossCallback({ onError: 'throw' as never })).toThrow(TypeError);
  });
});

describe('ossCallback() when replying fails', () => {
  it('hands the error to Express instead of leaving an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const seen: unknown[] = [];
    const app = express();
    // An app that already started its answer: the middleware's 400 reply then throws
    // ERR_HTTP_HEADERS_SENT.
    app.use((_req: Request, res: Response, next: NextFunction) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('started');
      next();
    });
    app.post('/cb', ossCallback(options()), echo);
    app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      seen.push(err);
      res.end();
    });
    try {
      const res = await request(app).post('/cb').set('content-type', 'application/json').send('{}');
      expect(res.text).toBe('started');
      await new Promise((resolve) => setImmediate(resolve));
      expect(seen).toHaveLength(1);
      expect((seen[0] as NodeJS.ErrnoException).code).toBe('ERR_HTTP_HEADERS_SENT');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
