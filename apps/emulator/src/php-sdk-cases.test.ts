/**
 * Requests of the official PHP SDK's test suite (scripts/php-sdk-suite.sh, docs/conformance.md)
 * that the emulator answered differently from OSS, reduced to the raw request each sends; the
 * PHP test that found it is named in every case.
 */
import { createHmac } from 'node:crypto';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { authorizationV1, parseErrorXml, parseListObjectsResult } from '@ossbox/protocol';
import { CREDENTIALS, oss, useTestApp } from './test-support/harness.js';

const B = 'examplebucket';

describe('path-style bucket requests to /bucket, signed over /bucket (every OssClientBucketTest setUp: createBucket)', () => {
  const t = useTestApp();

  /**
   * The PHP SDK with an IP endpoint: the path is `/bucket` with no trailing slash, and the V1
   * resource it signs is `/bucket` too (OssClient::generateSignableResource adds the `/` only
   * for host names). The string to sign is written out here as the SDK builds it, with the
   * sub-resources it signs (`acl`; `encoding-type`, `prefix` and `max-keys` are not signed).
   */
  function phpBucketRequest(method: 'GET' | 'PUT' | 'DELETE', bucket: string, query: Record<string, string>, resource = `/${bucket}`) {
    const date = new Date().toUTCString();
    const contentType = 'application/octet-stream';
    const signed = 'acl' in query ? `${resource}?acl` : resource;
    const signature = createHmac('sha1', CREDENTIALS.accessKeySecret).update(`${method}\n\n${contentType}\n${date}\n${signed}`).digest('base64');
    const search = Object.entries(query)
      .map(([k, v]) => (v === '' ? k : `${k}=${encodeURIComponent(v)}`))
      .join('&');
    const target = search === '' ? `/${bucket}` : `/${bucket}?${search}`;
    const agent = supertest(t.app);
    const req = method === 'GET' ? agent.get(target) : method === 'PUT' ? agent.put(target) : agent.delete(target);
    return req.set({ Date: date, 'Content-Type': contentType, Authorization: `OSS ${CREDENTIALS.accessKeyId}:${signature}` });
  }

  it('PutBucket, GetBucketAcl, ListObjects and DeleteBucket are accepted', async () => {
    expect((await phpBucketRequest('PUT', 'php-made', {})).status).toBe(200);
    const acl = await phpBucketRequest('GET', 'php-made', { acl: '' });
    expect(acl.status).toBe(200);
    expect(acl.text).toContain('<AccessControlPolicy>');
    expect((await oss(t.app, 'PUT', { bucket: 'php-made', key: 'a.txt', body: 'a' })).status).toBe(200);
    const list = await phpBucketRequest('GET', 'php-made', { 'encoding-type': 'url', prefix: '', 'max-keys': '100' });
    expect(list.status).toBe(200);
    expect(parseListObjectsResult(list.text).contents.map((o) => o.key)).toEqual(['a.txt']);
    expect((await oss(t.app, 'DELETE', { bucket: 'php-made', key: 'a.txt' })).status).toBe(204);
    expect((await phpBucketRequest('DELETE', 'php-made', {})).status).toBe(204);
  });

  it('the documented /bucket/ resource is still accepted on the same path', async () => {
    expect((await phpBucketRequest('GET', B, { acl: '' }, `/${B}/`)).status).toBe(200);
  });

  it('a wrong signature is still SignatureDoesNotMatch, showing the documented string to sign', async () => {
    const res = await phpBucketRequest('GET', B, { acl: '' }, '/otherbucket');
    expect(res.status).toBe(403);
    const error = parseErrorXml(res.text);
    expect(error?.code).toBe('SignatureDoesNotMatch');
    expect(res.text).toContain(`/${B}/?acl`);
  });

  it('a path with the slash (/bucket/) is not accepted signed as /bucket', async () => {
    const date = new Date().toUTCString();
    const signature = createHmac('sha1', CREDENTIALS.accessKeySecret).update(`GET\n\n\n${date}\n/${B}?acl`).digest('base64');
    const res = await supertest(t.app).get(`/${B}/?acl`).set({ Date: date, Authorization: `OSS ${CREDENTIALS.accessKeyId}:${signature}` });
    expect([res.status, parseErrorXml(res.text)?.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('authorizationV1 signs a bareBucketPath request as the PHP SDK does', async () => {
    const headers: Record<string, string> = { Date: new Date().toUTCString() };
    headers.Authorization = authorizationV1({ method: 'GET', bucket: B, headers, query: { acl: '' }, bareBucketPath: true }, CREDENTIALS);
    const php = createHmac('sha1', CREDENTIALS.accessKeySecret).update(`GET\n\n\n${headers.Date}\n/${B}?acl`).digest('base64');
    expect(headers.Authorization).toBe(`OSS ${CREDENTIALS.accessKeyId}:${php}`);
    expect((await supertest(t.app).get(`/${B}?acl`).set(headers)).status).toBe(200);
  });
});

describe('a key whose bytes are not UTF-8 (OssClientObjectTest::testObjectKeyWithNonUTF8Name)', () => {
  const t = useTestApp();

  it('PutObject with a GBK key is 400 InvalidArgument "The characters encoding must be utf-8.", EC 0016-00000004; nothing is stored', async () => {
    // "中文测试.txt" in GBK, percent-encoded as the SDK's rawurlencode sends it.
    const gbk = '%D6%D0%CE%C4%B2%E2%CA%D4.txt';
    const headers: Record<string, string> = { Date: new Date().toUTCString(), 'Content-Type': 'text/plain' };
    headers.Authorization = authorizationV1({ method: 'PUT', bucket: B, key: 'placeholder', headers, query: {} }, CREDENTIALS);
    const res = await supertest(t.app).put(`/${B}/${gbk}`).set(headers).send('hello world');
    expect(res.status).toBe(400);
    expect(res.headers['x-oss-ec']).toBe('0016-00000004');
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'InvalidArgument', message: 'The characters encoding must be utf-8.', ec: '0016-00000004' });
    expect(parseListObjectsResult((await oss(t.app, 'GET', { bucket: B })).text).contents).toEqual([]);
  });
});

describe('GZIP compression of GetObject and HeadObject (OssClientObjectTest::testGetObjectMeta)', () => {
  const t = useTestApp();
  // A text object over 1 KB, as the PHP test uploads its own source file.
  const text = 'The quick brown fox jumps over the lazy dog.\n'.repeat(60);

  it('Accept-Encoding: gzip compresses a text/plain object of 1 KB or more: Content-Encoding gzip, Vary, no ETag/Content-Length/Accept-Ranges', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'a.txt', body: text, headers: { 'Content-Type': 'text/plain' } }).expect(200);
    const head = await oss(t.app, 'HEAD', { bucket: B, key: 'a.txt', headers: { 'Accept-Encoding': 'deflate, gzip' } });
    expect(head.status).toBe(200);
    expect(head.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'Accept-Encoding', 'content-type': 'text/plain' });
    expect(head.headers).not.toHaveProperty('etag');
    expect(head.headers).not.toHaveProperty('content-length');
    expect(head.headers).not.toHaveProperty('accept-ranges');
    // supertest unzips the body of a gzip answer, as curl does for the PHP SDK.
    const get = await oss(t.app, 'GET', { bucket: B, key: 'a.txt', headers: { 'Accept-Encoding': 'gzip' } });
    expect([get.status, get.headers['content-encoding'], get.text]).toEqual([200, 'gzip', text]);
  });

  it('objects OSS does not compress are sent as stored', async () => {
    const put = (key: string, body: string, headers: Record<string, string>) => oss(t.app, 'PUT', { bucket: B, key, body, headers }).expect(200);
    await put('small.txt', 'x'.repeat(1023), { 'Content-Type': 'text/plain' });
    await put('a.bin', text, { 'Content-Type': 'application/octet-stream' });
    await put('pre.txt', text, { 'Content-Type': 'text/plain', 'Content-Encoding': 'identity' });
    await put('a.json', text, { 'Content-Type': 'application/json; charset=utf-8' });
    for (const key of ['small.txt', 'a.bin', 'pre.txt']) {
      const res = await oss(t.app, 'GET', { bucket: B, key, headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.headers['content-encoding']).not.toBe('gzip');
      expect(res.headers.etag).toBeDefined();
    }
    // Without gzip in Accept-Encoding, or for a Range, nothing is compressed either.
    const uncompressed: Record<string, string>[] = [{ 'Accept-Encoding': 'identity' }, { 'Accept-Encoding': 'gzip;q=0, deflate' }, { 'Accept-Encoding': 'gzip', Range: 'bytes=0-9' }];
    for (const headers of uncompressed) {
      const res = await oss(t.app, 'GET', { bucket: B, key: 'a.json', headers });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers.etag).toBeDefined();
    }
    expect((await oss(t.app, 'GET', { bucket: B, key: 'a.json', headers: { 'Accept-Encoding': '*' } })).headers['content-encoding']).toBe('gzip');
  });
});

describe('HeadBucket names the region (OssClientBucketTest::testBucket, getBucketMeta)', () => {
  const t = useTestApp();

  it('x-oss-bucket-region is the location GetBucketLocation answers (oss-<region>)', async () => {
    const head = await oss(t.app, 'HEAD', { bucket: B });
    expect(head.status).toBe(200);
    const location = await oss(t.app, 'GET', { bucket: B, query: { location: '' } });
    expect(location.text).toContain(`>${head.headers['x-oss-bucket-region']}</LocationConstraint>`);
    expect(head.headers['x-oss-bucket-region']).toBe('oss-cn-hangzhou');
  });
});
