import { describe, expect, it } from 'vitest';
import { CallbackVerificationError } from './errors.js';
import { verifyNodeRequest } from './node-http.js';
import { replyJson } from './reply-json.js';
import { forbiddenFetch } from './test-support/fake-key-server.js';
import { keyPair } from './test-support/keys.js';
import { listen, send } from './test-support/loopback.js';
import type { RawResponse } from './test-support/loopback.js';
import { VECTOR_A } from './test-support/vector-a.js';
import { signCallbackRequest } from './testing.js';
import { createCallbackVerifier } from './verifier.js';

const KEY_URL = 'http://keys.test/callback_pub_key_v1.pem';

async function start(): Promise<number> {
  const verifier = createCallbackVerifier({
    publicKeys: { [KEY_URL]: keyPair().publicKey },
    fetch: forbiddenFetch(),
    maxBodyBytes: 64,
  });
  return listen((req, res) => {
    verifyNodeRequest(req, verifier).then(
      (callback) => replyJson(res, { Status: 'OK', target: callback.requestTarget, parsed: callback.parsed }),
      (err: unknown) => {
        if (err instanceof CallbackVerificationError) replyJson(res, err.toJSON(), err.status);
        else res.destroy();
      },
    );
  });
}

const post = (port: number, path: string, headers: Record<string, string>, body: Buffer | string): Promise<RawResponse> =>
  send(port, { method: 'POST', path, headers, body });

describe('verifyNodeRequest() on a real node:http server', () => {
  it('verifies Vector A (docs/callback-protocol.md §2.5) end to end', async () => {
    const port = await start();
    const res = await post(port, VECTOR_A.url, { ...VECTOR_A.headers }, VECTOR_A.body);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({
      Status: 'OK',
      target: '/index.php?id=1&index=2',
      parsed: { bucket: 'yonghu-test' },
    });
  });

  it('keeps a lone trailing ? as received', async () => {
    const port = await start();
    const signed = signCallbackRequest({ privateKey: keyPair().privateKey, publicKeyUrl: KEY_URL, url: '/cb?', body: 'a=1' });
    const ok = await post(port, '/cb?', signed.headers, signed.body);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body.toString()).target).toBe('/cb?');
    const stripped = await post(port, '/cb', signed.headers, signed.body);
    expect(stripped.status).toBe(400);
    expect(JSON.parse(stripped.body.toString()).error).toBe('BAD_SIGNATURE');
  });

  it('refuses a body over maxBodyBytes and a non-POST method', async () => {
    const port = await start();
    const signed = signCallbackRequest({ privateKey: keyPair().privateKey, publicKeyUrl: KEY_URL, body: 'a='.padEnd(65, 'x') });
    const large = await post(port, '/', signed.headers, signed.body);
    expect(JSON.parse(large.body.toString()).error).toBe('BODY_TOO_LARGE');
    const get = await send(port, { method: 'GET', path: '/' });
    expect(get.status).toBe(400);
  });
});
