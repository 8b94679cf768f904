/**
 * The signing building blocks against their byte-level definitions: compareBytes sorts as the
 * UTF-8 bytes do, uriEncode encodes every UTF-8 byte but the unreserved ones, and the one-pass
 * header map agrees with the per-name lookups. Their fast paths (plain strings compared and
 * returned as they are) must give exactly what the byte-wise forms give, surrogates included.
 */
import { describe, expect, it } from 'vitest';
import { fc, fuzz } from '@ossbox/fuzz';
import {
  canonicalHeaderValue,
  canonicalValues,
  compareBytes,
  headersByLowercaseName,
  headerValues,
  lowercaseHeaderNames,
  uriEncode,
} from './canonical-text.js';

const sign = (n: number): number => Math.sign(n);
const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** RFC 3986 encoding of every UTF-8 byte but `A-Z a-z 0-9 - _ . ~` (and `/` with keepSlash). */
function encodeBytes(value: string, keepSlash: boolean): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === '/') ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Strings of arbitrary UTF-16 code units: ASCII, the top of the BMP, pairs and lone surrogates. */
const units = fc.string({
  unit: fc.oneof(
    fc.constantFrom('a', 'Z', '0', '-', '/', '~', '%', ' ', '+'),
    fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u)),
    fc.constantFrom('\uffff', '\ue000', '\u{10000}', '\u{1f600}'),
  ),
  maxLength: 8,
});

describe('compareBytes', () => {
  it('orders by UTF-8 bytes where UTF-16 order differs (U+FFFF before U+10000)', () => {
    // In UTF-16 U+10000 starts with 0xD800 < 0xFFFF; in UTF-8 it starts with 0xF0 > 0xEF.
    expect(compareBytes('\uffff', '\u{10000}')).toBe(-1);
    expect(compareBytes('\u{10000}', '\uffff')).toBe(1);
    expect(compareBytes('\ue000', '\u{1f600}')).toBe(-1);
    // A lone surrogate is U+FFFD's bytes in UTF-8.
    expect(compareBytes('\ud800', '\ufffd')).toBe(0);
    expect(['x-oss-b', 'content-type', 'x-oss-a', 'X'].sort(compareBytes)).toEqual(['X', 'content-type', 'x-oss-a', 'x-oss-b']);
  });

  it('agrees with Buffer.compare of the UTF-8 bytes', async () => {
    await fuzz(
      'compareBytes = UTF-8 byte order',
      fc.property(units, units, (a, b) => sign(compareBytes(a, b)) === sign(byBytes(a, b))),
      1000,
    );
  });
});

describe('uriEncode', () => {
  it('returns plain values as they are and encodes the rest byte by byte', () => {
    expect(uriEncode('0123456789ABCDEF-_.~az')).toBe('0123456789ABCDEF-_.~az');
    expect(uriEncode('/bucket/a b/1.txt', true)).toBe('/bucket/a%20b/1.txt');
    expect(uriEncode('/bucket/a', false)).toBe('%2Fbucket%2Fa');
    expect(uriEncode('é+\u{1f600}')).toBe('%C3%A9%2B%F0%9F%98%80');
  });

  it('agrees with encoding every UTF-8 byte', async () => {
    await fuzz(
      'uriEncode = byte-wise RFC 3986',
      fc.property(units, fc.boolean(), (value, keepSlash) => uriEncode(value, keepSlash) === encodeBytes(value, keepSlash)),
      1000,
    );
  });
});

describe('headersByLowercaseName', () => {
  it('has the names of lowercaseHeaderNames and the values of headerValues', async () => {
    const name = fc.constantFrom('Date', 'date', 'X-Oss-Meta-A', 'x-oss-meta-a', 'content-type', 'Content-Type');
    const value = fc.oneof(fc.string({ maxLength: 6 }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), fc.constant(undefined));
    await fuzz(
      'headersByLowercaseName = per-name lookups',
      fc.property(fc.dictionary(name, value), (headers) => {
        const byName = headersByLowercaseName(headers);
        expect([...byName.keys()]).toEqual(lowercaseHeaderNames(headers));
        for (const n of byName.keys()) {
          expect(byName.get(n)).toEqual(headerValues(headers, n));
          expect(canonicalValues(byName.get(n))).toBe(canonicalHeaderValue(headers, n));
        }
        return true;
      }),
    );
  });
});
