import { describe, expect, it } from 'vitest';
import { thrownProtocolError as codeOf } from '../test-support/thrown.js';
import { buildCorsConfiguration, MAX_CORS_RULES, parseCorsConfiguration, validateCorsConfiguration } from './bodies.js';
import type { CorsConfiguration, CorsRule } from './bodies.js';

// Shaped like the PutBucketCors reference example (two rules, ResponseVary), with the indentation
// and the space inside an element it shows.
const REFERENCE_EXAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<CORSConfiguration>
    <CORSRule>
      <AllowedOrigin>*</AllowedOrigin>
      <AllowedMethod>PUT</AllowedMethod>
      <AllowedMethod>GET</AllowedMethod>
      <AllowedHeader>Authorization</AllowedHeader>
    </CORSRule>
    <CORSRule>
      <AllowedOrigin>http://example.com</AllowedOrigin>
      <AllowedOrigin>http://example.net</AllowedOrigin>
      <AllowedMethod>GET</AllowedMethod>
      <AllowedHeader> Authorization</AllowedHeader>
      <ExposeHeader>x-oss-test</ExposeHeader>
      <ExposeHeader>x-oss-test1</ExposeHeader>
      <MaxAgeSeconds>100</MaxAgeSeconds>
    </CORSRule>
    <ResponseVary>false</ResponseVary>
</CORSConfiguration>`;

// What ali-oss 6.x putBucketCORS sends (lib/bucket.js): no whitespace, no ResponseVary.
const ALI_OSS_BODY =
  '<?xml version="1.0" encoding="UTF-8"?>\n<CORSConfiguration><CORSRule><AllowedOrigin>http://127.0.0.1:5173</AllowedOrigin>' +
  '<AllowedMethod>GET</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedHeader>*</AllowedHeader>' +
  '<ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>30</MaxAgeSeconds></CORSRule></CORSConfiguration>';

const rule = (over: Partial<CorsRule> = {}): CorsRule => ({
  allowedOrigins: ['*'],
  allowedMethods: ['GET'],
  allowedHeaders: [],
  exposeHeaders: [],
  ...over,
});

describe('CORSConfiguration', () => {
  it('parses the reference example: rules in order, trimmed values, ResponseVary', () => {
    expect(parseCorsConfiguration(REFERENCE_EXAMPLE)).toEqual({
      rules: [
        rule({ allowedMethods: ['PUT', 'GET'], allowedHeaders: ['Authorization'] }),
        rule({
          allowedOrigins: ['http://example.com', 'http://example.net'],
          allowedHeaders: ['Authorization'],
          exposeHeaders: ['x-oss-test', 'x-oss-test1'],
          maxAgeSeconds: 100,
        }),
      ],
      responseVary: false,
    } satisfies CorsConfiguration);
  });

  it("parses ali-oss's body; ResponseVary defaults to false", () => {
    const config = parseCorsConfiguration(ALI_OSS_BODY);
    expect(config.responseVary).toBe(false);
    expect(config.rules).toEqual([
      rule({
        allowedOrigins: ['http://127.0.0.1:5173'],
        allowedMethods: ['GET', 'POST'],
        allowedHeaders: ['*'],
        exposeHeaders: ['ETag'],
        maxAgeSeconds: 30,
      }),
    ]);
    expect(() => validateCorsConfiguration(config)).not.toThrow();
  });

  it('builds what it parses, in the GetBucketCors element order, ResponseVary written', () => {
    const config = parseCorsConfiguration(REFERENCE_EXAMPLE);
    const xml = buildCorsConfiguration({ ...config, responseVary: true });
    expect(parseCorsConfiguration(xml)).toEqual({ ...config, responseVary: true });
    const names = [...xml.matchAll(/^ {4}<(\w+)>/gm)].map((m) => m[1]);
    expect(names.slice(0, 4)).toEqual(['AllowedOrigin', 'AllowedMethod', 'AllowedMethod', 'AllowedHeader']);
    expect(xml).toMatch(/<\/CORSRule>\n {2}<ResponseVary>true<\/ResponseVary>\n<\/CORSConfiguration>/);
  });

  it('escapes markup in values', () => {
    const xml = buildCorsConfiguration({ rules: [rule({ allowedHeaders: ['x-a&b<c>'] })], responseVary: false });
    expect(xml).toContain('<AllowedHeader>x-a&amp;b&lt;c&gt;</AllowedHeader>');
    expect(parseCorsConfiguration(xml).rules[0]!.allowedHeaders).toEqual(['x-a&b<c>']);
  });

  it.each([
    ['not XML', 'not xml at all'],
    ['the wrong root', '<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>'],
    ['a rule without AllowedOrigin', '<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>'],
    ['a rule without AllowedMethod', '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>'],
    [
      'a non-integer MaxAgeSeconds',
      '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>-1</MaxAgeSeconds></CORSRule></CORSConfiguration>',
    ],
    [
      'a ResponseVary that is not a boolean',
      '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule><ResponseVary>yes</ResponseVary></CORSConfiguration>',
    ],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expect(codeOf(() => parseCorsConfiguration(xml)).code).toBe('MalformedXML');
  });

  it('rejects a configuration without CORSRule as MalformedXML with EC 0034-00000002', () => {
    const error = codeOf(() => parseCorsConfiguration('<CORSConfiguration>\n</CORSConfiguration>'));
    expect(error).toMatchObject({ code: 'MalformedXML', status: 400, ec: '0034-00000002' });
  });
});

describe('validateCorsConfiguration (PutBucketCors limits)', () => {
  const valid = (rules: CorsRule[]) => () => validateCorsConfiguration({ rules, responseVary: false });

  it('accepts up to 10 rules, wildcard origins and headers, every OSS method', () => {
    expect(valid(Array.from({ length: MAX_CORS_RULES }, () => rule()))).not.toThrow();
    expect(
      valid([
        rule({
          allowedOrigins: ['http://*.example.com', '*'],
          allowedMethods: ['GET', 'PUT', 'DELETE', 'POST', 'HEAD'],
          allowedHeaders: ['*', 'x-oss-meta-*'],
          exposeHeaders: ['ETag', 'x-oss-request-id'],
        }),
      ]),
    ).not.toThrow();
  });

  it.each([
    ['11 rules', Array.from({ length: MAX_CORS_RULES + 1 }, () => rule()), 'CORSRule', undefined],
    ['an origin with two *', [rule({ allowedOrigins: ['http://*.*.example.com'] })], 'AllowedOrigin', undefined],
    ['an empty origin', [rule({ allowedOrigins: [''] })], 'AllowedOrigin', undefined],
    ['a method outside the five', [rule({ allowedMethods: ['PATCH'] })], 'AllowedMethod', '0034-00000011'],
    ['a lowercase method', [rule({ allowedMethods: ['get'] })], 'AllowedMethod', '0034-00000011'],
    ['an empty method', [rule({ allowedMethods: [''] })], 'AllowedMethod', '0034-00000011'],
    ['an AllowedHeader with two *', [rule({ allowedHeaders: ['x-*-*'] })], 'AllowedHeader', undefined],
    ['an ExposeHeader with *', [rule({ exposeHeaders: ['x-oss-*'] })], 'ExposeHeader', '0034-00000013'],
    ['an ExposeHeader with a quote', [rule({ exposeHeaders: ['x"y'] })], 'ExposeHeader', '0034-00000013'],
  ])('rejects %s as InvalidArgument', (_name, rules, argument, ec) => {
    const error = codeOf(valid(rules));
    expect(error).toMatchObject({ code: 'InvalidArgument', status: 400, ec });
    expect(error.details.ArgumentName).toBe(argument);
  });
});
