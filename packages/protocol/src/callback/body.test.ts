import { describe, expect, it } from 'vitest';
import { thrownProtocolError } from '../test-support/thrown.js';
import type { CallbackSystemVars } from './body.js';
import { renderCallbackBody, validateCallbackBodyTemplate } from './body.js';
import { decodeCallbackVars } from './params.js';

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

// docs/callback-protocol.md §1.6: the older doc's upload of `test\n` (5 bytes, ETag = uppercase MD5) as
// test.txt, text/plain, to bucket callback-test, with custom variable x:var1.
const DOC_SYSTEM: CallbackSystemVars = {
  bucket: 'callback-test',
  object: 'test.txt',
  etag: 'D8E8FCA2DC0F896FD7CB4CB0031BA249',
  size: 5,
  mimeType: 'text/plain',
  crc64: '0',
  clientIp: '192.0.2.1',
  reqId: '55F6BF87207FB30F2640C548',
  operation: 'PutObject',
};

function expectInvalidArgument(fn: () => unknown, message: string): void {
  const error = thrownProtocolError(fn);
  expect(error.code).toBe('InvalidArgument');
  expect(error.status).toBe(400);
  expect(error.message).toBe(message);
  expect(error.details.ArgumentName).toBe('callback');
}

describe('renderCallbackBody, form bodies', () => {
  it('reproduces the documented body of §1.6', () => {
    // Template inferred from the documented body: each `name=` followed by its variable; the
    // literal `x:var1=` stays as written (§1.6).
    const template =
      'bucket=${bucket}&object=${object}&etag=${etag}&size=${size}&mimeType=${mimeType}' +
      '&imageInfo.height=${imageInfo.height}&imageInfo.width=${imageInfo.width}' +
      '&imageInfo.format=${imageInfo.format}&x:var1=${x:var1}';
    expect(renderCallbackBody(template, FORM, DOC_SYSTEM, { 'x:var1': 'for-callback-test' })).toBe(
      'bucket=callback-test&object=test.txt&etag=D8E8FCA2DC0F896FD7CB4CB0031BA249&size=5&mimeType=text%2Fplain&imageInfo.height=&imageInfo.width=&imageInfo.format=&x:var1=for-callback-test',
    );
  });

  it('reproduces the current doc example: callback-var header → uid=12345&order=67890 (§2.5)', () => {
    // Doc parameter example of §2.5: the callbackBody and x-oss-callback-var values as published.
    const vars = decodeCallbackVars('eyJ4OnVpZCI6ICIxMjM0NSIsICJ4Om9yZGVyX2lkIjogIjY3ODkwIn0=');
    const body = renderCallbackBody(
      'bucket=${bucket}&object=${object}&uid=${x:uid}&order=${x:order_id}',
      FORM,
      { ...DOC_SYSTEM, bucket: 'your_bucket', object: 'your_object' },
      vars,
    );
    expect(body).toBe('bucket=your_bucket&object=your_object&uid=12345&order=67890');
    expect(body.endsWith('uid=12345&order=67890')).toBe(true);
  });

  it('percent-encodes UTF-8 values, keeping only unreserved characters', () => {
    const system = { ...DOC_SYSTEM, object: 'dir/杭 州+a&b=c~_.-*' };
    expect(renderCallbackBody('object=${object}', FORM, system, {})).toBe(
      'object=dir%2F%E6%9D%AD%20%E5%B7%9E%2Ba%26b%3Dc~_.-%2A',
    );
  });

  it('renders every system variable of §1.5', () => {
    const system: CallbackSystemVars = {
      ...DOC_SYSTEM,
      imageInfo: { height: 539, width: 810, format: 'jpg' },
      crc64: '11051210869376104954',
      contentMd5: 'ICy5YqxZB1uWSwcVLSNLcA==',
      vpcId: 'vpc-1',
    };
    const template =
      '${bucket}|${object}|${etag}|${size}|${mimeType}|${imageInfo.height}|${imageInfo.width}|' +
      '${imageInfo.format}|${crc64}|${contentMd5}|${vpcId}|${clientIp}|${reqId}|${operation}';
    expect(renderCallbackBody(template, FORM, system, {})).toBe(
      'callback-test|test.txt|D8E8FCA2DC0F896FD7CB4CB0031BA249|5|text%2Fplain|539|810|jpg|' +
        '11051210869376104954|ICy5YqxZB1uWSwcVLSNLcA%3D%3D|vpc-1|192.0.2.1|55F6BF87207FB30F2640C548|PutObject',
    );
  });

  it('renders unknown, unset and absent variables as empty and copies other "$" text as is', () => {
    expect(renderCallbackBody('a=${foo}&b=${x:missing}&c=${vpcId}&d=${contentMd5}&e=$(bucket)&f=$x', FORM, DOC_SYSTEM, {})).toBe(
      'a=&b=&c=&d=&e=$(bucket)&f=$x',
    );
  });

  it('does not take custom variables from the object prototype', () => {
    expect(renderCallbackBody('a=${x:toString}', FORM, DOC_SYSTEM, {})).toBe('a=');
  });

  it('encodes a lone surrogate in a custom variable instead of throwing', () => {
    expect(renderCallbackBody('v=${x:v}', FORM, DOC_SYSTEM, { 'x:v': '\ud800' })).toBe('v=%EF%BF%BD');
  });

  it('rejects an unterminated or empty variable (§1.7)', () => {
    const message = 'The callbackBody contains a variable not written as ${var}.';
    expectInvalidArgument(() => renderCallbackBody('a=${bucket', FORM, DOC_SYSTEM, {}), message);
    expectInvalidArgument(() => renderCallbackBody('a=${}', FORM, DOC_SYSTEM, {}), message);
  });
});

describe('renderCallbackBody, JSON bodies', () => {
  it('reproduces the Cloudreve capture of §1.6 exactly', () => {
    // docs/callback-protocol.md §1.6: Cloudreve's template and the body OSS produced (signature verified in
    // signature.test.ts as vector B).
    const template =
      '{"name":${x:fname},"source_name":${object},"size":${size},"pic_info":"${imageInfo.width},${imageInfo.height}"}';
    const system: CallbackSystemVars = {
      ...DOC_SYSTEM,
      object: '1/1_hFRtDLgM_2f7b2ccf30e9270ea920f1ab8a4037a546a2f0d5.jpg',
      size: 114020,
      mimeType: 'image/jpeg',
      imageInfo: { width: 810, height: 539, format: 'jpg' },
    };
    expect(renderCallbackBody(template, JSON_TYPE, system, { 'x:fname': '2f7b2ccf30e9270ea920f1ab8a4037a546a2f0d5.jpg' })).toBe(
      '{"name":"2f7b2ccf30e9270ea920f1ab8a4037a546a2f0d5.jpg","source_name":"1/1_hFRtDLgM_2f7b2ccf30e9270ea920f1ab8a4037a546a2f0d5.jpg","size":114020,"pic_info":"810,539"}',
    );
  });

  it('renders the EC 0007-00000011 page JSON template to JSON', () => {
    // Template from https://www.alibabacloud.com/help/en/oss/support/0007-00000011.
    expect(renderCallbackBody('{"mimeType":${mimeType},"size":${size}}', JSON_TYPE, DOC_SYSTEM, {})).toBe(
      '{"mimeType":"text/plain","size":5}',
    );
  });

  it('escapes string values so the body stays JSON', () => {
    const system = { ...DOC_SYSTEM, object: 'a "quoted"\\ key\n杭' };
    const body = renderCallbackBody('{"k":${object},"in":"<${object}>"}', JSON_TYPE, system, {});
    expect(JSON.parse(body)).toEqual({ k: system.object, in: `<${system.object}>` });
  });

  it('keeps quoted string placeholders valid: "${object}" gives the plain string', () => {
    const body = renderCallbackBody('{"bucket":"${bucket}","object":${object}}', JSON_TYPE, DOC_SYSTEM, {});
    expect(body).toBe('{"bucket":"callback-test","object":"test.txt"}');
  });

  it('renders absent values so the body stays JSON (non-image upload, unset variables)', () => {
    const template =
      '{"h":${imageInfo.height},"w":${imageInfo.width},"f":${imageInfo.format},"pic":"${imageInfo.width},${imageInfo.height}",' +
      '"md5":${contentMd5},"vpc":${vpcId},"u":${x:unset},"unknown":${foo}}';
    expect(JSON.parse(renderCallbackBody(template, JSON_TYPE, DOC_SYSTEM, {}))).toEqual({
      h: null,
      w: null,
      f: '',
      pic: ',',
      md5: '',
      vpc: '',
      u: '',
      unknown: '',
    });
  });

  it('inserts crc64 as a JSON string', () => {
    const system = { ...DOC_SYSTEM, crc64: '11051210869376104954' };
    expect(renderCallbackBody('{"crc":${crc64}}', JSON_TYPE, system, {})).toBe('{"crc":"11051210869376104954"}');
  });

  it('throws the documented InvalidArgument when the template is not JSON (§1.7)', () => {
    expectInvalidArgument(
      () => renderCallbackBody('{"bucket":${bucket}', JSON_TYPE, DOC_SYSTEM, {}),
      'The callback configuration is not json format.',
    );
    expectInvalidArgument(
      () => renderCallbackBody('bucket=${bucket}', JSON_TYPE, DOC_SYSTEM, {}),
      'The callback configuration is not json format.',
    );
  });
});

describe('validateCallbackBodyTemplate', () => {
  it('accepts the documented templates', () => {
    expect(() => validateCallbackBodyTemplate('{"mimeType":${mimeType},"size":${size}}', JSON_TYPE)).not.toThrow();
    expect(() =>
      validateCallbackBodyTemplate(
        '{"name":${x:fname},"source_name":${object},"size":${size},"pic_info":"${imageInfo.width},${imageInfo.height}"}',
        JSON_TYPE,
      ),
    ).not.toThrow();
    expect(() => validateCallbackBodyTemplate('bucket=${bucket}&object=${object}', FORM)).not.toThrow();
  });

  it('rejects JSON templates that cannot render to JSON', () => {
    const message = 'The callback configuration is not json format.';
    for (const template of ['{"bucket":${bucket}', 'bucket=${bucket}', '{"a":${bucket}${object}}', '{"a":1,}', '']) {
      expectInvalidArgument(() => validateCallbackBodyTemplate(template, JSON_TYPE), message);
    }
  });

  it('rejects badly written variables in both body types', () => {
    const message = 'The callbackBody contains a variable not written as ${var}.';
    expectInvalidArgument(() => validateCallbackBodyTemplate('a=${bucket', FORM), message);
    expectInvalidArgument(() => validateCallbackBodyTemplate('{"a":${}}', JSON_TYPE), message);
  });

  it('puts the template in ArgumentValue', () => {
    expect(thrownProtocolError(() => validateCallbackBodyTemplate('{', JSON_TYPE)).details.ArgumentValue).toBe('{');
  });
});
