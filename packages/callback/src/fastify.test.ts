import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CallbackVerificationError } from './errors.js';
import { ossCallbackPlugin } from './fastify.js';
import { adapterVerifierOptions, expectAdapterBehaviour } from './test-support/adapter-cases.js';
import { send } from './test-support/loopback.js';
import { VECTOR_A } from './test-support/vector-a.js';
import { createCallbackVerifier } from './verifier.js';

async function start(app: FastifyInstance): Promise<number> {
  onTestFinished(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function callbackApp(onError?: 'throw'): FastifyInstance {
  const app = Fastify();
  const verifier = createCallbackVerifier(adapterVerifierOptions());
  app.register(async (callbacks) => {
    await callbacks.register(ossCallbackPlugin, onError ? { verifier, onError } : { verifier });
    callbacks.post('/index.php', async (request) => ({
      Status: 'OK',
      target: request.ossCallback!.requestTarget,
      parsed: request.ossCallback!.parsed,
    }));
  });
  // Outside the plugin's context: Fastify's own JSON parser still applies.
  app.post('/api/echo', async (request) => ({ echoed: request.body }));
  return app;
}

describe('ossCallbackPlugin on a real Fastify server', () => {
  it('verifies Vector A, JSON and form bodies, and refuses tampered or oversized ones', async () => {
    await expectAdapterBehaviour(await start(callbackApp()));
  });

  it('leaves the parsers of routes outside its context alone', async () => {
    const port = await start(callbackApp());
    const res = await send(port, { method: 'POST', path: '/api/echo', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ echoed: { a: 1 } });
  });

  it("hands rejections to Fastify's error handler with onError: 'throw'", async () => {
    const app = callbackApp('throw');
    const seen: unknown[] = [];
    app.setErrorHandler((err, _request, reply) => {
      seen.push(err);
      return reply.code(418).send({ handled: true });
    });
    const port = await start(app);
    const res = await send(port, { method: 'POST', path: VECTOR_A.url, headers: { ...VECTOR_A.headers }, body: 'bucket=yonghu-tesT' });
    expect(res.status).toBe(418);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(CallbackVerificationError);
    expect((seen[0] as CallbackVerificationError).code).toBe('BAD_SIGNATURE');
  });

  it('refuses a verifier together with verifier options', async () => {
    const app = Fastify();
    onTestFinished(() => app.close());
    app.register(ossCallbackPlugin, { verifier: createCallbackVerifier(), maxBodyBytes: 10 });
    await expect(app.ready()).rejects.toThrow(/either a verifier or verifier options/);
  });
});
