import { describe, expect, it } from 'vitest';
import { formatV4DateTime, parseV4DateTime } from './dates.js';
import type { Credentials, SignableRequest } from './types.js';
import { authorizationV4, canonicalRequestV4, presignV4 } from './v4.js';
import type { V4Options } from './v4.js';

const creds = { accessKeyId: 'ak', accessKeySecret: 'sk' };
const QUERY = { param1: 'value1', '+param1': 'value3', '|param1': 'value4', '+param2': '', '|param2': '', param2: '' };

/** The request of Go v2 oss/signer/signer_test.go TestV4AuthHeader* (docs/rest-api.md §5.5). */
function headerVectorRequest(xOssDate: string, extra: Record<string, string> = {}): SignableRequest {
  return {
    method: 'PUT',
    bucket: 'bucket',
    key: '1234+-/123/1.txt',
    headers: {
      'x-oss-head1': 'value',
      abc: 'value',
      ZAbc: 'value',
      XYZ: 'value',
      'content-type': 'text/plain',
      'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
      'x-oss-date': xOssDate,
      Date: 'Sat, 16 Dec 2023 16:20:57 GMT',
      ...extra,
    },
    query: QUERY,
  };
}

// Published vectors: docs/rest-api.md §5.5 (Go v1 TestAuthV4Header / Go v2 TestV4AuthHeader).
describe('V4 header signature (§5.5 vectors)', () => {
  it('builds the exact canonical request and signature', () => {
    const req = headerVectorRequest('20231216T162057Z');
    expect(canonicalRequestV4(req)).toBe(
      [
        'PUT',
        '/bucket/1234%2B-/123/1.txt',
        '%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&param1=value1&param2',
        'content-type:text/plain',
        'x-oss-content-sha256:UNSIGNED-PAYLOAD',
        'x-oss-date:20231216T162057Z',
        'x-oss-head1:value',
        '',
        '',
        'UNSIGNED-PAYLOAD',
      ].join('\n'),
    );
    expect(authorizationV4(req, creds, { region: 'cn-hangzhou' })).toBe(
      'OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,Signature=e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe',
    );
  });

  it('strips a leading oss- from the region (ali-oss getStandardRegion)', () => {
    const req = headerVectorRequest('20231216T162057Z');
    expect(authorizationV4(req, creds, { region: 'oss-cn-hangzhou' })).toContain('Signature=e21d18da');
  });

  it('signs AdditionalHeaders (abc;zabc), normalising the list like Go v2', () => {
    const req = headerVectorRequest('20231216T172512Z');
    const expected =
      'OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=abc;zabc,Signature=4a4183c187c07c8947db7620deb0a6b38d9fbdd34187b6dbaccb316fa251212f';
    expect(authorizationV4(req, creds, { region: 'cn-hangzhou', additionalHeaders: ['ZAbc', 'abc'] })).toBe(expected);
    // Same file, "with default signed header": absent and x-oss-* names are dropped from the list.
    expect(
      authorizationV4(req, creds, {
        region: 'cn-hangzhou',
        additionalHeaders: ['x-oss-no-exist', 'ZAbc', 'x-oss-head1', 'abc'],
      }),
    ).toBe(expected);
    const canonical = canonicalRequestV4(req, ['ZAbc', 'abc']).split('\n');
    expect(canonical.slice(3, 11)).toEqual([
      'abc:value',
      'content-type:text/plain',
      'x-oss-content-sha256:UNSIGNED-PAYLOAD',
      'x-oss-date:20231216T172512Z',
      'x-oss-head1:value',
      'zabc:value',
      '',
      'abc;zabc',
    ]);
  });

  // Go v2 signer_test.go TestV4AuthHeaderToken (signTime 1702784856 = 20231217T034736Z).
  it('signs x-oss-security-token with STS credentials', () => {
    const req = headerVectorRequest('20231217T034736Z', { 'x-oss-security-token': 'token' });
    expect(authorizationV4(req, { ...creds, securityToken: 'token' }, { region: 'cn-hangzhou' })).toBe(
      'OSS4-HMAC-SHA256 Credential=ak/20231217/cn-hangzhou/oss/aliyun_v4_request,Signature=b94a3f999cf85bcdc00d332fbd3734ba03e48382c36fa4d5af5df817395bd9ea',
    );
  });

  // Go v2 signer_test.go TestV4AuthHeaderWithCloudBox.
  it('supports another product (oss-cloudbox)', () => {
    const req = headerVectorRequest('20231216T162057Z');
    expect(authorizationV4(req, creds, { region: 'cb-123', product: 'oss-cloudbox' })).toBe(
      'OSS4-HMAC-SHA256 Credential=ak/20231216/cb-123/oss-cloudbox/aliyun_v4_request,Signature=94ce1f12c17d148ea681030275a94449d3357f5b5b21133996eec80af3e08a43',
    );
  });

  // The signing key is cached between requests (one entry): each vector must hold whatever was
  // signed just before it, with another secret, day, region or product.
  it('signs each vector right when secrets, days, regions and products alternate', () => {
    const vectors: [SignableRequest, Credentials, V4Options, string][] = [
      [headerVectorRequest('20231216T162057Z'), creds, { region: 'cn-hangzhou' }, 'Signature=e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe'],
      [headerVectorRequest('20231216T162057Z'), creds, { region: 'cb-123', product: 'oss-cloudbox' }, 'Signature=94ce1f12c17d148ea681030275a94449d3357f5b5b21133996eec80af3e08a43'],
      [headerVectorRequest('20231217T034736Z', { 'x-oss-security-token': 'token' }), { ...creds, securityToken: 'token' }, { region: 'cn-hangzhou' }, 'Signature=b94a3f999cf85bcdc00d332fbd3734ba03e48382c36fa4d5af5df817395bd9ea'],
    ];
    const otherSecret = { accessKeyId: 'ak', accessKeySecret: 'another-secret' };
    for (let round = 0; round < 2; round++) {
      for (const [req, credentials, options, signature] of vectors) {
        expect(authorizationV4(req, credentials, options)).toContain(signature);
        expect(authorizationV4(req, otherSecret, options)).not.toContain(signature);
        expect(authorizationV4(req, credentials, options)).toContain(signature);
      }
    }
  });

  it('requires x-oss-date and, with STS, the token header', () => {
    const req = headerVectorRequest('20231216T162057Z');
    delete req.headers['x-oss-date'];
    expect(() => authorizationV4(req, creds, { region: 'cn-hangzhou' })).toThrow(/x-oss-date/);
    const withDate = headerVectorRequest('20231216T162057Z');
    expect(() => authorizationV4(withDate, { ...creds, securityToken: 't' }, { region: 'cn-hangzhou' })).toThrow(
      /x-oss-security-token/,
    );
  });
});

/** The request of Go v2 signer_test.go TestV4AuthQuery*. */
function queryVectorRequest(): SignableRequest {
  return {
    method: 'PUT',
    bucket: 'bucket',
    key: '1234+-/123/1.txt',
    headers: { 'x-oss-head1': 'value', abc: 'value', ZAbc: 'value', XYZ: 'value', 'content-type': 'application/octet-stream' },
    query: QUERY,
  };
}

// Published vectors: Go v2 oss/signer/signer_test.go TestV4AuthQuery, TestV4AuthQueryToken,
// TestV4AuthQueryWithAdditionalHeaders (x-oss-expires 599 = Time - signTime).
describe('presigned V4 (§5.5, Go v2 TestV4AuthQuery* vectors)', () => {
  it('plain credentials', () => {
    const params = presignV4(queryVectorRequest(), creds, {
      region: 'cn-hangzhou',
      date: new Date(1702781677 * 1000),
      expiresIn: 599,
    });
    expect(params).toEqual({
      'x-oss-signature-version': 'OSS4-HMAC-SHA256',
      'x-oss-date': '20231217T025437Z',
      'x-oss-expires': '599',
      'x-oss-credential': 'ak/20231217/cn-hangzhou/oss/aliyun_v4_request',
      'x-oss-signature': 'a39966c61718be0d5b14e668088b3fa07601033f6518ac7b523100014269c0fe',
    });
  });

  it('STS credentials add x-oss-security-token to the signed query', () => {
    const params = presignV4(queryVectorRequest(), { ...creds, securityToken: 'token' }, {
      region: 'cn-hangzhou',
      date: new Date(1702785388 * 1000),
      expiresIn: 599,
    });
    expect(params['x-oss-date']).toBe('20231217T035628Z');
    expect(params['x-oss-security-token']).toBe('token');
    expect(params['x-oss-signature']).toBe('3817ac9d206cd6dfc90f1c09c00be45005602e55898f26f5ddb06d7892e1f8b5');
  });

  it('additional headers', () => {
    for (const additionalHeaders of [['ZAbc', 'abc'], ['x-oss-no-exist', 'abc', 'x-oss-head1', 'ZAbc']]) {
      const params = presignV4(queryVectorRequest(), creds, {
        region: 'cn-hangzhou',
        date: new Date(1702783809 * 1000),
        expiresIn: 599,
        additionalHeaders,
      });
      expect(params['x-oss-additional-headers']).toBe('abc;zabc');
      expect(params['x-oss-signature']).toBe('6bd984bfe531afb6db1f7550983a741b103a8c58e5e14f83ea474c2322dfa2b7');
    }
  });

  it('rejects a validity above 7 days', () => {
    expect(() =>
      presignV4(queryVectorRequest(), creds, { region: 'cn-hangzhou', date: new Date(), expiresIn: 604801 }),
    ).toThrow(RangeError);
  });
});

describe('V4 dates', () => {
  it('formats and parses the ISO 8601 basic timestamp (§5.5: 1702743657 ↔ 20231216T162057Z)', () => {
    expect(formatV4DateTime(new Date(1702743657 * 1000))).toBe('20231216T162057Z');
    expect(parseV4DateTime('20231216T162057Z')?.getTime()).toBe(1702743657 * 1000);
    expect(parseV4DateTime('20231316T162057Z')).toBeUndefined();
    expect(parseV4DateTime('2023-12-16T16:20:57Z')).toBeUndefined();
  });
});
