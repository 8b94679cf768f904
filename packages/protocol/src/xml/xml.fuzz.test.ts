/**
 * Property tests of every XML parser in this folder: arbitrary text, and well-formed documents
 * cut or mutated at any point, only ever fail with a typed OssProtocolError (MalformedXML and
 * friends), never a TypeError; request bodies OSS receives round-trip through build and parse
 * for arbitrary keys (XML-unsafe and non-ASCII characters included).
 */
import { describe, expect, it } from 'vitest';
import { fc, fuzz, throwsOnly } from '@ossbox/fuzz';
import { OssProtocolError, parseErrorXml } from '../errors.js';
import * as bodies from './bodies.js';

/** Every `parse*` function the XML module exports. */
const PARSERS = Object.entries(bodies as Record<string, unknown>).filter(
  (entry): entry is [string, (xml: string) => unknown] =>
    entry[0].startsWith('parse') && typeof entry[1] === 'function',
);

const SAMPLES = [
  bodies.buildCompleteMultipartUpload([
    { partNumber: 1, etag: '"A"' },
    { partNumber: 2, etag: '"B"' },
  ]),
  bodies.buildDeleteRequest({ quiet: false, keys: ['a', 'b/c'] }),
  bodies.buildTagging([{ key: 'k', value: 'v' }]),
  bodies.buildListObjectsResult({
    name: 'b',
    prefix: 'p',
    marker: '',
    maxKeys: 10,
    delimiter: '/',
    isTruncated: true,
    nextMarker: 'p/x',
    encodingType: 'url',
    contents: [
      {
        key: 'p/a',
        lastModified: new Date(0),
        etag: '"E"',
        type: 'Normal',
        size: 1,
        storageClass: 'Standard',
      },
    ],
    commonPrefixes: ['p/d/'],
  }),
  '<CreateBucketConfiguration><StorageClass>IA</StorageClass></CreateBucketConfiguration>',
  '<CORSConfiguration><CORSRule><AllowedOrigin>https://*.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>100</MaxAgeSeconds></CORSRule><ResponseVary>true</ResponseVary></CORSConfiguration>',
  '<?xml version="1.0" encoding="UTF-8"?><AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList><Grant>private</Grant></AccessControlList></AccessControlPolicy>',
];

/** A sample document cut short, with a span replaced by arbitrary text. */
const mutatedArb = fc
  .tuple(
    fc.constantFrom(...SAMPLES),
    fc.nat(),
    fc.nat({ max: 20 }),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.boolean(),
  )
  .map(([doc, at, length, insert, cut]) => {
    const i = at % (doc.length + 1);
    const mutated = doc.slice(0, i) + insert + doc.slice(i + length);
    return cut ? mutated.slice(0, i + insert.length) : mutated;
  });
const inputArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  mutatedArb,
  fc.constantFrom(...SAMPLES),
);

/** Characters XML 1.0 text cannot carry: C0 controls other than tab/LF/CR, and U+FFFE/U+FFFF. */
const hasXmlForbiddenChar = (s: string) =>
  Array.from(s).some((c) => {
    const n = c.codePointAt(0)!;
    return (n < 0x20 && n !== 9 && n !== 10 && n !== 13) || n === 0xfffe || n === 0xffff;
  });

/** Keys as OSS allows them, XML-unsafe characters and controls included. */
const keyArb = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 });

describe('XML parsers on hostile input', () => {
  it('every parse* function throws only typed errors', () =>
    fuzz(
      `XML parsers (${PARSERS.length}): arbitrary and mutated documents`,
      fc.property(
        inputArb,
        (xml) =>
          PARSERS.every(([, parse]) => throwsOnly(OssProtocolError, () => parse(xml))) &&
          throwsOnly(OssProtocolError, () => parseErrorXml(xml)),
      ),
      150,
    ));
});

describe('CORS configuration', () => {
  it('parse then validate throws only typed errors', () =>
    fuzz(
      'parseCorsConfiguration + validateCorsConfiguration: arbitrary and mutated documents',
      fc.property(inputArb, (xml) =>
        throwsOnly(OssProtocolError, () =>
          bodies.validateCorsConfiguration(bodies.parseCorsConfiguration(xml)),
        ),
      ),
      150,
    ));

  it('parseCorsConfiguration(build(x)) gives the configuration back', () =>
    fuzz(
      'parseCorsConfiguration(build(x))',
      fc.property(
        fc.array(
          fc.record({
            allowedOrigins: fc.array(
              fc
                .string({ minLength: 1, maxLength: 20 })
                .filter((v) => v.trim() === v && !hasXmlForbiddenChar(v)),
              { minLength: 1, maxLength: 3 },
            ),
            allowedMethods: fc.uniqueArray(fc.constantFrom('GET', 'PUT', 'DELETE', 'POST', 'HEAD'), {
              minLength: 1,
            }),
            allowedHeaders: fc.array(fc.stringMatching(/^[a-z*-]{1,12}$/), { maxLength: 2 }),
            exposeHeaders: fc.array(fc.stringMatching(/^[a-z-]{1,12}$/), { maxLength: 2 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.boolean(),
        (rules, responseVary) => {
          const parsed = bodies.parseCorsConfiguration(
            bodies.buildCorsConfiguration({ rules, responseVary }),
          );
          expect(parsed.responseVary).toBe(responseVary);
          expect(
            parsed.rules.map(({ allowedOrigins, allowedMethods, allowedHeaders, exposeHeaders }) => ({
              allowedOrigins,
              allowedMethods,
              allowedHeaders,
              exposeHeaders,
            })),
          ).toEqual(rules);
        },
      ),
    ));
});

describe('XML round trips', () => {
  it('CompleteMultipartUpload', () =>
    fuzz(
      'parseCompleteMultipartUpload(build(x))',
      fc.property(
        fc
          .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 5 })
          .chain((numbers) =>
            fc.tuple(
              ...numbers.map((n) =>
                fc.string({ maxLength: 34 }).map((etag) => ({ partNumber: n, etag: `"${etag}"` })),
              ),
            ),
          ),
        (parts) => {
          expect(bodies.parseCompleteMultipartUpload(bodies.buildCompleteMultipartUpload(parts))).toEqual(
            parts,
          );
        },
      ),
    ));

  it('DeleteMultipleObjects request', () =>
    fuzz(
      'parseDeleteRequest(build(x))',
      // Control characters cannot be written in XML 1.0 text; how OSS carries them is issue 11 item 3.
      fc.property(
        fc.boolean(),
        fc.array(
          keyArb.filter((k) => !hasXmlForbiddenChar(k)),
          { minLength: 1, maxLength: 5 },
        ),
        (quiet, keys) => {
          expect(bodies.parseDeleteRequest(bodies.buildDeleteRequest({ quiet, keys }))).toEqual({
            quiet,
            keys,
          });
        },
      ),
    ));

  it('ListObjects result with encoding-type=url carries any key', () =>
    fuzz(
      'parseListObjectsResult(build(x)) with encoding-type=url',
      fc.property(
        fc.array(keyArb, { maxLength: 4 }),
        fc.array(keyArb, { maxLength: 3 }),
        (keys, prefixes) => {
          const result = {
            name: 'b',
            prefix: '',
            marker: '',
            maxKeys: 100,
            delimiter: '/',
            isTruncated: false,
            encodingType: 'url' as const,
            contents: keys.map((key) => ({
              key,
              lastModified: new Date(0),
              etag: '"E"',
              type: 'Normal' as const,
              size: 1,
              storageClass: 'Standard',
            })),
            commonPrefixes: prefixes,
          };
          const parsed = bodies.parseListObjectsResult(bodies.buildListObjectsResult(result));
          expect(parsed.contents.map((o) => o.key)).toEqual(keys);
          expect(parsed.commonPrefixes).toEqual(prefixes);
        },
      ),
    ));
});
