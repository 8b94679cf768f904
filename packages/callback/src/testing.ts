/**
 * `@ossbox/callback/testing`: sign callback requests with your own key, so handlers can be
 * unit-tested offline, exactly as OSS (or the ossbox emulator) would call them.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { encodePubKeyUrl, signCallback } from '@ossbox/protocol';
import type { CallbackRequest } from './verifier.js';

/** An RSA key pair for tests, as `KeyObject`s and as PEM text. */
export interface TestKeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
  /** SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), what a key server serves. */
  publicKeyPem: string;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
}

/**
 * Generate an RSA key pair for signing test callbacks (default 2048 bits; OSS's own key is 512).
 *
 * @example
 * const keys = generateTestKeyPair();
 */
export function generateTestKeyPair(options: { modulusLength?: number } = {}): TestKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: options.modulusLength ?? 2048 });
  return {
    publicKey,
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Input of {@link signCallbackRequest}. */
export interface SignCallbackRequestInput {
  /** The key that signs (PEM or `KeyObject`). */
  privateKey: KeyObject | string;
  /** The URL put (Base64-encoded) in `x-oss-pub-key-url`; the verifier must trust it. */
  publicKeyUrl: string;
  /** Request target (`/path?query`, a lone trailing `?` kept) or an absolute URL. Default `/`. */
  url?: string;
  /**
   * The body: raw bytes or text as is; an object is encoded by `contentType` (form:
   * `URLSearchParams`, JSON: `JSON.stringify`). Default empty.
   */
  body?: string | Uint8Array | Record<string, unknown>;
  /** `Content-Type` (default `application/x-www-form-urlencoded`, OSS's default body type). */
  contentType?: string;
  /** `Host` header (default: the host of an absolute `url`, else `localhost`). */
  host?: string;
}

function encodeBody(body: SignCallbackRequestInput['body'], contentType: string): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (/[/+]json\s*(;|$)/i.test(contentType)) return Buffer.from(JSON.stringify(body), 'utf8');
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) form.append(name, String(value));
  return Buffer.from(form.toString(), 'utf8');
}

/** The headers OSS sends with a callback (docs/callback-protocol.md §2.1), lower-case names. */
export interface SignedCallbackHeaders {
  [name: string]: string;
  host: string;
  authorization: string;
  'content-length': string;
  'content-md5': string;
  'content-type': string;
  date: string;
  'user-agent': string;
  'x-oss-pub-key-url': string;
  'x-oss-signature-version': string;
  'x-oss-tag': string;
}

/** A signed callback request; it is a valid `CallbackRequest`. */
export interface SignedCallbackRequest extends CallbackRequest {
  method: 'POST';
  /** The request target (origin form). */
  url: string;
  headers: SignedCallbackHeaders;
  /** The body bytes. */
  body: Buffer;
}

/**
 * Build a callback request signed the way OSS signs it (docs/callback-protocol.md §2.1–2.3), with the
 * headers OSS sends. Feed it to `verifier.verify()`, or send it with supertest/fetch.
 *
 * @example
 * import { createCallbackVerifier } from '@ossbox/callback';
 * import { generateTestKeyPair, signCallbackRequest } from '@ossbox/callback/testing';
 *
 * const keys = generateTestKeyPair();
 * const publicKeyUrl = 'http://keys.test/callback_pub_key_v1.pem';
 * const verifier = createCallbackVerifier({ publicKeys: { [publicKeyUrl]: keys.publicKey } });
 * const request = signCallbackRequest({
 *   privateKey: keys.privateKey,
 *   publicKeyUrl,
 *   url: '/oss/callback?order=7',
 *   body: { bucket: 'b', object: 'a.jpg', 'x:uid': '42' },
 * });
 * const callback = await verifier.verify(request); // callback.parsed['x:uid'] === '42'
 */
export function signCallbackRequest(input: SignCallbackRequestInput): SignedCallbackRequest {
  const contentType = input.contentType ?? 'application/x-www-form-urlencoded';
  let target = input.url ?? '/';
  let host = input.host;
  const absolute = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(target);
  if (absolute !== null) {
    host ??= absolute[2];
    const rest = absolute[3] as string;
    target = rest.startsWith('/') ? rest : `/${rest}`;
  }
  const body = encodeBody(input.body, contentType);
  return {
    method: 'POST',
    url: target,
    headers: {
      host: host ?? 'localhost',
      authorization: signCallback(input.privateKey, target, body),
      'content-length': String(body.length),
      'content-md5': createHash('md5').update(body).digest('base64'),
      'content-type': contentType,
      date: new Date().toUTCString(),
      'user-agent': 'aliyun-oss-callback',
      'x-oss-pub-key-url': encodePubKeyUrl(input.publicKeyUrl),
      'x-oss-signature-version': '1.0',
      'x-oss-tag': 'CALLBACK',
    },
    body,
  };
}
