import { describe, expect, it } from 'vitest';
import { CallbackVerificationError } from './errors.js';
import { parseCallbackBody } from './parse-body.js';

const form = 'application/x-www-form-urlencoded';

describe('parseCallbackBody()', () => {
  it('parses the form body of the older doc example (docs/callback-protocol.md §1.6)', () => {
    const body =
      'bucket=callback-test&object=test.txt&etag=D8E8FCA2DC0F896FD7CB4CB0031BA249&size=5&mimeType=text%2Fplain&imageInfo.height=&imageInfo.width=&imageInfo.format=&x:var1=for-callback-test';
    expect(parseCallbackBody(Buffer.from(body), form)).toEqual({
      bucket: 'callback-test',
      object: 'test.txt',
      etag: 'D8E8FCA2DC0F896FD7CB4CB0031BA249',
      size: '5',
      mimeType: 'text/plain',
      'imageInfo.height': '',
      'imageInfo.width': '',
      'imageInfo.format': '',
      'x:var1': 'for-callback-test',
    });
  });

  it('treats a missing Content-Type as form (OSS default) and ignores parameters and case', () => {
    expect(parseCallbackBody(Buffer.from('a=1'), undefined)).toEqual({ a: '1' });
    expect(parseCallbackBody(Buffer.from('a=1'), 'Application/X-WWW-Form-Urlencoded; charset=utf-8')).toEqual({ a: '1' });
  });

  it('keeps a field named __proto__ as a field', () => {
    const parsed = parseCallbackBody(Buffer.from('__proto__=x&a=1'), form) as Record<string, string>;
    expect(parsed['__proto__']).toBe('x');
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
  });

  it("parses the JSON body of Cloudreve's OSS-signed capture (docs/callback-protocol.md §1.6)", () => {
    const body =
      '{"name":"2f7b2ccf30e9270ea920f1ab8a4037a546a2f0d5.jpg","source_name":"1/1_hFRtDLgM_2f7b2ccf30e9270ea920f1ab8a4037a546a2f0d5.jpg","size":114020,"pic_info":"810,539"}';
    expect(parseCallbackBody(Buffer.from(body), 'application/json')).toMatchObject({ size: 114020, pic_info: '810,539' });
    expect(parseCallbackBody(Buffer.from('[1]'), 'application/vnd.x+json')).toEqual([1]);
  });

  it('throws BAD_BODY for invalid JSON or invalid UTF-8', () => {
    for (const [body, type] of [
      [Buffer.from('{"a":'), 'application/json'],
      [Buffer.from([0x61, 0x3d, 0xff]), form],
      [Buffer.from([0x22, 0xc3, 0x22]), 'application/json'],
    ] as const) {
      let error: unknown;
      try {
        parseCallbackBody(body, type);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(CallbackVerificationError);
      expect((error as CallbackVerificationError).code).toBe('BAD_BODY');
    }
  });

  it('returns undefined for other content types', () => {
    expect(parseCallbackBody(Buffer.from('hello'), 'text/plain')).toBeUndefined();
  });
});
