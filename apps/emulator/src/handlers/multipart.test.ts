import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildCompleteMultipartUpload,
  crc64,
  parseCompleteMultipartUploadResult,
  parseCopyPartResult,
  parseErrorXml,
  parseInitiateMultipartUploadResult,
  parseListMultipartUploadsResult,
  parseListPartsResult,
} from '@ossbox/protocol';
import type { TestApp } from '../test-support/harness.js';
import { createTestApp, oss } from '../test-support/harness.js';
import { multipartEtag } from './complete-multipart-upload.js';
import { storedBlobs } from '../test-support/stored-blobs.js';

const B = 'examplebucket';
const MIN = 1024;

function md5hex(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex').toUpperCase();
}

describe('multipart upload', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ minPartSize: MIN });
  });
  afterEach(async () => {
    await t.close();
  });

  async function initiate(key: string, headers: Record<string, string> = {}): Promise<string> {
    const res = await oss(t.app, 'POST', { bucket: B, key, query: { uploads: '' }, headers });
    expect(res.status).toBe(200);
    const result = parseInitiateMultipartUploadResult(res.text);
    expect(result).toMatchObject({ bucket: B, key });
    expect(result.uploadId).toMatch(/^[0-9A-F]{32}$/);
    return result.uploadId;
  }

  function uploadPart(key: string, uploadId: string, partNumber: number | string, body: Buffer) {
    return oss(t.app, 'PUT', { bucket: B, key, query: { partNumber: String(partNumber), uploadId }, body });
  }

  function complete(key: string, uploadId: string, parts: { partNumber: number; etag: string }[], headers: Record<string, string> = {}) {
    return oss(t.app, 'POST', {
      bucket: B,
      key,
      query: { uploadId },
      body: buildCompleteMultipartUpload(parts),
      headers: { 'Content-Type': 'application/xml', ...headers },
    });
  }

  it('computes the multipart ETag the way OSS does (§5.10 captured vector)', () => {
    expect(multipartEtag(['4DE8075FB607DF4D13FBC480EA488EFA', 'AF947EC157726CEA88ED83B3C989063B'])).toBe(
      '1C787C506EABFB9B45EAAA8DB039F4B2-2',
    );
  });

  it('uploads parts, completes, and serves the assembled object', async () => {
    const p1 = Buffer.alloc(MIN, 'a');
    const p2 = Buffer.alloc(MIN, 'b');
    const p3 = Buffer.from('tail');
    const uploadId = await initiate('big.bin', { 'x-oss-meta-kind': 'multi', 'Content-Type': 'application/x-test' });
    const etags: string[] = [];
    for (const [i, body] of [p1, p2, p3].entries()) {
      const res = await uploadPart('big.bin', uploadId, i + 1, body);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe(`"${md5hex(body)}"`);
      expect(res.headers['x-oss-hash-crc64ecma']).toBe(crc64(body).toString());
      etags.push(res.headers.etag as string);
    }
    // The live object is untouched until Complete.
    expect((await oss(t.app, 'GET', { bucket: B, key: 'big.bin' })).status).toBe(404);
    const res = await complete('big.bin', uploadId, etags.map((etag, i) => ({ partNumber: i + 1, etag })));
    expect(res.status).toBe(200);
    const expectedEtag = multipartEtag([p1, p2, p3].map(md5hex));
    expect(res.headers.etag).toBe(`"${expectedEtag}"`);
    const whole = Buffer.concat([p1, p2, p3]);
    expect(res.headers['x-oss-hash-crc64ecma']).toBe(crc64(whole).toString());
    const result = parseCompleteMultipartUploadResult(res.text);
    expect(result).toMatchObject({ bucket: B, key: 'big.bin', etag: `"${expectedEtag}"` });
    expect(result.location).toContain('/examplebucket/big.bin');

    const get = await oss(t.app, 'GET', { bucket: B, key: 'big.bin' });
    expect(Buffer.compare(get.body as Buffer, whole)).toBe(0);
    expect(get.headers['x-oss-object-type']).toBe('Multipart');
    expect(get.headers['x-oss-meta-kind']).toBe('multi');
    expect(get.headers['content-type']).toBe('application/x-test');
    expect(get.headers['x-oss-hash-crc64ecma']).toBe(crc64(whole).toString());
    // Nothing was copied: the three part blobs are the object's bytes.
    expect(await storedBlobs(t.dir)).toHaveLength(3);
    // The upload is gone.
    expect((await complete('big.bin', uploadId, [{ partNumber: 1, etag: etags[0]! }])).status).toBe(404);
  });

  it('re-uploading a part replaces it; two uploads of one key never mix parts', async () => {
    const a = await initiate('k');
    const b = await initiate('k');
    await uploadPart('k', a, 1, Buffer.from('first'));
    const second = await uploadPart('k', a, 1, Buffer.from('second'));
    await uploadPart('k', b, 1, Buffer.from('other upload'));
    await complete('k', a, [{ partNumber: 1, etag: second.headers.etag as string }]).expect(200);
    expect((await oss(t.app, 'GET', { bucket: B, key: 'k' })).text).toBe('second');
    const stale = await complete('k', b, [{ partNumber: 1, etag: second.headers.etag as string }]);
    expect(parseErrorXml(stale.text)?.code).toBe('InvalidPart');
  });

  it('Complete checks: InvalidPartOrder, InvalidPart, EntityTooSmall, NoSuchUpload', async () => {
    const id = await initiate('k');
    const e1 = (await uploadPart('k', id, 1, Buffer.alloc(10, 'x'))).headers.etag as string;
    const e2 = (await uploadPart('k', id, 2, Buffer.alloc(10, 'y'))).headers.etag as string;
    const order = await complete('k', id, [
      { partNumber: 2, etag: e2 },
      { partNumber: 1, etag: e1 },
    ]);
    expect(order.status).toBe(400);
    expect(parseErrorXml(order.text)).toMatchObject({ code: 'InvalidPartOrder', ec: '0042-00000209' });
    const wrong = await complete('k', id, [{ partNumber: 1, etag: '"00000000000000000000000000000000"' }]);
    expect(parseErrorXml(wrong.text)?.code).toBe('InvalidPart');
    const missing = await complete('k', id, [{ partNumber: 3, etag: e1 }]);
    expect(parseErrorXml(missing.text)?.code).toBe('InvalidPart');
    const small = await complete('k', id, [
      { partNumber: 1, etag: e1 },
      { partNumber: 2, etag: e2 },
    ]);
    expect(small.status).toBe(400);
    expect(parseErrorXml(small.text)).toMatchObject({ code: 'EntityTooSmall', ec: '0042-00000213' });
    const unknown = await complete('k', 'DEADBEEF', [{ partNumber: 1, etag: e1 }]);
    expect(unknown.status).toBe(404);
    expect(parseErrorXml(unknown.text)?.code).toBe('NoSuchUpload');
    const malformed = await oss(t.app, 'POST', { bucket: B, key: 'k', query: { uploadId: id }, body: '<Complete', headers: { 'Content-Type': 'application/xml' } });
    expect(parseErrorXml(malformed.text)?.code).toBe('MalformedXML');
    // A single small part is fine: the last part may be small; ETags may be unquoted/lowercase.
    const ok = await complete('k', id, [{ partNumber: 2, etag: e2.replace(/"/g, '').toLowerCase() }]);
    expect(ok.status).toBe(200);
  });

  it('encoding-type=url encodes the key in the Complete result', async () => {
    const id = await initiate('a b+c');
    const etag = (await uploadPart('a b+c', id, 1, Buffer.from('x'))).headers.etag as string;
    const res = await oss(t.app, 'POST', {
      bucket: B,
      key: 'a b+c',
      query: { uploadId: id, 'encoding-type': 'url' },
      body: buildCompleteMultipartUpload([{ partNumber: 1, etag }]),
      headers: { 'Content-Type': 'application/xml' },
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Key>a%20b%2Bc</Key>');
    expect(parseCompleteMultipartUploadResult(res.text).key).toBe('a b+c');
  });

  it('x-oss-complete-all uses every part; with a body it is InvalidArgument', async () => {
    const id = await initiate('all');
    await uploadPart('all', id, 1, Buffer.alloc(MIN, 'a'));
    await uploadPart('all', id, 5, Buffer.from('z'));
    const both = await complete('all', id, [{ partNumber: 1, etag: '"x"' }], { 'x-oss-complete-all': 'yes' });
    expect(parseErrorXml(both.text)).toMatchObject({
      code: 'InvalidArgument',
      message: 'Should not speficy both complete all header and http body.',
    });
    const res = await oss(t.app, 'POST', { bucket: B, key: 'all', query: { uploadId: id }, headers: { 'x-oss-complete-all': 'yes' } });
    expect(res.status).toBe(200);
    expect((await oss(t.app, 'HEAD', { bucket: B, key: 'all' })).headers['content-length']).toBe(String(MIN + 1));
  });

  it('forbid-overwrite at Complete gives FileAlreadyExists and keeps the object', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'f', body: 'live' }).expect(200);
    const id = await initiate('f');
    const e = (await uploadPart('f', id, 1, Buffer.from('new'))).headers.etag as string;
    const res = await complete('f', id, [{ partNumber: 1, etag: e }], { 'x-oss-forbid-overwrite': 'true' });
    expect(res.status).toBe(409);
    expect(parseErrorXml(res.text)?.code).toBe('FileAlreadyExists');
    expect((await oss(t.app, 'GET', { bucket: B, key: 'f' })).text).toBe('live');
  });

  it('UploadPart validates the part number and upload id', async () => {
    const id = await initiate('k');
    for (const n of ['0', '10001', 'abc']) {
      const res = await uploadPart('k', id, n, Buffer.from('x'));
      expect(res.status).toBe(400);
      expect(parseErrorXml(res.text)).toMatchObject({
        code: 'InvalidArgument',
        message: 'Part number must be an integer between 1 and 10000, inclusive.',
        ec: '0017-00000220',
      });
    }
    const unknown = await uploadPart('k', 'NOPE', 1, Buffer.from('x'));
    expect(unknown.status).toBe(404);
    expect(parseErrorXml(unknown.text)?.code).toBe('NoSuchUpload');
    // An upload id belongs to its key.
    expect((await uploadPart('other', id, 1, Buffer.from('x'))).status).toBe(404);
  });

  it('UploadPartCopy copies a range of an object as a part', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'src', body: '0123456789' }).expect(200);
    const id = await initiate('dst');
    const res = await oss(t.app, 'PUT', {
      bucket: B,
      key: 'dst',
      query: { partNumber: '1', uploadId: id },
      headers: { 'x-oss-copy-source': `/${B}/src`, 'x-oss-copy-source-range': 'bytes=2-5' },
    });
    expect(res.status).toBe(200);
    const { etag } = parseCopyPartResult(res.text);
    expect(etag).toBe(`"${md5hex('2345')}"`);
    // Official Node and Python clients read the part ETag from the header, not the body.
    expect(res.headers.etag).toBe(etag);
    // A failing copy-source if-none-match is 304, as on CopyObject, and stores no part.
    const notModified = await oss(t.app, 'PUT', {
      bucket: B,
      key: 'dst',
      query: { partNumber: '2', uploadId: id },
      headers: { 'x-oss-copy-source': `/${B}/src`, 'x-oss-copy-source-if-none-match': '*' },
    });
    expect(notModified.status).toBe(304);
    expect(parseListPartsResult((await oss(t.app, 'GET', { bucket: B, key: 'dst', query: { uploadId: id } })).text).parts).toHaveLength(1);
    await complete('dst', id, [{ partNumber: 1, etag }]).expect(200);
    expect((await oss(t.app, 'GET', { bucket: B, key: 'dst' })).text).toBe('2345');
  });

  it('Complete with no parts (<CompleteMultipartUpload/>) stores an empty object, as OSS does for 0-byte files', async () => {
    const id = await initiate('empty.bin', { 'Content-Type': 'text/plain' });
    const res = await oss(t.app, 'POST', {
      bucket: B,
      key: 'empty.bin',
      query: { uploadId: id },
      body: '<?xml version="1.0"?>\n<CompleteMultipartUpload/>',
      headers: { 'Content-Type': 'application/xml' },
    });
    expect(res.status).toBe(200);
    expect(parseCompleteMultipartUploadResult(res.text).etag).toBe(`"${multipartEtag([])}"`);
    const got = await oss(t.app, 'GET', { bucket: B, key: 'empty.bin' });
    expect(got.status).toBe(200);
    expect(got.body).toHaveLength(0);
    expect(got.headers).toMatchObject({ 'content-type': 'text/plain', 'x-oss-object-type': 'Multipart', 'x-oss-hash-crc64ecma': '0' });
    expect((await oss(t.app, 'GET', { bucket: B, query: { uploads: '' } })).text).not.toContain('empty.bin');
  });

  it('AbortMultipartUpload is 204 and drops the parts; unknown id is NoSuchUpload', async () => {
    const id = await initiate('k');
    await uploadPart('k', id, 1, Buffer.from('x'));
    expect((await oss(t.app, 'DELETE', { bucket: B, key: 'k', query: { uploadId: id } })).status).toBe(204);
    const again = await oss(t.app, 'DELETE', { bucket: B, key: 'k', query: { uploadId: id } });
    expect(again.status).toBe(404);
    expect(parseErrorXml(again.text)?.code).toBe('NoSuchUpload');
    expect(await storedBlobs(t.dir)).toEqual([]);
  });

  it('ListParts pages with max-parts and part-number-marker', async () => {
    const id = await initiate('k');
    for (const n of [1, 2, 3]) await uploadPart('k', id, n, Buffer.from(`part${n}`));
    const page1 = parseListPartsResult((await oss(t.app, 'GET', { bucket: B, key: 'k', query: { uploadId: id, 'max-parts': '2' } })).text);
    expect(page1.parts.map((p) => p.partNumber)).toEqual([1, 2]);
    expect(page1).toMatchObject({ isTruncated: true, nextPartNumberMarker: 2, maxParts: 2 });
    expect(page1.parts[0]).toMatchObject({ size: 5, etag: `"${md5hex('part1')}"`, hashCrc64ecma: crc64(Buffer.from('part1')).toString() });
    const page2 = parseListPartsResult(
      (await oss(t.app, 'GET', { bucket: B, key: 'k', query: { uploadId: id, 'part-number-marker': '2' } })).text,
    );
    expect(page2.parts.map((p) => p.partNumber)).toEqual([3]);
    expect(page2.isTruncated).toBe(false);
  });

  it('ListMultipartUploads orders by key then upload id, with markers, prefix and delimiter', async () => {
    const ids: Record<string, string[]> = {};
    for (const key of ['b', 'a', 'dir/x', 'dir/y', 'a']) (ids[key] ??= []).push(await initiate(key));
    const list = async (query: Record<string, string>) =>
      parseListMultipartUploadsResult((await oss(t.app, 'GET', { bucket: B, query: { uploads: '', ...query } })).text);
    const all = await list({});
    expect(all.uploads.map((u) => u.key)).toEqual(['a', 'a', 'b', 'dir/x', 'dir/y']);
    const aIds = [...ids.a!].sort();
    expect(all.uploads.slice(0, 2).map((u) => u.uploadId)).toEqual(aIds);
    const page = await list({ 'max-uploads': '1' });
    expect(page).toMatchObject({ isTruncated: true, nextKeyMarker: 'a', nextUploadIdMarker: aIds[0] });
    const next = await list({ 'key-marker': 'a', 'upload-id-marker': aIds[0]! });
    expect(next.uploads.map((u) => `${u.key}:${u.uploadId}`)[0]).toBe(`a:${aIds[1]}`);
    const afterA = await list({ 'key-marker': 'a' });
    expect(afterA.uploads.map((u) => u.key)).toEqual(['b', 'dir/x', 'dir/y']);
    const grouped = await list({ delimiter: '/' });
    expect(grouped.commonPrefixes).toEqual(['dir/']);
    expect(grouped.uploads.map((u) => u.key)).toEqual(['a', 'a', 'b']);
    const prefixed = await list({ prefix: 'dir/' });
    expect(prefixed.uploads.map((u) => u.key)).toEqual(['dir/x', 'dir/y']);
  });
});
