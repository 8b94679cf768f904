import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInitiateMultipartUploadResult } from '@ossbox/protocol';
import type { TestApp } from './test-support/harness.js';
import { createTestApp, oss } from './test-support/harness.js';

const B = 'examplebucket';

/**
 * Every date of every XML body the emulator serves is in whole seconds, as OSS sends them (the
 * official Python SDK parses only `%Y-%m-%dT%H:%M:%S.000Z`); `Last-Modified` headers stay RFC 1123.
 */
describe('dates in XML response bodies', () => {
  let t: TestApp;
  let uploadId = '';
  beforeAll(async () => {
    t = await createTestApp();
    await oss(t.app, 'PUT', { bucket: B, key: 'dir/a.txt', body: 'hello' });
    const init = await oss(t.app, 'POST', { bucket: B, key: 'mp', query: { uploads: '' } }).buffer(true);
    uploadId = parseInitiateMultipartUploadResult(init.text).uploadId;
    await oss(t.app, 'PUT', { bucket: B, key: 'mp', query: { partNumber: '1', uploadId }, body: 'part' });
  });
  afterAll(async () => {
    await t.close();
  });

  const requests: Array<[string, () => ReturnType<typeof oss>]> = [
    ['ListObjects', () => oss(t.app, 'GET', { bucket: B })],
    ['ListObjectsV2', () => oss(t.app, 'GET', { bucket: B, query: { 'list-type': '2', 'fetch-owner': 'true' } })],
    ['ListBuckets', () => oss(t.app, 'GET', {})],
    ['GetBucketInfo', () => oss(t.app, 'GET', { bucket: B, query: { bucketInfo: '' } })],
    ['ListMultipartUploads', () => oss(t.app, 'GET', { bucket: B, query: { uploads: '' } })],
    ['ListParts', () => oss(t.app, 'GET', { bucket: B, key: 'mp', query: { uploadId } })],
    [
      'CopyObject',
      () => oss(t.app, 'PUT', { bucket: B, key: 'copy.txt', headers: { 'x-oss-copy-source': `/${B}/dir/a.txt` } }),
    ],
    [
      'UploadPartCopy',
      () =>
        oss(t.app, 'PUT', {
          bucket: B,
          key: 'mp',
          query: { partNumber: '2', uploadId },
          headers: { 'x-oss-copy-source': `/${B}/dir/a.txt` },
        }),
    ],
  ];

  it.each(requests)('%s', async (_name, send) => {
    const res = await send().buffer(true);
    expect(res.status).toBe(200);
    const dates = res.text.match(/<(LastModified|CreationDate|Initiated)>[^<]*</g) ?? [];
    expect(dates.length).toBeGreaterThan(0);
    for (const date of dates) expect(date).toMatch(/>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z<$/);
  });

  it('keeps Last-Modified headers in RFC 1123', async () => {
    const res = await oss(t.app, 'HEAD', { bucket: B, key: 'dir/a.txt' });
    expect(res.headers['last-modified']).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });
});
