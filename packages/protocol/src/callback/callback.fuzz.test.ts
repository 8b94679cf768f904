/**
 * Property tests of the callback parsers that read outside input: `x-oss-callback` and
 * `x-oss-callback-var` values (arbitrary bytes, arbitrary JSON) only ever fail with a typed
 * OssProtocolError and round-trip what the encoders write; body templates that pass validation
 * render for any values (and, for JSON bodies, always to JSON).
 */
import { describe, expect, it } from 'vitest';
import { fc, fuzz, throwsOnly } from '@ossbox/fuzz';
import { OssProtocolError } from '../errors.js';
import type { CallbackSystemVars } from './body.js';
import { renderCallbackBody, validateCallbackBodyTemplate } from './body.js';
import type { CallbackBodyType, CallbackParams } from './params.js';
import { decodeCallback, decodeCallbackVars, encodeCallback, encodeCallbackVars } from './params.js';

const base64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
const FIELDS = ['callbackUrl', 'callbackBody', 'callbackBodyType', 'callbackHost', 'callbackSNI'];
/** A JSON object with callback-like fields of any JSON type, and junk. */
const callbackJsonArb = fc.dictionary(
  fc.oneof(fc.constantFrom(...FIELDS), fc.string()),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 6 },
);
const headerValueArb = fc.oneof(
  fc.string(),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
  callbackJsonArb.map(base64),
  fc.string({ unit: 'grapheme', maxLength: 60 }).map(base64),
  fc.jsonValue({ maxDepth: 3 }).map(base64),
);

const VARIABLES = [
  'bucket',
  'object',
  'etag',
  'size',
  'mimeType',
  'crc64',
  'contentMd5',
  'clientIp',
  'reqId',
  'operation',
  'imageInfo.height',
  'imageInfo.format',
  'x:uid',
  'x:other',
];
/** Template pieces: literal text (with JSON-ish and template-ish characters) and variables. */
const templateArb = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('${', '}', '$', '"', '{', '}', ':', ','),
      fc.constantFrom(...VARIABLES).map((v) => `\${${v}}`),
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(''));
const jsonTemplateArb = fc
  .array(fc.tuple(fc.string({ maxLength: 5 }), fc.constantFrom(...VARIABLES)), { maxLength: 4 })
  .map((pairs) => `{${pairs.map(([name, v]) => `${JSON.stringify(name)}:\${${v}}`).join(',')}}`);
const systemArb: fc.Arbitrary<CallbackSystemVars> = fc.record({
  bucket: fc.string(),
  object: fc.string({ unit: 'grapheme' }),
  etag: fc.string(),
  size: fc.nat(),
  mimeType: fc.string(),
  crc64: fc.string(),
  contentMd5: fc.string(),
  clientIp: fc.string(),
  reqId: fc.string(),
  operation: fc.constantFrom('PutObject', 'PostObject', 'CompleteMultipartUpload'),
  imageInfo: fc.record({ height: fc.nat(), width: fc.nat(), format: fc.string() }),
});
const varsArb = fc.record({ 'x:uid': fc.string({ unit: 'grapheme' }), 'x:other': fc.string() });
const bodyTypeArb = fc.constantFrom<CallbackBodyType>(
  'application/x-www-form-urlencoded',
  'application/json',
);

describe('x-oss-callback / x-oss-callback-var decoding', () => {
  it('throws only typed errors for arbitrary values', () =>
    fuzz(
      'decodeCallback/decodeCallbackVars: arbitrary input',
      fc.property(
        headerValueArb,
        (value) =>
          throwsOnly(OssProtocolError, () => decodeCallback(value)) &&
          throwsOnly(OssProtocolError, () => decodeCallbackVars(value)),
      ),
      500,
    ));

  const validParamsArb: fc.Arbitrary<CallbackParams> = fc.record(
    {
      urls: fc.array(
        fc
          .tuple(
            fc.constantFrom('http', 'https'),
            fc.domain(),
            fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
            fc.webPath(),
          )
          .map(
            ([scheme, host, port, path]) =>
              `${scheme}://${host}${port === undefined ? '' : `:${port}`}${path}`,
          )
          // `;` separates URLs in callbackUrl: a URL containing one cannot be written (the SDK's Callback refuses it).
          .filter((url) => !url.includes(';')),
        { minLength: 1, maxLength: 5 },
      ),
      body: fc.constantFrom('bucket=${bucket}&object=${object}', 'a=${x:uid}', 'plain text'),
      bodyType: fc.constant<CallbackBodyType>('application/x-www-form-urlencoded'),
      host: fc.domain(),
      sni: fc.boolean(),
    },
    { requiredKeys: ['urls', 'body', 'bodyType'] },
  );

  it('decode(encode(params)) gives the params back', () =>
    fuzz(
      'decodeCallback(encodeCallback(x))',
      fc.property(validParamsArb, (params) => {
        expect(decodeCallback(encodeCallback(params))).toEqual(params);
      }),
    ));

  it('decodeVars(encodeVars(vars)) gives the vars back', () =>
    fuzz(
      'decodeCallbackVars(encodeCallbackVars(x))',
      fc.property(
        fc.dictionary(
          fc.stringMatching(/^x:[a-z0-9_]{1,12}$/),
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          { maxKeys: 5 },
        ),
        (vars) => {
          expect(decodeCallbackVars(encodeCallbackVars(vars))).toEqual(vars);
        },
      ),
    ));
});

describe('callback body templating', () => {
  it('throws only typed errors for arbitrary templates and values', () =>
    fuzz(
      'renderCallbackBody: arbitrary template',
      fc.property(templateArb, bodyTypeArb, systemArb, varsArb, (template, bodyType, system, vars) =>
        throwsOnly(OssProtocolError, () => renderCallbackBody(template, bodyType, system, vars)),
      ),
      300,
    ));

  it('a template that validates renders for any values, to JSON for application/json', () =>
    fuzz(
      'renderCallbackBody: validated templates always render',
      fc.property(
        fc.oneof(templateArb, jsonTemplateArb),
        bodyTypeArb,
        systemArb,
        varsArb,
        (template, bodyType, system, vars) => {
          try {
            validateCallbackBodyTemplate(template, bodyType);
          } catch {
            return true;
          }
          const body = renderCallbackBody(template, bodyType, system, vars);
          if (bodyType === 'application/json') expect(() => JSON.parse(body)).not.toThrow();
          return true;
        },
      ),
      300,
    ));
});
