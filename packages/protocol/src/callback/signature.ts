/**
 * The RSA (MD5withRSA) signature OSS puts on a callback request, docs/callback-protocol.md §2.3, and the
 * `x-oss-pub-key-url` header that says where its public key lives (§2.2).
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { hasWhitespaceOrControl } from './chars.js';
import { decodeBase64Strict, decodeUtf8Strict } from './strict-base64.js';

const QUESTION_MARK = 0x3f;
const PERCENT = 0x25;
const NEWLINE = Buffer.from('\n');

/**
 * The bytes OSS signs: URL-decoded path + raw query with its `?` (a lone `?` kept) + `\n` + body.
 * `requestTarget` is the raw request target as sent on the wire (origin form), e.g.
 * `/index.php?id=1&index=2`; a string is taken as UTF-8, or pass the raw bytes.
 *
 * The path is percent-decoded on bytes, so `%E6%9D%AD` becomes the three UTF-8 bytes of 杭.
 * `+` stays `+` (percent-decoding only, as the official Python sample's `unquote`). A malformed
 * escape (`%`, `%4`, `%zz`) is kept as written instead of failing: the request was signed from
 * the same text, and a receiver must never crash on a hostile target.
 *
 * @example
 * ```ts
 * callbackStringToSign('/index.php?id=1&index=2', Buffer.from('bucket=yonghu-test')).toString();
 * // '/index.php?id=1&index=2\nbucket=yonghu-test'
 * ```
 */
export function callbackStringToSign(requestTarget: string | Uint8Array, body: Uint8Array): Buffer {
  const target = typeof requestTarget === 'string' ? Buffer.from(requestTarget, 'utf8') : requestTarget;
  const q = target.indexOf(QUESTION_MARK);
  const path = q < 0 ? target : target.subarray(0, q);
  const query = q < 0 ? target.subarray(target.length) : target.subarray(q);
  return Buffer.concat([percentDecode(path), query, NEWLINE, body]);
}

/**
 * Sign a callback request; returns the Base64 `Authorization` value (RSA PKCS#1 v1.5 over MD5).
 *
 * @example
 * ```ts
 * const authorization = signCallback(privateKeyPem, '/callback?id=1', body);
 * ```
 */
export function signCallback(
  privateKey: KeyObject | string,
  requestTarget: string | Uint8Array,
  body: Uint8Array,
): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  return sign('md5', callbackStringToSign(requestTarget, body), key).toString('base64');
}

/**
 * Verify the Base64 `Authorization` value of a callback request with a PEM or KeyObject public key.
 * Returns false, never throws, for a wrong, truncated or non-Base64 signature; an unusable key
 * (not a PEM public key) throws, since that is a configuration error rather than a bad request.
 *
 * @example
 * ```ts
 * const ok = verifyCallbackSignature(OSS_CALLBACK_PUBLIC_KEY_PEM, req.url, rawBody, req.headers.authorization);
 * ```
 */
export function verifyCallbackSignature(
  publicKey: KeyObject | string,
  requestTarget: string | Uint8Array,
  body: Uint8Array,
  signatureBase64: string,
): boolean {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  if (typeof signatureBase64 !== 'string') return false;
  const signature = decodeBase64Strict(signatureBase64);
  if (!signature || signature.length === 0) return false;
  try {
    return verify('md5', callbackStringToSign(requestTarget, body), key, signature);
  } catch {
    return false;
  }
}

/**
 * Base64-encode a public-key URL for `x-oss-pub-key-url`.
 *
 * @example
 * ```ts
 * encodePubKeyUrl('http://gosspublic.alicdn.com/callback_pub_key_v1.pem');
 * // 'aHR0cDovL2dvc3NwdWJsaWMuYWxpY2RuLmNvbS9jYWxsYmFja19wdWJfa2V5X3YxLnBlbQ=='
 * ```
 */
export function encodePubKeyUrl(url: string): string {
  return Buffer.from(url, 'utf8').toString('base64');
}

/**
 * Decode an `x-oss-pub-key-url` header; returns undefined unless it is strict standard Base64 of
 * an absolute http(s) URL (no whitespace or control characters). It does not check which host the
 * URL names: the receiver must still match it against its trusted prefixes (§2.2).
 *
 * @example
 * ```ts
 * decodePubKeyUrl('aHR0cDovL2dvc3NwdWJsaWMuYWxpY2RuLmNvbS9jYWxsYmFja19wdWJfa2V5X3YxLnBlbQ==');
 * // 'http://gosspublic.alicdn.com/callback_pub_key_v1.pem'
 * ```
 */
export function decodePubKeyUrl(value: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const bytes = decodeBase64Strict(value);
  const url = bytes && decodeUtf8Strict(bytes);
  // WHATWG URL parsing silently drops tabs/newlines; refuse them so the prefix check sees what is fetched.
  if (!url || hasWhitespaceOrControl(url)) return undefined;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function percentDecode(bytes: Uint8Array): Buffer {
  if (!bytes.includes(PERCENT)) return Buffer.from(bytes);
  const out = Buffer.alloc(bytes.length);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === PERCENT && i + 2 < bytes.length) {
      const hi = hexValue(bytes[i + 1]!);
      const lo = hexValue(bytes[i + 2]!);
      if (hi >= 0 && lo >= 0) {
        out[o++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[o++] = byte;
  }
  return out.subarray(0, o);
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/** The official OSS callback public key (512-bit RSA, SubjectPublicKeyInfo PEM), docs/callback-protocol.md §2.2. */
export const OSS_CALLBACK_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKs/JBGzwUB2aVht4crBx3oIPBLNsjGs
C0fTXv+nvlmklvkcolvpvXLTjaxUHR3W9LXxQ2EHXAJfCB+6H2YF1k8CAwEAAQ==
-----END PUBLIC KEY-----
`;
