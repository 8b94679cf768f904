/** HMAC primitives and a constant-time comparison for signatures. */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA1 of `data` under `key`, Base64 (V1 signatures, §5.3 and §5.11). */
export function hmacSha1Base64(key: string, data: string): string {
  return createHmac('sha1', key).update(data, 'utf8').digest('base64');
}

/** HMAC-SHA256 of `data` under `key` (V4 key chain, §5.5). */
export function hmacSha256(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * Compare a computed signature with the one a client sent, in constant time. Lengths are
 * compared first (the length of a signature is public), then the bytes with `timingSafeEqual`.
 */
export function signaturesEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
