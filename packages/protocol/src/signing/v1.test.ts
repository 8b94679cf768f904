import { describe, expect, it } from 'vitest';
import type { SignableRequest } from './types.js';
import { authorizationV1, presignV1, stringToSignV1 } from './v1.js';

const creds = { accessKeyId: 'ak', accessKeySecret: 'sk' };
const DATE = 'Wed, 28 Dec 2022 10:27:41 GMT';

function putNelson(query: Record<string, string>): SignableRequest {
  return {
    method: 'PUT',
    bucket: 'examplebucket',
    key: 'nelson',
    headers: {
      'Content-MD5': 'eB5eJF1ptWaXm4bijSPyxw==',
      'Content-Type': 'text/html',
      'x-oss-meta-author': 'alice',
      'x-oss-meta-magic': 'abracadabra',
      'x-oss-date': DATE,
    },
    query,
  };
}

// Published vectors: docs/rest-api.md §5.3 (Go v2 oss/signer/signer_test.go TestV1AuthHeader).
describe('V1 header signature (§5.3 vectors)', () => {
  it('PUT with body headers and x-oss-* headers', () => {
    const req = putNelson({});
    expect(stringToSignV1(req)).toBe(
      'PUT\neB5eJF1ptWaXm4bijSPyxw==\ntext/html\nWed, 28 Dec 2022 10:27:41 GMT\nx-oss-date:Wed, 28 Dec 2022 10:27:41 GMT\nx-oss-meta-author:alice\nx-oss-meta-magic:abracadabra\n/examplebucket/nelson',
    );
    expect(authorizationV1(req, creds)).toBe('OSS ak:kSHKmLxlyEAKtZPkJhG9bZb5k7M=');
  });

  it('signs the ?acl sub-resource', () => {
    const req = putNelson({ acl: '' });
    expect(stringToSignV1(req).endsWith('\n/examplebucket/nelson?acl')).toBe(true);
    expect(authorizationV1(req, creds)).toBe('OSS ak:/afkugFbmWDQ967j1vr6zygBLQk=');
  });

  it('bucket-level GET with resourceGroup, ignoring non-sub-resource params', () => {
    const req: SignableRequest = {
      method: 'GET',
      bucket: 'examplebucket',
      headers: { 'x-oss-date': DATE },
      query: { resourceGroup: '', 'non-resousce': 'null' },
    };
    expect(stringToSignV1(req)).toBe(
      'GET\n\n\nWed, 28 Dec 2022 10:27:41 GMT\nx-oss-date:Wed, 28 Dec 2022 10:27:41 GMT\n/examplebucket/?resourceGroup',
    );
    expect(authorizationV1(req, creds)).toBe('OSS ak:vkQmfuUDyi1uDi3bKt67oemssIs=');
  });

  it('sorts several sub-resources', () => {
    const req: SignableRequest = {
      method: 'GET',
      bucket: 'examplebucket',
      headers: { 'x-oss-date': DATE },
      query: { resourceGroup: '', acl: '' },
    };
    expect(stringToSignV1(req).endsWith('\n/examplebucket/?acl&resourceGroup')).toBe(true);
    expect(authorizationV1(req, creds)).toBe('OSS ak:x3E5TgOvl/i7PN618s5mEvpJDYk=');
  });
});

describe('V1 string to sign details (§5.3)', () => {
  it('uses Date when there is no x-oss-date, and / for service-level requests', () => {
    const s = stringToSignV1({ method: 'GET', headers: { date: DATE }, query: {} });
    expect(s).toBe(`GET\n\n\n${DATE}\n/`);
  });

  it('lowercases, trims and sorts x-oss-* headers and joins repeated values with ","', () => {
    const s = stringToSignV1({
      method: 'PUT',
      bucket: 'b',
      key: 'k',
      headers: { Date: DATE, 'X-OSS-Meta-B': '  two ', 'x-oss-meta-a': ['1', ' 2'], Host: 'ignored' },
      query: {},
    });
    expect(s).toBe(`PUT\n\n\n${DATE}\nx-oss-meta-a:1,2\nx-oss-meta-b:two\n/b/k`);
  });

  it('writes sub-resource values decoded and signs x-oss-* query parameters', () => {
    const s = stringToSignV1({
      method: 'GET',
      bucket: 'b',
      key: 'dir/a b.txt',
      headers: { Date: DATE },
      query: { 'response-content-type': 'text/plain; charset=utf-8', 'x-oss-process': 'image/resize,w_10', prefix: 'x' },
    });
    expect(s.split('\n').at(-1)).toBe(
      '/b/dir/a b.txt?response-content-type=text/plain; charset=utf-8&x-oss-process=image/resize,w_10',
    );
  });

  it('refuses to sign STS requests without the x-oss-security-token header', () => {
    const req = putNelson({});
    expect(() => authorizationV1(req, { ...creds, securityToken: 'token' })).toThrow(TypeError);
  });
});

// Published vectors: Go v2 oss/signer/signer_test.go TestV1AuthQuery (URL
// http://bucket.oss-cn-hangzhou.aliyuncs.com/key?Expires=1699807420&OSSAccessKeyId=ak&Signature=dcLTea%2BYh9ApirQ8o8dOPqtvJXQ%3D&versionId=versionId).
describe('presigned V1 (§5.4, Go v2 TestV1AuthQuery vectors)', () => {
  it('GET with a versionId sub-resource', () => {
    const params = presignV1(
      { method: 'GET', bucket: 'bucket', key: 'key', headers: {}, query: { versionId: 'versionId' } },
      creds,
      1699807420,
    );
    expect(params).toEqual({ OSSAccessKeyId: 'ak', Expires: '1699807420', Signature: 'dcLTea+Yh9ApirQ8o8dOPqtvJXQ=' });
  });

  it('STS: security-token is added and signed as a sub-resource', () => {
    const params = presignV1(
      { method: 'GET', bucket: 'bucket', key: 'key+123', headers: {}, query: { versionId: 'versionId' } },
      { ...creds, securityToken: 'token' },
      1699808204,
    );
    expect(params).toEqual({
      OSSAccessKeyId: 'ak',
      Expires: '1699808204',
      Signature: 'jzKYRrM5y6Br0dRFPaTGOsbrDhY=',
      'security-token': 'token',
    });
  });

  it('rejects a non-integer expiry', () => {
    const req = { method: 'GET', bucket: 'b', key: 'k', headers: {}, query: {} };
    expect(() => presignV1(req, creds, 1.5)).toThrow(RangeError);
  });
});
