/**
 * Strict UTF-8 decoding for bytes that name or carry something: object names (URL paths, form
 * fields, XML bodies, seeded file names) and callback replies. A malformed sequence is an error,
 * never U+FFFD, which could silently name another object; a leading U+FEFF is kept as the
 * character it is (TextDecoder would strip it by default), since OSS compares names byte for byte.
 */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** `bytes` as UTF-8 text, or undefined when they are not UTF-8 (no U+FFFD substitution). */
export function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}
