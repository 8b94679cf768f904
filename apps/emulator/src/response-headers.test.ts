/**
 * The response headers of every operation, against the "Response headers" section of its OSS API
 * reference (https://www.alibabacloud.com/help/en/oss/developer-reference/<operation>), plus the
 * common headers of every response (`x-oss-request-id`, `Server`, `Date`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCompleteMultipartUpload, parseInitiateMultipartUploadResult, parseListPartsResult } from '@ossbox/protocol';
import type { OssRequest, TestApp } from './test-support/harness.js';
import { createTestApp, oss } from './test-support/harness.js';

const B = 'examplebucket';
const SSE = { 'x-oss-server-side-encryption': 'AES256' };
let t: TestApp;
const state = { uploadId: '', copyUploadId: '' };

type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
const COMMON = ['x-oss-request-id', 'server', 'date'];

const CASES: [operation: string, method: Method, request: () => OssRequest, status: number, headers: string[]][] = [
  ['PutObject', 'PUT', () => ({ bucket: B, key: 'put', body: 'abc', headers: SSE }), 200, ['etag', 'content-md5', 'x-oss-hash-crc64ecma', 'x-oss-server-side-encryption']],
  ['GetObject', 'GET', () => ({ bucket: B, key: 'obj' }), 200, ['etag', 'last-modified', 'content-type', 'content-length', 'content-md5', 'accept-ranges', 'x-oss-object-type', 'x-oss-storage-class', 'x-oss-hash-crc64ecma', 'x-oss-server-side-encryption', 'x-oss-tagging-count', 'content-language', 'x-oss-meta-author']],
  ['GetObject with a range', 'GET', () => ({ bucket: B, key: 'obj', headers: { Range: 'bytes=0-1' } }), 206, ['content-range', 'content-length', 'etag', 'x-oss-hash-crc64ecma']],
  ['HeadObject', 'HEAD', () => ({ bucket: B, key: 'obj' }), 200, ['etag', 'last-modified', 'content-type', 'content-length', 'x-oss-object-type', 'x-oss-storage-class', 'x-oss-hash-crc64ecma', 'x-oss-server-side-encryption', 'x-oss-tagging-count']],
  ['HeadObject of an appendable object', 'HEAD', () => ({ bucket: B, key: 'log' }), 200, ['x-oss-next-append-position', 'x-oss-object-type']],
  ['GetObjectMeta', 'HEAD', () => ({ bucket: B, key: 'obj', query: { objectMeta: '' } }), 200, ['etag', 'content-length', 'last-modified', 'x-oss-hash-crc64ecma']],
  ['AppendObject', 'POST', () => ({ bucket: B, key: 'log2', query: { append: '', position: '0' }, body: 'a', headers: SSE }), 200, ['x-oss-next-append-position', 'x-oss-hash-crc64ecma', 'etag', 'x-oss-server-side-encryption']],
  ['CopyObject', 'PUT', () => ({ bucket: B, key: 'copy', headers: { 'x-oss-copy-source': `/${B}/obj`, ...SSE } }), 200, ['etag', 'x-oss-hash-crc64ecma', 'x-oss-server-side-encryption']],
  ['InitiateMultipartUpload', 'POST', () => ({ bucket: B, key: 'mp-new', query: { uploads: '' }, headers: SSE }), 200, ['x-oss-server-side-encryption']],
  ['UploadPart', 'PUT', () => ({ bucket: B, key: 'mp', query: { partNumber: '1', uploadId: state.uploadId }, body: 'part' }), 200, ['etag', 'content-md5', 'x-oss-hash-crc64ecma', 'x-oss-server-side-encryption']],
  ['UploadPartCopy', 'PUT', () => ({ bucket: B, key: 'mp-copy', query: { partNumber: '1', uploadId: state.copyUploadId }, headers: { 'x-oss-copy-source': `/${B}/obj` } }), 200, ['etag', 'x-oss-hash-crc64ecma']],
  ['ListParts', 'GET', () => ({ bucket: B, key: 'mp', query: { uploadId: state.uploadId } }), 200, ['content-type']],
  ['CompleteMultipartUpload', 'POST', () => ({ bucket: B, key: 'mp', query: { uploadId: state.uploadId }, body: '' }), 200, ['etag', 'x-oss-hash-crc64ecma', 'x-oss-server-side-encryption']],
  ['DeleteObject', 'DELETE', () => ({ bucket: B, key: 'put' }), 204, []],
  ['ListObjects', 'GET', () => ({ bucket: B }), 200, ['content-type']],
  ['GetObjectAcl', 'GET', () => ({ bucket: B, key: 'obj', query: { acl: '' } }), 200, ['content-type']],
  ['GetBucketInfo', 'GET', () => ({ bucket: B, query: { bucketInfo: '' } }), 200, ['content-type']],
];

beforeAll(async () => {
  t = await createTestApp();
  await oss(t.app, 'PUT', {
    bucket: B,
    key: 'obj',
    body: 'object',
    headers: { ...SSE, 'x-oss-tagging': 'a=1', 'Content-Language': 'en', 'x-oss-meta-author': 'ossbox' },
  }).expect(200);
  await oss(t.app, 'POST', { bucket: B, key: 'log', query: { append: '', position: '0' }, body: 'a' }).expect(200);
  const init = await oss(t.app, 'POST', { bucket: B, key: 'mp', query: { uploads: '' }, headers: SSE }).expect(200);
  state.uploadId = parseInitiateMultipartUploadResult(init.text).uploadId;
  const copyInit = await oss(t.app, 'POST', { bucket: B, key: 'mp-copy', query: { uploads: '' } }).expect(200);
  state.copyUploadId = parseInitiateMultipartUploadResult(copyInit.text).uploadId;
});
afterAll(async () => {
  await t.close();
});

describe('response headers per operation', () => {
  it.each(CASES)('%s', async (operation, method, request, status, expected) => {
    const req = request();
    if (operation === 'CompleteMultipartUpload') {
      const parts = parseListPartsResult((await oss(t.app, 'GET', { bucket: B, key: 'mp', query: { uploadId: state.uploadId } })).text).parts;
      req.body = buildCompleteMultipartUpload(parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })));
    }
    const res = await oss(t.app, method, req);
    expect(res.status).toBe(status);
    for (const name of [...COMMON, ...expected]) expect(res.headers, name).toHaveProperty(name);
  });
});
