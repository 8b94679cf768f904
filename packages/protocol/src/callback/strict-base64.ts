/**
 * Strict standard Base64 (RFC 4648 §4, with padding) for callback values. Node's
 * `Buffer.from(s, 'base64')` silently skips characters outside the alphabet and accepts missing
 * padding and URL-safe letters, so `x123-*&` (the 0007-00000002 example) would "decode". Internal
 * module: not part of the package surface.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decode standard, padded Base64; undefined when the text is not exactly that (wrong alphabet,
 * whitespace, missing or extra padding, or non-zero bits in the last character's unused part).
 */
export function decodeBase64Strict(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Non-canonical trailing bits (e.g. `YR==`) decode to the same bytes as `YQ==`; reject them so
  // every accepted value has exactly one encoding.
  return bytes.toString('base64') === text ? bytes : undefined;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decode UTF-8 bytes; undefined when they are not valid UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}
