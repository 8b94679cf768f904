import { describe, expect, it } from 'vitest';
import { thrownProtocolError } from '../test-support/thrown.js';
import type { SignableRequest } from './types.js';
import { authorizationV2, presignV2, stringToSignV2 } from './v2.js';
import { verifyRequest } from './verify.js';

/**
 * Published V2 vectors: the examples of the OSS "signature version 2" documentation (the key pair
 * 44CF9590006BF252F707 / OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV of the OSS docs), as pinned by the
 * tests of the reqsign crate's Aliyun OSS signer (`test_v2_header_signature_matches_official_*`,
 * `test_v2_presign_*`). Our signer follows the recipe of aliyun-oss-python-sdk `oss2/auth.py`
 * `ProviderAuthV2` and aliyun-oss-go-sdk `oss/auth.go` / `oss/conn.go`.
 */
const DOC_CREDS = { accessKeyId: '44CF9590006BF252F707', accessKeySecret: 'OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV' };
const lookupSecret = (id: string) => (id === DOC_CREDS.accessKeyId ? DOC_CREDS.accessKeySecret : undefined);

const PUT_EXAMPLE: SignableRequest = {
  method: 'PUT',
  bucket: 'oss-example',
  key: 'nelson',
  headers: {
    'Content-MD5': 'FxqG8Ca0qEJPOghSihJ8Ew==',
    'Content-Type': 'text/plain',
    'x-oss-object-acl': 'private',
    Date: 'Wed, 15 Feb 2017 09:37:11 GMT',
  },
  query: {},
};

const RANGE_EXAMPLE: SignableRequest = {
  method: 'GET',
  bucket: 'oss-example',
  key: 'nelson',
  headers: {
    Range: 'bytes=0-7',
    'If-Modified-Since': 'Thu, 16 Feb 2017 02:10:39 GMT',
    Date: 'Thu, 16 Feb 2017 02:09:39 GMT',
  },
  query: {},
};

const GET_NELSON: SignableRequest = { method: 'GET', bucket: 'oss-example', key: 'nelson', headers: {}, query: {} };

describe('Signature V2 signer: published vectors', () => {
  it('PutObject with an x-oss-* header', () => {
    expect(stringToSignV2(PUT_EXAMPLE)).toBe(
      'PUT\nFxqG8Ca0qEJPOghSihJ8Ew==\ntext/plain\nWed, 15 Feb 2017 09:37:11 GMT\nx-oss-object-acl:private\n\n%2Foss-example%2Fnelson',
    );
    expect(authorizationV2(PUT_EXAMPLE, DOC_CREDS)).toBe(
      'OSS2 AccessKeyId:44CF9590006BF252F707,Signature:5Am2ewK1tL0gXX7GV6dwybZtj7efOEtc0Mo2FR6CkM8=',
    );
  });

  it('GetObject with AdditionalHeaders (names lowercased and sorted)', () => {
    expect(stringToSignV2(RANGE_EXAMPLE, ['if-modified-since', 'range'])).toBe(
      'GET\n\n\nThu, 16 Feb 2017 02:09:39 GMT\nif-modified-since:Thu, 16 Feb 2017 02:10:39 GMT\nrange:bytes=0-7\nif-modified-since;range\n%2Foss-example%2Fnelson',
    );
    expect(authorizationV2(RANGE_EXAMPLE, DOC_CREDS, ['Range', 'If-Modified-Since', 'Host'])).toBe(
      'OSS2 AccessKeyId:44CF9590006BF252F707,AdditionalHeaders:if-modified-since;range,Signature:YG9mKO3m4S0Jx9Hk6Lq64VchJg/TOTkyCX4DaeeOYxE=',
    );
  });

  it('presigned URL: the auth parameters are signed, x-oss-expires is the date line', () => {
    expect(presignV2(GET_NELSON, DOC_CREDS, 1487152431)).toEqual({
      'x-oss-signature-version': 'OSS2',
      'x-oss-expires': '1487152431',
      'x-oss-access-key-id': '44CF9590006BF252F707',
      'x-oss-signature': 'ps/+MLhd1WKkVi/QlOiliJsTaBMBk93f6UYVscDNHCQ=',
    });
  });

  it('presigned URL: every other query parameter is signed too', () => {
    const params = presignV2({ ...GET_NELSON, query: { 'extra-query': '1' } }, DOC_CREDS, 1487211619);
    expect(params['x-oss-signature']).toBe('wsARTPqvZdbdPjYpZfDZ/jisUaacYq7gGOdB3f1BgTE=');
  });
});

describe('Signature V2 verifier', () => {
  const at = (date: string) => ({ lookupSecret, region: 'cn-hangzhou', now: new Date(date) });
  const signedPut = { ...PUT_EXAMPLE, headers: { ...PUT_EXAMPLE.headers, Authorization: authorizationV2(PUT_EXAMPLE, DOC_CREDS) } };

  it('accepts the published header vectors', () => {
    expect(verifyRequest(signedPut, at('2017-02-15T09:40:00Z'))).toEqual({ kind: 'v2', accessKeyId: DOC_CREDS.accessKeyId });
    const range = {
      ...RANGE_EXAMPLE,
      headers: {
        ...RANGE_EXAMPLE.headers,
        authorization:
          'OSS2 AccessKeyId:44CF9590006BF252F707,AdditionalHeaders:if-modified-since;range,Signature:YG9mKO3m4S0Jx9Hk6Lq64VchJg/TOTkyCX4DaeeOYxE=',
      },
    };
    expect(verifyRequest(range, at('2017-02-16T02:09:39Z')).kind).toBe('v2');
  });

  it('accepts the published presigned vector until x-oss-expires', () => {
    const req = {
      ...GET_NELSON,
      query: {
        'x-oss-signature-version': 'OSS2',
        'x-oss-expires': '1487152431',
        'x-oss-access-key-id': '44CF9590006BF252F707',
        'x-oss-signature': 'ps/+MLhd1WKkVi/QlOiliJsTaBMBk93f6UYVscDNHCQ=',
      },
    };
    expect(verifyRequest(req, at('2017-02-15T09:53:50Z')).kind).toBe('presigned-v2');
    const expired = thrownProtocolError(() => verifyRequest(req, at('2017-02-15T09:53:52Z')));
    expect([expired.code, expired.ec]).toEqual(['AccessDenied', '0002-00000069']);
  });

  it.each([
    ['OSS2 AccessKeyId:44CF9590006BF252F707,AdditionalHeadersrange,Signature:x', '0002-00000103'],
    ['OSS2 AdditionalHeaders:range,Signature:x', '0002-00000105'],
    ['OSS2 AccessKeyId:,Signature:x', '0002-00000106'],
    ['OSS2 AccessKeyId:44CF9590006BF252F707,AdditionalHeaders:range', '0002-00000108'],
    ['OSS2 AccessKeyId:44CF9590006BF252F707,Signature:', '0002-00000109'],
    ['OSS2 AccessKeyId:44CF9590006BF252F707,AdditionalHeaders:,Signature:x', '0002-00000110'],
    ['OSS2 AccessKeyId:44CF9590006BF252F707,AdditionalHeaders:range;,Signature:x', '0002-00000111'],
    ['OSS2 AccessKeyId:44CF9590006BF252F707,AdditionalHeaders:host;range,Signature:x', '0002-00000112'],
  ])('malformed header %s → 400 InvalidArgument, EC %s', (authorization, ec) => {
    const req = { ...RANGE_EXAMPLE, headers: { Date: 'Thu, 16 Feb 2017 02:09:39 GMT', Range: 'bytes=0-7', authorization } };
    const err = thrownProtocolError(() => verifyRequest(req, at('2017-02-16T02:09:39Z')));
    expect([err.code, err.status, err.ec]).toEqual(['InvalidArgument', 400, ec]);
  });

  it.each([
    [{ 'x-oss-expires': undefined }, '0002-00000113'],
    [{ 'x-oss-signature': '' }, '0002-00000118'],
    [{ 'x-oss-additional-headers': '' }, '0002-00000076'],
    [{ 'x-oss-additional-headers': ';' }, '0002-00000077'],
    [{ 'x-oss-additional-headers': 'host' }, '0002-00000078'],
    [{ 'x-oss-signature-version': 'ABC' }, '0002-00000066'],
  ])('malformed presigned URL %o → 400 InvalidArgument, EC %s', (change, ec) => {
    const query: Record<string, string> = { ...presignV2(GET_NELSON, DOC_CREDS, 1487152431) };
    for (const [name, value] of Object.entries(change)) {
      if (value === undefined) delete query[name];
      else query[name] = value;
    }
    const err = thrownProtocolError(() => verifyRequest({ ...GET_NELSON, query }, at('2017-02-15T09:40:00Z')));
    expect([err.code, err.status, err.ec]).toEqual(['InvalidArgument', 400, ec]);
  });
});
