import { describe, expect, it } from 'vitest';
import { OssProtocolError } from '@ossbox/protocol';
import { isInternalRequest, parseRawQuery, resolveAddress, virtualHostBucket } from './resolve-address.js';

const HOSTS = ['localhost', '127.0.0.1'];

describe('addressing (§5.1)', () => {
  it('path style for IP literals and configured host names', () => {
    expect(resolveAddress('127.0.0.1:9000', '/examplebucket/a/b.txt', HOSTS)).toMatchObject({
      style: 'path',
      bucket: 'examplebucket',
      key: 'a/b.txt',
    });
    expect(resolveAddress('[::1]:9000', '/examplebucket/k', HOSTS)).toMatchObject({ bucket: 'examplebucket', key: 'k' });
    expect(resolveAddress('10.1.2.3', '/examplebucket/k', HOSTS)).toMatchObject({ style: 'path' });
    expect(resolveAddress('localhost:9000', '/examplebucket/k', HOSTS)).toMatchObject({ bucket: 'examplebucket', key: 'k' });
    expect(resolveAddress('localhost', '/', HOSTS)).toEqual({ style: 'path', query: {} });
    expect(resolveAddress('localhost', '/examplebucket', HOSTS).key).toBeUndefined();
    expect(resolveAddress('localhost', '/examplebucket/', HOSTS).key).toBeUndefined();
  });

  it('virtual-hosted for <bucket>.<hostname> and <bucket>.<region>.aliyuncs.com', () => {
    expect(resolveAddress('examplebucket.localhost:9000', '/dir/k', HOSTS)).toMatchObject({
      style: 'virtual',
      bucket: 'examplebucket',
      key: 'dir/k',
    });
    expect(resolveAddress('examplebucket.oss-cn-hangzhou.aliyuncs.com', '/k', HOSTS)).toMatchObject({
      style: 'virtual',
      bucket: 'examplebucket',
    });
    expect(virtualHostBucket('oss-cn-hangzhou.aliyuncs.com', HOSTS)).toBeUndefined();
    expect(virtualHostBucket('a.b.localhost', HOSTS)).toBeUndefined();
  });

  it('keeps . and .. segments as part of the key, raw or as %2E / %2F (OSS keys are opaque)', () => {
    const key = 'dot/./seg/../x.txt';
    expect(resolveAddress('localhost', `/b-1/${key}`, HOSTS).key).toBe(key);
    expect(resolveAddress('localhost', '/b-1/dot/%2E/seg/%2e%2E/x.txt', HOSTS).key).toBe(key);
    expect(resolveAddress('localhost', '/b-1/dot%2F.%2Fseg%2F..%2Fx.txt', HOSTS).key).toBe(key);
    expect(resolveAddress('b-1.localhost', '/dot%2F.%2Fseg%2F..%2Fx.txt', HOSTS).key).toBe(key);
  });

  it('decodes %2F, UTF-8 and %20; + is a space, %2B a plus (form-style, as OSS and the Ruby SDK)', () => {
    expect(resolveAddress('localhost', '/b-1/a%2Fb%20c+d%2Be%E4%B8%AD', HOSTS).key).toBe('a/b c d+e中');
    expect(resolveAddress('b-1.localhost', '/dir%2Fa+b%2Bc', HOSTS).key).toBe('dir/a b+c');
    expect(parseRawQuery('acl&x=a+b&y=%2B&acl=second')).toEqual({ acl: '', x: 'a b', y: '+' });
  });

  it('invalid percent-encoding is InvalidURI (400); well-formed escapes that are not UTF-8 are InvalidArgument', () => {
    try {
      resolveAddress('localhost', '/bucket/%E4%B', HOSTS);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(OssProtocolError);
      expect((error as OssProtocolError).code).toBe('InvalidURI');
      expect((error as OssProtocolError).status).toBe(400);
    }
    expect(() => resolveAddress('localhost', '/bucket/%E4%B8', HOSTS)).toThrow(expect.objectContaining({ code: 'InvalidArgument', ec: '0016-00000004' }));
    expect(() => resolveAddress('b-1.localhost', '/%FF', HOSTS)).toThrow(expect.objectContaining({ code: 'InvalidArgument', ec: '0016-00000004' }));
  });

  it('reserves /_ossbox/ for path-style requests only', () => {
    expect(isInternalRequest('localhost:9000', '/_ossbox/health', HOSTS)).toBe(true);
    expect(isInternalRequest('bucket.localhost:9000', '/_ossbox/health', HOSTS)).toBe(false);
    expect(isInternalRequest('localhost', '/_ossboxy/x', HOSTS)).toBe(false);
  });
});
