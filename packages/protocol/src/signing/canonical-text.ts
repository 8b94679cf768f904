/**
 * Building blocks shared by the V1 and V4 string-to-sign builders: case-insensitive header
 * lookup, the canonical form of a header value, RFC 3986 percent-encoding and byte-order sorting.
 */
import type { SignableRequest } from './types.js';

type Headers = SignableRequest['headers'];

/** Every value of a header, whatever the case of its name in `headers`, in insertion order. */
export function headerValues(headers: Headers, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    if (Array.isArray(value)) values.push(...value);
    else values.push(value);
  }
  return values;
}

/** The first value of a header (case-insensitive name), or undefined when absent. */
export function headerValue(headers: Headers, name: string): string | undefined {
  return headerValues(headers, name)[0];
}

/**
 * Canonical value of a signed header: each value trimmed, repeated values joined with `,`
 * (Go v2 `oss/signer/v1.go` and `v4.go`, docs/rest-api.md §5.3).
 */
export function canonicalHeaderValue(headers: Headers, name: string): string {
  return headerValues(headers, name)
    .map((v) => v.trim())
    .join(',');
}

/** Lowercased names of the headers present in `headers` (deduplicated). */
export function lowercaseHeaderNames(headers: Headers): string[] {
  const names = new Set<string>();
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) names.add(key.toLowerCase());
  }
  return [...names];
}

/** Compare two strings by their UTF-8 bytes, like Go's `sort.Strings` (the SDKs' sort order). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  );
}

/**
 * Percent-encode the UTF-8 bytes of `value` as V4 does (docs/rest-api.md §5.5): unreserved
 * characters `A-Z a-z 0-9 - _ . ~` stay, everything else becomes `%XX` in uppercase hex. With
 * `keepSlash`, `/` stays too (canonical URI). A space is always `%20`, never `+`.
 */
export function uriEncode(value: string, keepSlash = false): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    if (isUnreserved(byte) || (keepSlash && byte === 0x2f)) out += String.fromCharCode(byte);
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}
