/**
 * The RSA (MD5withRSA) signature OSS puts on a callback request, oss-protocol.md §2.3.
 * CONTRACT STUB: implemented by the protocol-callback task.
 */
import type { KeyObject } from 'node:crypto';

/**
 * The bytes OSS signs: URL-decoded path + raw query with its `?` (a lone `?` kept) + `\n` + body.
 * `requestTarget` is the raw request target as sent on the wire, e.g. `/index.php?id=1&index=2`.
 */
export function callbackStringToSign(_requestTarget: string, _body: Uint8Array): Buffer {
  throw new Error('not implemented');
}

/** Sign a callback request; returns the Base64 `Authorization` value. */
export function signCallback(_privateKey: KeyObject | string, _requestTarget: string, _body: Uint8Array): string {
  throw new Error('not implemented');
}

/** Verify the Base64 `Authorization` value of a callback request with a PEM or KeyObject public key. */
export function verifyCallbackSignature(
  _publicKey: KeyObject | string,
  _requestTarget: string,
  _body: Uint8Array,
  _signatureBase64: string,
): boolean {
  throw new Error('not implemented');
}

/** Base64-encode a public-key URL for `x-oss-pub-key-url` (and decode it on the receiving side). */
export function encodePubKeyUrl(_url: string): string {
  throw new Error('not implemented');
}

/** Decode an `x-oss-pub-key-url` header; returns undefined when it is not valid Base64 of a URL. */
export function decodePubKeyUrl(_value: string): string | undefined {
  throw new Error('not implemented');
}

/** The official OSS callback public key (512-bit RSA, SubjectPublicKeyInfo PEM), oss-protocol.md §2.2. */
export const OSS_CALLBACK_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKs/JBGzwUB2aVht4crBx3oIPBLNsjGs
C0fTXv+nvlmklvkcolvpvXLTjaxUHR3W9LXxQ2EHXAJfCB+6H2YF1k8CAwEAAQ==
-----END PUBLIC KEY-----
`;
