import { describe, expect, it } from 'vitest';
import { thrownProtocolError } from '../test-support/thrown.js';
import {
  decodeCallback,
  decodeCallbackVars,
  encodeCallback,
  encodeCallbackVars,
  validateCallbackVars,
} from './params.js';

// docs/callback-protocol.md §2.5 request-side vector: Ruby spec/aliyun/oss/object_spec.rb.
const RUBY_VECTOR = {
  value:
    'eyJjYWxsYmFja1VybCI6Imh0dHA6Ly9hcHAuc2VydmVyLmNvbS9jYWxsYmFjaz9pZD0xJm5hbWU9JUU2JTlEJUFEJUU1JUI3JTlFIiwiY2FsbGJhY2tCb2R5IjoiaGVsbG8gd29ybGQiLCJjYWxsYmFja0JvZHlUeXBlIjoiYXBwbGljYXRpb24veC13d3ctZm9ybS11cmxlbmNvZGVkIiwiY2FsbGJhY2tIb3N0Ijoic2VydmVyLmNvbSJ9',
  url: 'http://app.server.com/callback?id=1&name=%E6%9D%AD%E5%B7%9E',
  body: 'hello world',
  host: 'server.com',
};
// docs/callback-protocol.md §2.5 doc parameter example (current doc): the decoded x-oss-callback JSON.
const DOC_CALLBACK_JSON =
  '{"callbackHost": "your.callback.com", "callbackUrl": "http://oss-demo.aliyuncs.com:23450", "callbackBody": "bucket=${bucket}&object=${object}&uid=${x:uid}&order=${x:order_id}", "callbackBodyType": "application/x-www-form-urlencoded", "callbackSNI": false}';
// docs/callback-protocol.md §2.5: the documented x-oss-callback-var value and what it decodes to.
const DOC_CALLBACK_VAR = 'eyJ4OnVpZCI6ICIxMjM0NSIsICJ4Om9yZGVyX2lkIjogIjY3ODkwIn0=';

const FORM = 'application/x-www-form-urlencoded';
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const callbackOf = (json: Record<string, unknown>): string => b64(JSON.stringify(json));
const VALID = { callbackUrl: 'http://example.com/cb', callbackBody: 'bucket=${bucket}' };

interface Expected {
  message?: string;
  ec?: string | undefined;
  argumentName?: string;
  argumentValue?: string;
}

function expectInvalidArgument(fn: () => unknown, expected: Expected): void {
  const error = thrownProtocolError(fn);
  expect(error.code).toBe('InvalidArgument');
  expect(error.status).toBe(400);
  expect(error.ec).toBe(expected.ec);
  expect(error.details.ArgumentName).toBe(expected.argumentName ?? 'callback');
  if (expected.message !== undefined) expect(error.message).toBe(expected.message);
  if (expected.argumentValue !== undefined) expect(error.details.ArgumentValue).toBe(expected.argumentValue);
}

describe('encodeCallback', () => {
  it('reproduces the Ruby SDK x-oss-callback value byte for byte (§2.5)', () => {
    expect(
      encodeCallback({ urls: [RUBY_VECTOR.url], body: RUBY_VECTOR.body, bodyType: FORM, host: RUBY_VECTOR.host }),
    ).toBe(RUBY_VECTOR.value);
  });

  it('joins URLs with ";" and adds callbackSNI last, only when set', () => {
    const value = encodeCallback({ urls: ['a.com/x', 'https://b.com'], body: 'b', bodyType: 'application/json', sni: true });
    expect(Buffer.from(value, 'base64').toString()).toBe(
      '{"callbackUrl":"a.com/x;https://b.com","callbackBody":"b","callbackBodyType":"application/json","callbackSNI":true}',
    );
  });

  it('cannot carry a URL containing ";" (the separator): it decodes as two URLs (found by callback.fuzz.test.ts)', () => {
    const value = encodeCallback({ urls: ['http://a.aa/;', 'http://a.aa'], body: 'b', bodyType: FORM });
    expect(decodeCallback(value).urls).toEqual(['http://a.aa/', 'http://a.aa']);
  });

  it('round-trips through decodeCallback', () => {
    const params = { urls: ['http://a.com/x?', 'b.com:8080'], body: '{"o":${object}}', bodyType: 'application/json' as const, host: 'h.com', sni: false };
    expect(decodeCallback(encodeCallback(params))).toEqual(params);
  });
});

describe('decodeCallback', () => {
  it('decodes the Ruby SDK value (§2.5)', () => {
    expect(decodeCallback(RUBY_VECTOR.value)).toEqual({
      urls: [RUBY_VECTOR.url],
      body: RUBY_VECTOR.body,
      bodyType: FORM,
      host: RUBY_VECTOR.host,
    });
  });

  it('decodes the current doc parameter example (§2.5)', () => {
    expect(decodeCallback(b64(DOC_CALLBACK_JSON))).toEqual({
      urls: ['http://oss-demo.aliyuncs.com:23450'],
      host: 'your.callback.com',
      body: 'bucket=${bucket}&object=${object}&uid=${x:uid}&order=${x:order_id}',
      bodyType: FORM,
      sni: false,
    });
  });

  it('defaults the body type to form-urlencoded and keeps scheme-less URLs as written (§1.3)', () => {
    // Doc examples use `121.43.113.8:23456/index.html` and Go tests `www.aliyuncs.com`.
    const params = decodeCallback(callbackOf({ ...VALID, callbackUrl: '121.43.113.8:23456/index.html;www.aliyuncs.com' }));
    expect(params.urls).toEqual(['121.43.113.8:23456/index.html', 'www.aliyuncs.com']);
    expect(params.bodyType).toBe(FORM);
    expect(params.host).toBeUndefined();
    expect(params.sni).toBeUndefined();
  });

  it('accepts exactly 5 URLs, a trailing ";" and https', () => {
    const urls = ['https://a.com', 'b.com', 'http://c.com:1', 'd.com/x?y', 'e.com'];
    expect(decodeCallback(callbackOf({ ...VALID, callbackUrl: `${urls.join(';')};` })).urls).toEqual(urls);
  });

  it('accepts a JSON template that renders to JSON', () => {
    const value = callbackOf({ ...VALID, callbackBody: '{"mimeType":${mimeType},"size":${size}}', callbackBodyType: 'application/json' });
    expect(decodeCallback(value).bodyType).toBe('application/json');
  });

  it('rejects a value longer than 5 KB, without EC, before decoding it', () => {
    const long = callbackOf({ ...VALID, callbackBody: `a=${'x'.repeat(5000)}` });
    expect(long.length).toBeGreaterThan(5120);
    expectInvalidArgument(() => decodeCallback(long), { ec: undefined, argumentValue: long });
    expectInvalidArgument(() => decodeCallback('!'.repeat(5121)), { ec: undefined });
  });

  it('rejects a value that is not strict standard Base64 with EC 0007-00000002', () => {
    const valid = callbackOf(VALID);
    const cases = [
      'x123-*&', // the example of https://www.alibabacloud.com/help/en/oss/support/0007-00000002
      valid.replace(/=+$/, ''), // missing padding
      `${valid}=`,
      ` ${valid}`,
      `${valid.slice(0, 8)}\n${valid.slice(8)}`,
      valid.replace(/\+/g, '-').replace(/\//g, '_').replace(/[A-Z]/, '-'), // URL-safe alphabet
      'YR==', // non-canonical trailing bits
      'Y===',
    ];
    for (const value of cases) {
      expectInvalidArgument(() => decodeCallback(value), { ec: '0007-00000002', argumentValue: value });
    }
  });

  it('rejects the documented "not json format" example with its message and decoded ArgumentValue (§1.7)', () => {
    // Troubleshooting doc (older edition): callbackBody with unescaped quotes.
    const decoded =
      '{"callbackUrl":"8.8.8.8:9090","callbackBody":"{"bucket":${bucket},"object":${object}}","callbackBodyType":"application/json"}';
    expectInvalidArgument(() => decodeCallback(b64(decoded)), {
      message: 'The callback configuration is not json format.',
      ec: undefined,
      argumentValue: decoded,
    });
  });

  it('rejects JSON that is not an object, and bytes that are not UTF-8, as not json format', () => {
    for (const text of ['[]', '"x"', 'null', '42']) {
      expectInvalidArgument(() => decodeCallback(b64(text)), { message: 'The callback configuration is not json format.', argumentValue: text });
    }
    const notUtf8 = Buffer.from([0x7b, 0xff, 0x7d]).toString('base64');
    expectInvalidArgument(() => decodeCallback(notUtf8), { message: 'The callback configuration is not json format.' });
  });

  it('rejects a missing or empty callbackUrl', () => {
    for (const callbackUrl of [undefined, '', ' ; ;']) {
      expectInvalidArgument(() => decodeCallback(callbackOf({ ...VALID, callbackUrl })), { ec: undefined });
    }
  });

  it('rejects more than 5 URLs with EC 0007-00000005', () => {
    // The example of https://www.alibabacloud.com/help/en/oss/user-guide/0007-00000005.
    const callbackUrl =
      'https://callback1.com;https://callback2.com;https://callback3.com;https://callback4.com;https://callback5.com;https://callback6.com;';
    const value = callbackOf({ ...VALID, callbackUrl, callbackBody: '' });
    // URLs are checked before the body, so the empty body does not win.
    expectInvalidArgument(() => decodeCallback(value), { ec: '0007-00000005', argumentValue: Buffer.from(value, 'base64').toString() });
  });

  it('rejects a URL with a bad port or scheme with EC 0007-00000004', () => {
    for (const callbackUrl of [
      '10.101.166.30:test', // §1.7
      'www.callback-example.com:test', // https://www.alibabacloud.com/help/en/oss/support/0007-00000004
      'http://a.com:0/x',
      'http://a.com:65536',
      'ftp://a.com/x',
      'http://',
      'http://a.com/a b',
      'http://ok.com;bad.com:port',
    ]) {
      expectInvalidArgument(() => decodeCallback(callbackOf({ ...VALID, callbackUrl })), { ec: '0007-00000004' });
    }
    expectInvalidArgument(() => decodeCallback(callbackOf({ ...VALID, callbackUrl: 42 })), { ec: '0007-00000004' });
  });

  it('rejects an empty or missing callbackBody with EC 0007-00000011', () => {
    // The example of https://www.alibabacloud.com/help/en/oss/support/0007-00000011.
    const doc = b64('{\n\t"callbackUrl":"www.oss-callback.com/test.php",\n\t"callbackBody":""\n}');
    expectInvalidArgument(() => decodeCallback(doc), { ec: '0007-00000011' });
    expectInvalidArgument(() => decodeCallback(callbackOf({ callbackUrl: 'a.com' })), { ec: '0007-00000011' });
    expectInvalidArgument(() => decodeCallback(callbackOf({ callbackUrl: 'a.com', callbackBody: 5 })), { ec: '0007-00000011' });
  });

  it('rejects a bad callbackBodyType with EC 0007-00000012', () => {
    // 123 is the example of https://www.alibabacloud.com/help/ja/oss/support/0007-00000012.
    for (const callbackBodyType of [123, 'text/plain', 'application/json; charset=utf-8', 'JSON', '']) {
      expectInvalidArgument(() => decodeCallback(callbackOf({ ...VALID, callbackBodyType })), { ec: '0007-00000012' });
    }
  });

  it('rejects a callbackSNI that is not a boolean', () => {
    for (const callbackSNI of ['true', 1, null]) {
      expectInvalidArgument(() => decodeCallback(callbackOf({ ...VALID, callbackSNI })), {
        message: 'The callbackSNI is invalid.',
        ec: undefined,
      });
    }
  });

  // The messages of OSS's HTTP 400 page (https://www.alibabacloud.com/help/en/oss/support/http-400-status-code, InvalidArgument).
  it.each([
    ['over 5 KB', 'x'.repeat(5 * 1024 + 1), 'The length of callback exceed max value.', undefined],
    ['not Base64', '%%%', 'The callback configuration is not base64 encoded.', '0007-00000002'],
    ['without callbackUrl', callbackOf({ callbackBody: 'a=1' }), 'The callback url configuration is invalid.', undefined],
    ['with a bad callbackUrl', callbackOf({ ...VALID, callbackUrl: 'ftp://a.com/x' }), 'The callback url configuration is invalid.', '0007-00000004'],
    ['with six URLs', callbackOf({ ...VALID, callbackUrl: 'a.com;b.com;c.com;d.com;e.com;f.com' }), 'The number of callback url exceed max value.', '0007-00000005'],
    ['without callbackBody', callbackOf({ callbackUrl: 'a.com' }), 'The callback body is empty.', '0007-00000011'],
    ['with a bad callbackBodyType', callbackOf({ ...VALID, callbackBodyType: 'text/plain' }), 'The callback body type configuration is invalid.', '0007-00000012'],
    ['with a bad callbackHost', callbackOf({ ...VALID, callbackHost: 'a b.com' }), 'The callback host configuration is invalid.', undefined],
  ])('answers a callback %s with OSS\'s message', (_name, value, message, ec) => {
    expectInvalidArgument(() => decodeCallback(value), { message, ec });
  });

  it('rejects a callbackHost that cannot be a Host header, and reads an empty one as unset', () => {
    for (const callbackHost of [42, 'a b.com', 'a.com/x', 'a.com\r\nx: y']) {
      expectInvalidArgument(() => decodeCallback(callbackOf({ ...VALID, callbackHost })), {
        message: 'The callback host configuration is invalid.',
      });
    }
    expect(decodeCallback(callbackOf({ ...VALID, callbackHost: '' })).host).toBeUndefined();
    expect(decodeCallback(callbackOf({ ...VALID, callbackHost: 'cb.example.com:8080' })).host).toBe('cb.example.com:8080');
  });

  it('rejects a JSON body template that cannot render to JSON, before anything is stored', () => {
    const value = callbackOf({ ...VALID, callbackBody: 'bucket=${bucket}', callbackBodyType: 'application/json' });
    expectInvalidArgument(() => decodeCallback(value), {
      message: 'The callback configuration is not json format.',
      argumentValue: Buffer.from(value, 'base64').toString(),
    });
  });

  it('rejects a variable not written as ${var} (§1.7)', () => {
    expectInvalidArgument(() => decodeCallback(callbackOf({ ...VALID, callbackBody: 'a=${bucket' })), {
      message: 'The callbackBody contains a variable not written as ${var}.',
    });
  });
});

describe('callback-var', () => {
  // The messages of OSS's HTTP 400 page (InvalidArgument), "expecten" as OSS writes it.
  it.each([
    ['over 5 KB', 'x'.repeat(5 * 1024 + 1), 'The length of callback var exceed max value.', '0007-00000101'],
    ['not JSON', b64('{oops'), 'The callback var is not expecten json.', '0007-00000103'],
    ['a JSON list', b64('["x:a"]'), 'The callback var is not expecten json.', '0007-00000103'],
  ])('answers a callback-var %s with OSS\'s message', (_name, value, message, ec) => {
    expectInvalidArgument(() => decodeCallbackVars(value), { message, ec, argumentName: 'callback-var' });
  });

  it('decodes the documented value (§2.5)', () => {
    expect(decodeCallbackVars(DOC_CALLBACK_VAR)).toEqual({ 'x:uid': '12345', 'x:order_id': '67890' });
  });

  it('round-trips through encodeCallbackVars', () => {
    const vars = { 'x:uid': '12345', 'x:name': '杭州 "q"' };
    expect(decodeCallbackVars(encodeCallbackVars(vars))).toEqual(vars);
  });

  it('rejects a value longer than 5 KB with EC 0007-00000101', () => {
    // https://www.alibabacloud.com/help/en/oss/support/0007-00000101
    const long = encodeCallbackVars({ 'x:v': 'x'.repeat(4000) });
    expectInvalidArgument(() => decodeCallbackVars(long), { ec: '0007-00000101', argumentName: 'callback-var' });
  });

  it('rejects a value that is not Base64 with EC 0007-00000102 (§1.4)', () => {
    for (const value of ['x123-*&', DOC_CALLBACK_VAR.slice(0, -1)]) {
      expectInvalidArgument(() => decodeCallbackVars(value), { ec: '0007-00000102', argumentName: 'callback-var', argumentValue: value });
    }
  });

  it('rejects a value that is not a JSON object with EC 0007-00000103 (§1.4)', () => {
    for (const text of ['{"x:uid":', '["x:uid"]', '"x"']) {
      expectInvalidArgument(() => decodeCallbackVars(b64(text)), { ec: '0007-00000103', argumentName: 'callback-var', argumentValue: text });
    }
  });

  it('rejects keys without "x:" or not lowercase, and non-string values (§1.4)', () => {
    for (const json of [
      { uid: '1' },
      { 'x:UID': '1' },
      { 'X:uid': '1' },
      { 'x:': '1' },
      { 'x:uid': 12345 },
      { 'x:uid': { nested: '1' } },
      { 'x:uid': null },
    ]) {
      expectInvalidArgument(() => decodeCallbackVars(b64(JSON.stringify(json))), { ec: undefined, argumentName: 'callback-var' });
    }
  });

  it('validateCallbackVars accepts PostObject-style x: fields and copies them', () => {
    const fields = { 'x:uid': '1', 'x:order_id': '' };
    const vars = validateCallbackVars(fields);
    expect(vars).toEqual(fields);
    expect(vars).not.toBe(fields);
    expectInvalidArgument(() => validateCallbackVars({ 'x:Uid': '1' }), { argumentName: 'callback-var', argumentValue: 'x:Uid' });
  });
});
