import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CallbackVerificationError } from './errors.js';
import { fakeKeyServer, forbiddenFetch } from './test-support/fake-key-server.js';
import { keyPair, otherKeyPair } from './test-support/keys.js';
import { vectorARequest } from './test-support/vector-a.js';
import { signCallbackRequest } from './testing.js';
import { createCallbackVerifier } from './verifier.js';

const PREFIX = 'http://emulator.test:9000/';
const KEY_URL = `${PREFIX}callback_pub_key_v1.pem`;

function request(privateKey = keyPair().privateKey, body = 'bucket=b&object=o') {
  return signCallbackRequest({ privateKey, publicKeyUrl: KEY_URL, url: '/cb?x=1', body });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CallbackVerificationError);
  return (err as CallbackVerificationError).code;
}

describe('fetched keys', () => {
  it('downloads a key under a trusted prefix once and caches it per URL', async () => {
    const server = fakeKeyServer();
    server.serve(KEY_URL, keyPair().publicKeyPem);
    const verifier = createCallbackVerifier({ trustedKeyUrlPrefixes: [PREFIX], fetch: server.fetch });
    const first = await verifier.verify(request());
    expect(first.keySource).toBe('fetched');
    expect(first.publicKeyUrl).toBe(KEY_URL);
    await verifier.verify(request());
    expect(server.calls).toEqual([KEY_URL]);
  });

  it('shares one download between concurrent verifications', async () => {
    const server = fakeKeyServer();
    server.serve(KEY_URL, keyPair().publicKeyPem);
    server.hold();
    const verifier = createCallbackVerifier({ trustedKeyUrlPrefixes: [PREFIX], fetch: server.fetch });
    const pending = Array.from({ length: 20 }, () => verifier.verify(request()));
    await sleep(5);
    server.release();
    const results = await Promise.all(pending);
    expect(results).toHaveLength(20);
    expect(server.calls).toEqual([KEY_URL]);
  });

  it('downloads again once the cache entry expired', async () => {
    const server = fakeKeyServer();
    server.serve(KEY_URL, keyPair().publicKeyPem);
    const verifier = createCallbackVerifier({ trustedKeyUrlPrefixes: [PREFIX], fetch: server.fetch, keyCacheTtlMs: 1 });
    await verifier.verify(request());
    await sleep(5);
    await verifier.verify(request());
    expect(server.calls).toEqual([KEY_URL, KEY_URL]);
  });

  it('refetches once when the signature fails with a cached key (key rotation)', async () => {
    const server = fakeKeyServer();
    server.serve(KEY_URL, keyPair().publicKeyPem);
    const verifier = createCallbackVerifier({ trustedKeyUrlPrefixes: [PREFIX], fetch: server.fetch });
    await verifier.verify(request(keyPair().privateKey));
    // The emulator restarted with a new key.
    server.serve(KEY_URL, otherKeyPair().publicKeyPem);
    await expect(verifier.verify(request(otherKeyPair().privateKey))).resolves.toMatchObject({ keySource: 'fetched' });
    expect(server.calls).toHaveLength(2);
    // The new key is cached now.
    await verifier.verify(request(otherKeyPair().privateKey));
    expect(server.calls).toHaveLength(2);
    // A forged signature costs exactly one refetch, then fails.
    expect(await codeOf(verifier.verify(request(keyPair().privateKey)))).toBe('BAD_SIGNATURE');
    expect(server.calls).toHaveLength(3);
  });

  it('fails with BAD_SIGNATURE when the refetch after a failed signature fails', async () => {
    const server = fakeKeyServer();
    server.serve(KEY_URL, keyPair().publicKeyPem);
    const verifier = createCallbackVerifier({ trustedKeyUrlPrefixes: [PREFIX], fetch: server.fetch });
    await verifier.verify(request());
    server.serve(KEY_URL, undefined);
    expect(await codeOf(verifier.verify(request(otherKeyPair().privateKey)))).toBe('BAD_SIGNATURE');
    expect(server.calls).toHaveLength(2);
  });

  it('never refetches the bundled or a pinned key', async () => {
    const fetch = forbiddenFetch();
    const verifier = createCallbackVerifier({ publicKeys: { [KEY_URL]: keyPair().publicKeyPem }, fetch });
    expect(await codeOf(verifier.verify(request(otherKeyPair().privateKey)))).toBe('BAD_SIGNATURE');
    const forged = vectorARequest();
    forged.body = Buffer.from('bucket=forged-body');
    expect(await codeOf(verifier.verify(forged))).toBe('BAD_SIGNATURE');
    expect(fetch.calls).toEqual([]);
  });
});

describe('key download failures are KEY_FETCH_FAILED and are not cached', () => {
  const certificateLike = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

  it.each([
    ['a 404', undefined, {}],
    ['a 500', 'oops', { status: 500 }],
    ['a document that is not PEM', 'hello', {}],
    ['a certificate', certificateLike, {}],
    ['a declared size over the limit', 'x', { headers: { 'content-length': '999999' } }],
  ])('%s', async (_name, body, init) => {
    const server = fakeKeyServer();
    server.serve(KEY_URL, body, init);
    const verifier = createCallbackVerifier({ trustedKeyUrlPrefixes: [PREFIX], fetch: server.fetch });
    expect(await codeOf(verifier.verify(request()))).toBe('KEY_FETCH_FAILED');
    expect(await codeOf(verifier.verify(request()))).toBe('KEY_FETCH_FAILED');
    expect(server.calls).toHaveLength(2);
  });

  it('a private key PEM (a key server must only serve the public half)', async () => {
    const server = fakeKeyServer();
    server.serve(KEY_URL, keyPair().privateKeyPem);
    const verifier = createCallbackVerifier({ trustedKeyUrlPrefixes: [PREFIX], fetch: server.fetch });
    expect(await codeOf(verifier.verify(request()))).toBe('KEY_FETCH_FAILED');
  });

  it('a streamed document larger than maxKeyBytes', async () => {
    const server = fakeKeyServer();
    server.serve(KEY_URL, keyPair().publicKeyPem + ' '.repeat(2000));
    const verifier = createCallbackVerifier({ trustedKeyUrlPrefixes: [PREFIX], fetch: server.fetch, maxKeyBytes: 1000 });
    expect(await codeOf(verifier.verify(request()))).toBe('KEY_FETCH_FAILED');
  });

  it('a download slower than keyFetchTimeoutMs, aborted through its signal', async () => {
    let signal: AbortSignal | undefined;
    const verifier = createCallbackVerifier({
      trustedKeyUrlPrefixes: [PREFIX],
      keyFetchTimeoutMs: 30,
      fetch: (_url, init) => {
        signal = init.signal ?? undefined;
        return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal?.reason)));
      },
    });
    const started = Date.now();
    expect(await codeOf(verifier.verify(request()))).toBe('KEY_FETCH_FAILED');
    expect(signal?.aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('with the real global fetch on loopback', () => {
  const servers: ReturnType<typeof createServer>[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ base: string; hits: string[] }> {
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      handler?.(req, res);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, hits };
  }

  it('fetches a key from a trusted prefix', async () => {
    const { base, hits } = await listen((_req, res) => res.end(keyPair().publicKeyPem));
    const verifier = createCallbackVerifier({ trustedKeyUrlPrefixes: [base] });
    const signed = signCallbackRequest({ privateKey: keyPair().privateKey, publicKeyUrl: `${base}k.pem`, body: 'a=1' });
    await expect(verifier.verify(signed)).resolves.toMatchObject({ keySource: 'fetched' });
    expect(hits).toEqual(['/k.pem']);
  });

  it('sends no request at all for an untrusted key URL', async () => {
    const attacker = await listen((_req, res) => res.end(keyPair().publicKeyPem));
    const verifier = createCallbackVerifier({ trustedKeyUrlPrefixes: ['http://127.0.0.1:1/'] });
    const signed = signCallbackRequest({
      privateKey: keyPair().privateKey,
      publicKeyUrl: `${attacker.base}k.pem`,
      body: 'a=1',
    });
    expect(await codeOf(verifier.verify(signed))).toBe('UNTRUSTED_KEY_URL');
    await sleep(20);
    expect(attacker.hits).toEqual([]);
  });

  it('does not follow a redirect away from the trusted URL', async () => {
    const evil = await listen((_req, res) => res.end(keyPair().publicKeyPem));
    const trusted = await listen((_req, res) => {
      res.writeHead(302, { location: `${evil.base}k.pem` }).end();
    });
    const verifier = createCallbackVerifier({ trustedKeyUrlPrefixes: [trusted.base] });
    const signed = signCallbackRequest({ privateKey: keyPair().privateKey, publicKeyUrl: `${trusted.base}k.pem`, body: 'a=1' });
    expect(await codeOf(verifier.verify(signed))).toBe('KEY_FETCH_FAILED');
    expect(trusted.hits).toEqual(['/k.pem']);
    expect(evil.hits).toEqual([]);
  });
});
