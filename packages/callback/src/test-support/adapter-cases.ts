/**
 * What every framework adapter must do, as requests to a running server: verify the published
 * Vector A with the bundled key, refuse a tampered body, and keep a lone trailing `?` as signed.
 */
import type { KeyObject } from 'node:crypto';
import { expect } from 'vitest';
import { keyPair } from './keys.js';
import { send } from './loopback.js';
import { VECTOR_A } from './vector-a.js';
import { signCallbackRequest } from '../testing.js';

/** The pinned key URL the adapter tests sign with (besides Vector A's official key). */
export const TEST_KEY_URL = 'http://keys.test/callback_pub_key_v1.pem';

/** Pinned test key plus the bundled official key; never fetches. */
export function adapterVerifierOptions(): { publicKeys: Record<string, KeyObject>; maxBodyBytes: number } {
  return { publicKeys: { [TEST_KEY_URL]: keyPair().publicKey }, maxBodyBytes: 256 };
}

/**
 * Run the common cases against a server on `port` whose callback route answers
 * `{ Status: 'OK', target, parsed }` for a verified callback at `path`.
 */
export async function expectAdapterBehaviour(port: number, path = '/index.php'): Promise<void> {
  // Vector A: signed by OSS itself, verified with the bundled official key.
  const target = `${path}?id=1&index=2`;
  if (path === '/index.php') {
    const ok = await send(port, { method: 'POST', path: VECTOR_A.url, headers: { ...VECTOR_A.headers }, body: VECTOR_A.body });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(ok.headers['content-length'])).toBe(ok.body.length);
    expect(JSON.parse(ok.body.toString())).toEqual({ Status: 'OK', target: VECTOR_A.url, parsed: { bucket: 'yonghu-test' } });

    const tampered = await send(port, { method: 'POST', path: VECTOR_A.url, headers: { ...VECTOR_A.headers }, body: 'bucket=yonghu-tesT' });
    expect(tampered.status).toBe(400);
    expect(JSON.parse(tampered.body.toString())).toMatchObject({ error: 'BAD_SIGNATURE' });
  }

  // A JSON callback with a lone trailing `?` in its target: signed as sent, parsed as JSON.
  const json = signCallbackRequest({
    privateKey: keyPair().privateKey,
    publicKeyUrl: TEST_KEY_URL,
    url: `${path}?`,
    body: { object: 'a b.jpg', size: 5 },
    contentType: 'application/json',
  });
  const jsonOk = await send(port, { method: 'POST', path: `${path}?`, headers: json.headers, body: json.body });
  expect(jsonOk.status).toBe(200);
  expect(JSON.parse(jsonOk.body.toString())).toEqual({ Status: 'OK', target: `${path}?`, parsed: { object: 'a b.jpg', size: 5 } });

  // Over maxBodyBytes: refused before the handler runs.
  const large = signCallbackRequest({ privateKey: keyPair().privateKey, publicKeyUrl: TEST_KEY_URL, url: target, body: 'a='.padEnd(300, 'x') });
  const tooLarge = await send(port, { method: 'POST', path: target, headers: large.headers, body: large.body });
  expect(tooLarge.status).toBe(400);
  expect(JSON.parse(tooLarge.body.toString())).toMatchObject({ error: 'BODY_TOO_LARGE' });
}
