/**
 * Property tests of the emulator's parsers of request headers and targets: Range, the
 * conditional headers (If-Match, If-None-Match, If-(Un)Modified-Since and their copy-source forms)
 * and key decoding from the raw request target. Arbitrary input only ever fails with a typed
 * OssProtocolError (an OSS error response, never a 500); ranges that are served lie inside the
 * object; any key sent percent-encoded decodes back to itself.
 */
import { describe, expect, it } from 'vitest';
import { fc, fuzz, throwsOnly } from '@ossbox/fuzz';
import { OssProtocolError } from '@ossbox/protocol';
import type { ObjectRecord } from '../store/metadata-store.js';
import { resolveAddress } from '../middleware/resolve-address.js';
import { validateObjectName } from './object-name.js';
import { evaluateConditions } from './conditions.js';
import { resolveRange } from './range.js';

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }));
const rangeArb = fc.oneof(
  text,
  fc
    .array(
      fc.tuple(
        fc.option(fc.integer({ min: -5, max: 3000 }), { nil: undefined }),
        fc.option(fc.integer({ min: -5, max: 3000 }), { nil: undefined }),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((specs) => `bytes=${specs.map(([a, b]) => `${a ?? ''}-${b ?? ''}`).join(',')}`),
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map((n) => `bytes=${n}-`),
);

describe('Range', () => {
  it('is served inside the object or refused with a typed error', () =>
    fuzz(
      'Range: arbitrary header',
      fc.property(rangeArb, fc.nat({ max: 2000 }), fc.boolean(), (header, size, standard) => {
        try {
          const range = resolveRange(header, size, standard);
          if (range !== undefined) {
            expect(range.start).toBeGreaterThanOrEqual(0);
            expect(range.end).toBeGreaterThanOrEqual(range.start);
            expect(range.end).toBeLessThan(size);
          }
        } catch (err) {
          if (!(err instanceof OssProtocolError)) throw err;
        }
      }),
      500,
    ));
});

const OBJECT = {
  etag: '5D41402ABC4B2A76B9719D911017C592',
  lastModified: new Date('2026-11-30T12:00:00Z'),
} as ObjectRecord;
const dateText = fc.oneof(
  text,
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.date().map((d) => String(d)),
);
const etagText = fc.oneof(
  text,
  fc.constantFrom('*', `"${OBJECT.etag}"`, OBJECT.etag, `W/"${OBJECT.etag}"`, `"x", "${OBJECT.etag}"`),
);

describe('conditional headers', () => {
  it('evaluate or fail with a typed error, for GET and copy-source forms', () =>
    fuzz(
      'conditional headers: arbitrary values',
      fc.property(
        etagText,
        etagText,
        dateText,
        dateText,
        fc.constantFrom('', 'x-oss-copy-source-'),
        (ifMatch, ifNoneMatch, since, unmodified, prefix) => {
          const headers = {
            [`${prefix}if-match`]: ifMatch,
            [`${prefix}if-none-match`]: ifNoneMatch,
            [`${prefix}if-modified-since`]: since,
            [`${prefix}if-unmodified-since`]: unmodified,
          };
          return throwsOnly(OssProtocolError, () =>
            expect(['ok', 'not-modified']).toContain(evaluateConditions(headers, OBJECT, prefix)),
          );
        },
      ),
      500,
    ));
});

describe('key decoding from the request target', () => {
  const HOSTS = ['localhost', '127.0.0.1'];
  const rawTarget = fc.oneof(
    text.map((t) => `/${t}`),
    fc
      .tuple(
        fc.constantFrom('/examplebucket/', '/'),
        fc.array(
          fc.oneof(
            fc.constantFrom('%', '%2', '%zz', '%ff', '%C3', '%2F', '%2E', '+', '?', '&', '=', '#'),
            text,
          ),
          { maxLength: 6 },
        ),
      )
      .map(([start, parts]) => start + parts.join('')),
  );

  it('throws only typed errors for arbitrary hosts and raw targets', () =>
    fuzz(
      'resolveAddress: arbitrary target',
      fc.property(
        fc.oneof(
          fc.constantFrom('127.0.0.1:9000', 'examplebucket.localhost', 'a.b.oss-cn-hangzhou.aliyuncs.com'),
          text,
        ),
        rawTarget,
        (host, target) => throwsOnly(OssProtocolError, () => resolveAddress(host, target, HOSTS)),
      ),
      500,
    ));

  it('a percent-encoded key decodes to itself, in path and virtual-hosted style', () =>
    fuzz(
      'resolveAddress: encoded key round trip',
      fc.property(
        fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
          .filter((k) => {
            try {
              return validateObjectName(k) === k;
            } catch {
              return false;
            }
          }),
        (key) => {
          const encoded = encodeURIComponent(key);
          expect(resolveAddress('127.0.0.1:9000', `/examplebucket/${encoded}`, HOSTS).key).toBe(key);
          expect(resolveAddress('examplebucket.localhost', `/${encoded}?acl`, HOSTS).key).toBe(key);
        },
      ),
    ));
});
