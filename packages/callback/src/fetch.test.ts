import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CallbackVerificationError } from './errors.js';
import { jsonResponse, verifyFetchRequest } from './fetch.js';
import { adapterVerifierOptions, expectAdapterBehaviour, TEST_KEY_URL } from './test-support/adapter-cases.js';
import { keyPair } from './test-support/keys.js';
import { send } from './test-support/loopback.js';
import { VECTOR_A } from './test-support/vector-a.js';
import { signCallbackRequest } from './testing.js';
import { createCallbackVerifier } from './verifier.js';
import type { CallbackVerifier } from './verifier.js';

/** A Next.js-style route handler: `Request` in, `Response` out. */
function routeHandler(verifier: CallbackVerifier, target?: (request: Request) => string | undefined) {
  return async (request: Request): Promise<Response> => {
    try {
      const requestTarget = target?.(request);
      const callback = await verifyFetchRequest(request, verifier, requestTarget === undefined ? {} : { requestTarget });
      return jsonResponse({ Status: 'OK', target: callback.requestTarget, parsed: callback.parsed });
    } catch (err) {
      if (err instanceof CallbackVerificationError) return jsonResponse(err.toJSON(), err.status);
      throw err;
    }
  };
}

async function startHono(app: Hono<{ Bindings: HttpBindings }>): Promise<number> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

describe('verifyFetchRequest() with a Request built in-process (Next.js route handlers)', () => {
  it('verifies Vector A from the absolute request URL', async () => {
    const handler = routeHandler(createCallbackVerifier(adapterVerifierOptions()));
    const request = new Request(`http://121.43.113.8${VECTOR_A.url}`, {
      method: 'POST',
      headers: { ...VECTOR_A.headers },
      body: VECTOR_A.body,
    });
    const res = await handler(request);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ Status: 'OK', target: VECTOR_A.url, parsed: { bucket: 'yonghu-test' } });
  });

  it('needs requestTarget when the Request URL was normalised', async () => {
    // A real Request percent-encodes `'` in the query; OSS signed the target as written.
    const path = "/cb?name=o'brien";
    const signed = signCallbackRequest({ privateKey: keyPair().privateKey, publicKeyUrl: TEST_KEY_URL, url: path, body: 'a=1' });
    const request = () => new Request(`http://h${path}`, { method: 'POST', headers: signed.headers, body: signed.body });
    expect(request().url).toBe('http://h/cb?name=o%27brien');
    const verifier = createCallbackVerifier(adapterVerifierOptions());
    await expect(verifyFetchRequest(request(), verifier)).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
    const verified = await verifyFetchRequest(request(), verifier, { requestTarget: path });
    expect(verified.requestTarget).toBe(path);
  });

  it('refuses a body that was already read', async () => {
    const request = new Request(`http://h${VECTOR_A.url}`, { method: 'POST', headers: { ...VECTOR_A.headers }, body: VECTOR_A.body });
    await request.text();
    await expect(verifyFetchRequest(request, adapterVerifierOptions())).rejects.toMatchObject({ code: 'BODY_ALREADY_PARSED' });
  });
});

describe('verifyFetchRequest() in Hono on @hono/node-server', () => {
  it('verifies Vector A, JSON and form bodies, and refuses tampered or oversized ones', async () => {
    const app = new Hono<{ Bindings: HttpBindings }>();
    const handler = routeHandler(createCallbackVerifier(adapterVerifierOptions()));
    app.post('*', (c) => handler(c.req.raw));
    await expectAdapterBehaviour(await startHono(app));
  });

  it('verifies a target with characters the WHATWG URL parser would re-encode', async () => {
    // @hono/node-server hands Hono the target as received (its Request keeps incoming.url).
    const app = new Hono<{ Bindings: HttpBindings }>();
    app.post('*', (c) => routeHandler(createCallbackVerifier(adapterVerifierOptions()))(c.req.raw));
    const path = "/cb?name=o'brien";
    const signed = signCallbackRequest({ privateKey: keyPair().privateKey, publicKeyUrl: TEST_KEY_URL, url: path, body: 'a=1' });
    const res = await send(await startHono(app), { method: 'POST', path, headers: signed.headers, body: signed.body });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString()).target).toBe(path);
  });
});

describe('jsonResponse()', () => {
  it('sends JSON with a byte-exact Content-Length, also for non-ASCII text', async () => {
    const res = jsonResponse({ object: '图片.jpg' }, 201);
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.toString()).toBe('{"object":"图片.jpg"}');
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    expect(body.length).toBeGreaterThan('{"object":"图片.jpg"}'.length);
  });

  it('refuses a value without JSON form', () => {
    expect(() => jsonResponse(undefined)).toThrow(TypeError);
  });
});
