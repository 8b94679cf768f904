import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CallbackVerificationError } from './errors.js';
import { ossCallback } from './koa.js';
import type { OssCallbackState } from './koa.js';
import { adapterVerifierOptions, expectAdapterBehaviour } from './test-support/adapter-cases.js';
import { send } from './test-support/loopback.js';
import { VECTOR_A } from './test-support/vector-a.js';
import { createCallbackVerifier } from './verifier.js';

async function start(app: Koa<OssCallbackState>): Promise<number> {
  const server = app.listen(0, '127.0.0.1');
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  await new Promise((resolve) => server.once('listening', resolve));
  return (server.address() as AddressInfo).port;
}

function reply(app: Koa<OssCallbackState>): void {
  app.use((ctx) => {
    ctx.body = { Status: 'OK', target: ctx.state.ossCallback.requestTarget, parsed: ctx.state.ossCallback.parsed };
  });
}

describe('ossCallback() on a real Koa server', () => {
  it('verifies Vector A, JSON and form bodies, and refuses tampered or oversized ones', async () => {
    const app = new Koa<OssCallbackState>();
    app.use(ossCallback({ verifier: createCallbackVerifier(adapterVerifierOptions()) }));
    reply(app);
    await expectAdapterBehaviour(await start(app));
  });

  it('answers 500 BODY_ALREADY_PARSED when a body parser consumed the stream first', async () => {
    const app = new Koa<OssCallbackState>();
    app.use(async (ctx, next) => {
      for await (const _chunk of ctx.req) {
        // what koa-bodyparser does before parsing
      }
      await next();
    });
    app.use(ossCallback(adapterVerifierOptions()));
    reply(app);
    const res = await send(await start(app), { method: 'POST', path: VECTOR_A.url, headers: { ...VECTOR_A.headers }, body: VECTOR_A.body });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: 'BODY_ALREADY_PARSED' });
  });

  it('uses a raw Buffer a parser left in ctx.request.body', async () => {
    const app = new Koa<OssCallbackState>();
    app.use(async (ctx, next) => {
      const chunks: Buffer[] = [];
      for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
      (ctx.request as { body?: unknown }).body = Buffer.concat(chunks);
      await next();
    });
    app.use(ossCallback(adapterVerifierOptions()));
    reply(app);
    const res = await send(await start(app), { method: 'POST', path: VECTOR_A.url, headers: { ...VECTOR_A.headers }, body: VECTOR_A.body });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString()).parsed).toEqual({ bucket: 'yonghu-test' });
  });

  it("throws rejections to upstream middleware with onError: 'throw'", async () => {
    const app = new Koa<OssCallbackState>();
    const seen: unknown[] = [];
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        seen.push(err);
        ctx.status = 418;
        ctx.body = { handled: true };
      }
    });
    app.use(ossCallback({ ...adapterVerifierOptions(), onError: 'throw' }));
    reply(app);
    const res = await send(await start(app), { method: 'POST', path: VECTOR_A.url, headers: { ...VECTOR_A.headers }, body: 'bucket=yonghu-tesT' });
    expect(res.status).toBe(418);
    expect(seen[0]).toBeInstanceOf(CallbackVerificationError);
    expect((seen[0] as CallbackVerificationError).code).toBe('BAD_SIGNATURE');
  });
});
