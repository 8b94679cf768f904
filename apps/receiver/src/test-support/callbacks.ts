/** Shared test fixtures: a key pair, a verifier that trusts it, and signed requests. */
import { createCallbackVerifier } from '@ossbox/callback';
import type { CallbackVerifier } from '@ossbox/callback';
import { generateTestKeyPair, signCallbackRequest } from '@ossbox/callback/testing';
import type { SignedCallbackRequest, TestKeyPair } from '@ossbox/callback/testing';

export const KEY_URL = 'http://emulator.test:9000/callback_pub_key_v1.pem';

let keys: TestKeyPair | undefined;
export function testKeys(): TestKeyPair {
  keys ??= generateTestKeyPair({ modulusLength: 1024 });
  return keys;
}

/** A verifier that trusts the test key (pinned) and fails on any network access. */
export function testVerifier(): CallbackVerifier {
  return createCallbackVerifier({
    publicKeys: { [KEY_URL]: testKeys().publicKey },
    fetch: () => Promise.reject(new Error('no network in tests')),
  });
}

export function signed(url: string, body: string | Record<string, unknown>, contentType?: string): SignedCallbackRequest {
  return signCallbackRequest({ privateKey: testKeys().privateKey, publicKeyUrl: KEY_URL, url, body, contentType });
}

/** Headers to hand to supertest (it sets Host and Content-Length itself). */
export function sendableHeaders(request: SignedCallbackRequest): Record<string, string> {
  const { host: _host, 'content-length': _length, ...headers } = request.headers;
  return headers;
}
