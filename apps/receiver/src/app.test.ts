import { Writable } from 'node:stream';
import type { CallbackVerifier } from '@ossbox/callback';
import { pino } from 'pino';
import request from 'supertest';
import type { Response as TestResponse } from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { CallbackLog } from './callback-log.js';
import { sendableHeaders, signed, testVerifier } from './test-support/callbacks.js';

function makeApp(capacity = 100) {
  const log = new CallbackLog(capacity);
  const app = createApp({ verifier: testVerifier(), log, logger: pino({ level: 'silent' }) });
  return { app, log };
}

// superagent re-encodes Buffers sent as forms, so the (UTF-8) body goes as a string; responses
// are read as raw bytes so BOMs and non-JSON bodies can be checked exactly.
function post(app: ReturnType<typeof makeApp>['app'], req: ReturnType<typeof signed>) {
  return request(app)
    .post(req.url)
    .set(sendableHeaders(req))
    .send(req.body.toString('utf8'))
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

function json(res: TestResponse): unknown {
  return JSON.parse((res.body as Buffer).toString('utf8'));
}

describe('receiver app: callbacks', () => {
  it('verifies a callback on any path and answers 200 with the JSON echo', async () => {
    const { app, log } = makeApp();
    const res = await post(app, signed('/deep/path/cb?order=7', { bucket: 'b', object: 'a.jpg', 'x:uid': '42' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(Number(res.headers['content-length'])).toBe((res.body as Buffer).length);
    expect(json(res)).toEqual({
      Status: 'OK',
      path: '/deep/path/cb',
      body: { bucket: 'b', object: 'a.jpg', 'x:uid': '42' },
    });
    const [entry] = log.list();
    expect(entry).toMatchObject({
      id: 1,
      verified: true,
      method: 'POST',
      url: '/deep/path/cb?order=7',
      path: '/deep/path/cb',
      publicKeyUrl: 'http://emulator.test:9000/callback_pub_key_v1.pem',
      contentType: 'application/x-www-form-urlencoded',
      body: { bucket: 'b', object: 'a.jpg', 'x:uid': '42' },
      reply: { status: 200, kind: 'json', delayMs: 0 },
    });
    expect(entry?.headers['x-oss-tag']).toBe('CALLBACK');
  });

  it('echoes a JSON body', async () => {
    const { app } = makeApp();
    const res = await post(app, signed('/cb', { object: 'a.jpg', size: 5 }, 'application/json'));
    expect(json(res)).toEqual({ Status: 'OK', path: '/cb', body: { object: 'a.jpg', size: 5 } });
  });

  it('answers 400 JSON on a bad signature and records the rejection', async () => {
    const { app, log } = makeApp();
    const req = signed('/cb', 'object=a.jpg');
    const res = await request(app).post('/cb').set(sendableHeaders(req)).send('object=b.jpg');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'BAD_SIGNATURE', message: 'signature does not verify' });
    expect(log.list()[0]).toMatchObject({
      verified: false,
      error: { code: 'BAD_SIGNATURE' },
      body: { object: 'b.jpg' },
      reply: { status: 400 },
    });
  });

  it('answers 400 on unsigned requests without applying any switch', async () => {
    const { app, log } = makeApp();
    const started = Date.now();
    const res = await request(app).post('/cb?ossbox-status=200&ossbox-delay=20000&ossbox-reply=not-json').send('a=1');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('MISSING_AUTHORIZATION');
    expect(log.list()[0]?.reply).toEqual({ status: 400, kind: 'json', delayMs: 0 });
  });

  it('answers 405 to other methods', async () => {
    const { app, log } = makeApp();
    const res = await request(app).get('/cb');
    expect(res.status).toBe(405);
    expect(res.body.error).toBe('METHOD_NOT_ALLOWED');
    expect(log.list()).toEqual([]);
  });
});

describe('receiver app: unexpected failures', () => {
  it('logs an error of its own at error level (not as a hang-up) and drops the connection', async () => {
    const lines: Array<{ level: number; msg: string; err?: { message: string } }> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as (typeof lines)[number]);
        done();
      },
    });
    const working = testVerifier();
    const broken: CallbackVerifier = {
      options: working.options,
      isTrustedKeyUrl: (url) => working.isTrustedKeyUrl(url),
      verify: () => Promise.reject(new Error('boom')),
    };
    const app = createApp({ verifier: broken, log: new CallbackLog(), logger: pino({ level: 'debug' }, sink) });
    await expect(post(app, signed('/cb', { bucket: 'b' }))).rejects.toThrow();
    const failure = lines.find((line) => line.msg === 'callback handling failed');
    expect(failure?.level).toBe(50);
    expect(failure?.err?.message).toBe('boom');
    expect(lines.some((line) => line.msg === 'callback connection ended before the reply')).toBe(false);
  });
});

describe('receiver app: failure switches (verified callbacks only)', () => {
  it('ossbox-status answers that status with the echo', async () => {
    const { app } = makeApp();
    const res = await post(app, signed('/cb?ossbox-status=502', 'a=1'));
    expect(res.status).toBe(502);
    expect(json(res)).toMatchObject({ Status: 'OK', body: { a: '1' } });
  });

  it('ossbox-reply=not-json answers 200 with plain text', async () => {
    const { app } = makeApp();
    const res = await post(app, signed('/cb?ossbox-reply=not-json', 'a=1'));
    expect(res.status).toBe(200);
    expect((res.body as Buffer).toString()).toBe('OK');
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.headers['content-length']).toBe('2');
  });

  it('ossbox-reply=bom puts a UTF-8 BOM before the JSON', async () => {
    const { app } = makeApp();
    const res = await post(app, signed('/cb?ossbox-reply=bom', 'a=1'));
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(JSON.parse(body.subarray(3).toString())).toMatchObject({ Status: 'OK' });
    expect(Number(res.headers['content-length'])).toBe(body.length);
  });

  it('ossbox-reply=empty answers Content-Length 0', async () => {
    const { app } = makeApp();
    const res = await post(app, signed('/cb?ossbox-reply=empty', 'a=1'));
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('0');
  });

  it('ossbox-reply=chunked answers JSON without Content-Length', async () => {
    const { app } = makeApp();
    const res = await post(app, signed('/cb?ossbox-reply=chunked', 'a=1'));
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(json(res)).toMatchObject({ Status: 'OK' });
  });

  it('ossbox-reply=too-large answers valid JSON over 1 MB', async () => {
    const { app } = makeApp();
    const res = await post(app, signed('/cb?ossbox-reply=too-large', 'a=1'));
    expect(Number(res.headers['content-length'])).toBeGreaterThan(1024 * 1024);
    expect(json(res)).toMatchObject({ Status: 'OK', body: { a: '1' } });
  });

  it('ossbox-delay waits before answering', async () => {
    const { app, log } = makeApp();
    const started = Date.now();
    const res = await post(app, signed('/cb?ossbox-delay=150', 'a=1'));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(log.list()[0]?.reply.delayMs).toBe(150);
  });

  it('answers 400 BAD_SWITCH to a switch value it does not know', async () => {
    const { app, log } = makeApp();
    for (const query of ['ossbox-status=99', 'ossbox-reply=xml', 'ossbox-delay=-1']) {
      const res = await post(app, signed(`/cb?${query}`, 'a=1'));
      expect(res.status).toBe(400);
      expect(json(res)).toMatchObject({ error: 'BAD_SWITCH' });
    }
    expect(log.list()[0]).toMatchObject({ verified: true, error: { code: 'BAD_SWITCH' } });
  });
});

describe('receiver app: /_ossbox', () => {
  it('GET /_ossbox/health answers 200', async () => {
    const res = await request(makeApp().app).get('/_ossbox/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /_ossbox/callbacks lists callbacks newest first, bounded; DELETE clears them', async () => {
    const { app } = makeApp(2);
    await post(app, signed('/one', 'n=1'));
    await request(app).post('/two').send('n=2');
    await post(app, signed('/three', 'n=3'));
    const res = await request(app).get('/_ossbox/callbacks');
    expect(res.status).toBe(200);
    const callbacks = res.body.callbacks as { id: number; path: string; verified: boolean; error?: { code: string } }[];
    expect(callbacks.map((c) => [c.id, c.path, c.verified])).toEqual([
      [3, '/three', true],
      [2, '/two', false],
    ]);
    expect(callbacks[1]?.error?.code).toBe('MISSING_AUTHORIZATION');
    expect((await request(app).delete('/_ossbox/callbacks')).status).toBe(204);
    expect((await request(app).get('/_ossbox/callbacks')).body).toEqual({ callbacks: [] });
  });

  it('with an admin token, /_ossbox/callbacks needs it (401 otherwise); callbacks and health stay open', async () => {
    const log = new CallbackLog(10);
    const app = createApp({ verifier: testVerifier(), log, logger: pino({ level: 'silent' }), adminToken: 'secret-token-1' });
    expect((await post(app, signed('/cb', 'n=1'))).status).toBe(200);
    expect((await request(app).get('/_ossbox/health')).status).toBe(200);
    for (const authorization of [undefined, 'Bearer wrong-token', 'secret-token-1', 'Basic secret-token-1']) {
      const get = request(app).get('/_ossbox/callbacks');
      const del = request(app).delete('/_ossbox/callbacks');
      if (authorization !== undefined) {
        get.set('Authorization', authorization);
        del.set('Authorization', authorization);
      }
      const [listed, cleared] = await Promise.all([get, del]);
      expect(listed.status, authorization).toBe(401);
      expect(listed.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(listed.body).toMatchObject({ error: 'UNAUTHORIZED' });
      expect(cleared.status, authorization).toBe(401);
    }
    expect(log.list()).toHaveLength(1);
    const listed = await request(app).get('/_ossbox/callbacks').set('Authorization', 'Bearer secret-token-1');
    expect(listed.status).toBe(200);
    expect(listed.body.callbacks).toHaveLength(1);
    expect((await request(app).delete('/_ossbox/callbacks').set('Authorization', 'bearer secret-token-1')).status).toBe(204);
    expect(log.list()).toHaveLength(0);
  });
});
