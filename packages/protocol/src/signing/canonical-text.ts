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

/**
 * Every header by lowercased name, with its values in insertion order, in one pass over
 * `headers`: the same names as {@link lowercaseHeaderNames} (in the same order) and the same
 * values as {@link headerValues}, for signers that look up several headers (each lookup by
 * {@link headerValues} scans all of them).
 */
export function headersByLowercaseName(headers: Headers): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const name = key.toLowerCase();
    let values = byName.get(name);
    if (values === undefined) byName.set(name, (values = []));
    if (Array.isArray(value)) values.push(...value);
    else values.push(value);
  }
  return byName;
}

/** Canonical form of a header's values (see {@link canonicalHeaderValue}). */
export function canonicalValues(values: readonly string[] | undefined): string {
  return values === undefined ? '' : values.map((v) => v.trim()).join(',');
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Compare two strings by their UTF-8 bytes, like Go's `sort.Strings` (the SDKs' sort order). */
export function compareBytes(a: string, b: string): number {
  // UTF-8 byte order is code point order, and so is UTF-16 code unit order below U+10000: strings
  // without surrogates (every signed name and parameter in practice) compare as they are, with
  // no Buffers per comparison. Surrogate pairs (and lone surrogates, which UTF-8 encodes as U+FFFD)
  // sort differently in UTF-16, so those go through their bytes.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
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

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const UNRESERVED_OR_SLASH = /^[A-Za-z0-9\-._~/]*$/;

/**
 * Percent-encode the UTF-8 bytes of `value` as V4 does (docs/rest-api.md §5.5): unreserved
 * characters `A-Z a-z 0-9 - _ . ~` stay, everything else becomes `%XX` in uppercase hex. With
 * `keepSlash`, `/` stays too (canonical URI). A space is always `%20`, never `+`.
 */
export function uriEncode(value: string, keepSlash = false): string {
  // Most values (part numbers, upload ids, plain keys) have nothing to encode.
  if ((keepSlash ? UNRESERVED_OR_SLASH : UNRESERVED).test(value)) return value;
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    if (isUnreserved(byte) || (keepSlash && byte === 0x2f)) out += String.fromCharCode(byte);
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}
