/**
 * Requests of the official Go SDK 1.5.0 test suite (scripts/go-sdk-suite.sh, docs/conformance.md)
 * that the emulator answered differently from OSS, reduced to the raw request each sends; the
 * Go test that found it is named in every case.
 */
import { describe, expect, it } from 'vitest';
import { parseErrorXml, parseInitiateMultipartUploadResult, parseListBucketsResult, parseListMultipartUploadsResult } from '@ossbox/protocol';
import { oss, useTestApp } from './test-support/harness.js';

const B = 'examplebucket';

describe('PutObject with a conditional header (TestPutObjectNegative)', () => {
  const t = useTestApp();

  it.each(['If-Modified-Since', 'If-Unmodified-Since', 'If-Match', 'If-None-Match'])(
    '%s is 400 NotImplemented naming the header, EC 0017-00000245, and nothing is stored',
    async (header) => {
      const value = header.endsWith('Since') ? 'Tue, 10 Nov 2009 23:00:00 GMT' : '"5EB63BBBE01EEED093CB22BB8F5ACDC3"';
      const res = await oss(t.app, 'PUT', { bucket: B, key: 'conditional', body: 'data', headers: { [header]: value } });
      expect(res.status).toBe(400);
      expect(res.headers['x-oss-ec']).toBe('0017-00000245');
      expect(parseErrorXml(res.text)).toMatchObject({ code: 'NotImplemented', ec: '0017-00000245', details: { Header: header } });
      expect((await oss(t.app, 'HEAD', { bucket: B, key: 'conditional' })).status).toBe(404);
    },
  );

  it('GetObject keeps honouring the same headers', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'k', body: 'data' }).expect(200);
    const res = await oss(t.app, 'GET', { bucket: B, key: 'k', headers: { 'If-Modified-Since': 'Tue, 10 Nov 2009 23:00:00 GMT' } });
    expect(res.status).toBe(200);
  });
});

describe('ListBuckets prefix (TestIsBucketExist)', () => {
  const t = useTestApp();

  it.each(['BucketNameInvalid', '-abc', 'a_b', 'a'.repeat(64)])('prefix=%s is InvalidArgument, EC 0017-00000290', async (prefix) => {
    const res = await oss(t.app, 'GET', { query: { prefix, 'max-keys': '1' } });
    expect(res.status).toBe(400);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'InvalidArgument', ec: '0017-00000290', details: { ArgumentName: 'prefix' } });
  });

  it.each(['', 'example', 'examplebucket', 'ex-', '0'])('prefix=%j lists as before', async (prefix) => {
    const res = await oss(t.app, 'GET', { query: { prefix } }).expect(200);
    const names = parseListBucketsResult(res.text).buckets.map((b) => b.name);
    expect(names).toEqual(B.startsWith(prefix) ? [B] : []);
  });
});

describe('upload ids sort in initiation order (TestListMultipartUploads)', () => {
  const t = useTestApp();
  const initiate = async (key: string) =>
    parseInitiateMultipartUploadResult((await oss(t.app, 'POST', { bucket: B, key, query: { uploads: '' } }).expect(200)).text).uploadId;
  const list = async (query: Record<string, string>) =>
    parseListMultipartUploadsResult((await oss(t.app, 'GET', { bucket: B, query: { uploads: '', ...query } }).expect(200)).text).uploads;

  it('uploads of one key are listed, and paged by upload-id-marker, in the order they were initiated', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await initiate('same-key'));
    expect((await list({})).map((u) => u.uploadId)).toEqual(ids);
    const after = await list({ 'key-marker': 'same-key', 'upload-id-marker': ids[9]! });
    expect(after.map((u) => u.uploadId)).toEqual(ids.slice(10));
  });

  it("the Go test's upload-id-marker=EEE lists the keys after the marker key and none of its uploads", async () => {
    for (let i = 0; i < 20; i++) await initiate(`tlmu${i}`);
    const uploads = await list({ 'key-marker': 'tlmu12', 'upload-id-marker': 'EEE' });
    expect(uploads).toHaveLength(15);
    expect(uploads.some((u) => u.key === 'tlmu12')).toBe(false);
  });
});

describe('bucket configuration bodies the Go SDK sends', () => {
  const t = useTestApp();
  const put = (sub: string, body: string) => oss(t.app, 'PUT', { bucket: B, query: { [sub]: '' }, body });
  const get = async (sub: string) => (await oss(t.app, 'GET', { bucket: B, query: { [sub]: '' } }).expect(200)).text;

  it('PutBucketLifecycle with the legacy Expiration Date (TestSetBucketLifecycle) is stored and read back', async () => {
    const body =
      '<LifecycleConfiguration><Rule><ID>idone</ID><Prefix>one</Prefix><Status>Enabled</Status>' +
      '<Expiration><Date>2015-11-11T00:00:00.000Z</Date></Expiration></Rule></LifecycleConfiguration>';
    await put('lifecycle', body).expect(200);
    const stored = await get('lifecycle');
    expect(stored).toContain('<ID>idone</ID>');
    expect(stored).toContain('<Date>2015-11-11T00:00:00.000Z</Date>');
  });

  it('PutBucketReferer with one empty Referer (TestSetBucketReferer) clears the whitelist', async () => {
    await put('referer', '<RefererConfiguration><AllowEmptyReferer>false</AllowEmptyReferer><RefererList><Referer>http://www.aliyun.com</Referer></RefererList></RefererConfiguration>').expect(200);
    await put('referer', '<RefererConfiguration><AllowEmptyReferer>true</AllowEmptyReferer><RefererList><Referer></Referer></RefererList></RefererConfiguration>').expect(200);
    const stored = await get('referer');
    expect(stored).toContain('<AllowEmptyReferer>true</AllowEmptyReferer>');
    expect(stored).not.toContain('aliyun');
  });
});
