/**
 * Objects whose bytes are inline in SQLite (bodies of at most 16 KiB with a known size,
 * store/inline-blobs.ts), through every operation that reads, copies, grows or frees them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCompleteMultipartUpload, crc64, parseCopyPartResult, parseInitiateMultipartUploadResult } from '@ossbox/protocol';
import { runLifecycle } from '../bucket-config/lifecycle-run.js';
import { openStorage } from '../store/storage.js';
import { oss, useTestApp } from '../test-support/harness.js';
import { blobFiles, inlineBlobIds } from '../test-support/stored-blobs.js';

const B = 'examplebucket';
const KiB = 1024;

describe('objects stored inline', () => {
  const t = useTestApp();

  const put = (key: string, body: Buffer | string) => oss(t.app, 'PUT', { bucket: B, key, body }).expect(200);
  const get = (key: string, headers: Record<string, string> = {}) => oss(t.app, 'GET', { bucket: B, key, headers }).buffer(true);
  /** Where the bucket's bytes are: how many blob files and inline rows. */
  const stored = async () => ({ files: (await blobFiles(t.dir)).length, inline: inlineBlobIds(t.dir).length });

  it('PutObject of 4 KiB makes one inline row and no file; GetObject reads it whole and by Range; HeadObject', async () => {
    const body = randomBytes(4 * KiB);
    const res = await put('small', body);
    expect(res.headers['x-oss-hash-crc64ecma']).toBe(crc64(body).toString());
    expect(await stored()).toEqual({ files: 0, inline: 1 });
    const whole = await get('small').expect(200);
    expect(Buffer.compare(whole.body as Buffer, body)).toBe(0);
    expect(whole.headers['content-length']).toBe(String(body.length));
    for (const [range, start, end] of [
      ['bytes=0-0', 0, 0],
      ['bytes=100-4095', 100, 4095],
      ['bytes=1000-', 1000, 4095],
      ['bytes=-10', 4086, 4095],
    ] as const) {
      const part = await get('small', { Range: range }).expect(206);
      expect(part.headers['content-range']).toBe(`bytes ${start}-${end}/4096`);
      expect(Buffer.compare(part.body as Buffer, body.subarray(start, end + 1)), range).toBe(0);
    }
    const head = await oss(t.app, 'HEAD', { bucket: B, key: 'small' }).expect(200);
    expect(head.headers['content-length']).toBe('4096');
    // The largest inline body, and one byte more, which is a file.
    const largest = randomBytes(16 * KiB);
    await put('largest', largest);
    await put('file', randomBytes(16 * KiB + 1));
    expect(await stored()).toEqual({ files: 1, inline: 2 });
    expect(Buffer.compare((await get('largest').expect(200)).body as Buffer, largest)).toBe(0);
  });

  it('an empty object is an inline row of no bytes and reads back empty', async () => {
    await put('empty', '');
    expect(await stored()).toEqual({ files: 0, inline: 1 });
    const res = await get('empty').expect(200);
    expect(res.headers['content-length']).toBe('0');
    expect(res.body).toHaveLength(0);
  });

  it('an overwrite, DeleteObject and DeleteMultipleObjects free the rows', async () => {
    await put('k', 'one');
    await put('k', 'two');
    expect(await stored()).toEqual({ files: 0, inline: 1 });
    expect((await get('k')).text).toBe('two');
    await oss(t.app, 'DELETE', { bucket: B, key: 'k' }).expect(204);
    expect(await stored()).toEqual({ files: 0, inline: 0 });
    for (const key of ['a', 'b', 'c']) await put(key, key);
    const body = '<Delete><Quiet>true</Quiet><Object><Key>a</Key></Object><Object><Key>b</Key></Object></Delete>';
    const md5 = createHash('md5').update(body).digest('base64');
    await oss(t.app, 'POST', { bucket: B, query: { delete: '' }, body, headers: { 'Content-MD5': md5, 'Content-Type': 'application/xml' } }).expect(200);
    expect(await stored()).toEqual({ files: 0, inline: 1 });
    expect((await get('c')).text).toBe('c');
  });

  it('CopyObject of an inline object is an inline copy that outlives its source; a larger source copies to a file', async () => {
    const body = randomBytes(3 * KiB);
    await put('src', body);
    const copy = await oss(t.app, 'PUT', { bucket: B, key: 'copy', headers: { 'x-oss-copy-source': `/${B}/src` } }).expect(200);
    expect(copy.headers['x-oss-hash-crc64ecma']).toBe(crc64(body).toString());
    expect(await stored()).toEqual({ files: 0, inline: 2 });
    await oss(t.app, 'DELETE', { bucket: B, key: 'src' }).expect(204);
    expect(Buffer.compare((await get('copy').expect(200)).body as Buffer, body)).toBe(0);
    const large = randomBytes(100 * KiB);
    await put('large', large);
    await oss(t.app, 'PUT', { bucket: B, key: 'large-copy', headers: { 'x-oss-copy-source': `/${B}/large` } }).expect(200);
    expect(await stored()).toEqual({ files: 2, inline: 1 });
    expect(Buffer.compare((await get('large-copy').expect(200)).body as Buffer, large)).toBe(0);
  });

  it('UploadPartCopy takes a range of an inline source as a part; the object reads back', async () => {
    const body = randomBytes(5 * KiB);
    await put('src', body);
    const init = await oss(t.app, 'POST', { bucket: B, key: 'dst', query: { uploads: '' } }).expect(200);
    const { uploadId } = parseInitiateMultipartUploadResult(init.text);
    const res = await oss(t.app, 'PUT', {
      bucket: B,
      key: 'dst',
      query: { partNumber: '1', uploadId },
      headers: { 'x-oss-copy-source': `/${B}/src`, 'x-oss-copy-source-range': 'bytes=1000-2999' },
    }).expect(200);
    const xml = buildCompleteMultipartUpload([{ partNumber: 1, etag: parseCopyPartResult(res.text).etag }]);
    await oss(t.app, 'POST', { bucket: B, key: 'dst', query: { uploadId }, body: xml, headers: { 'Content-Type': 'application/xml' } }).expect(200);
    expect(await stored()).toEqual({ files: 0, inline: 2 });
    expect(Buffer.compare((await get('dst').expect(200)).body as Buffer, body.subarray(1000, 3000))).toBe(0);
    const ranged = await get('dst', { Range: 'bytes=10-19' }).expect(206);
    expect(Buffer.compare(ranged.body as Buffer, body.subarray(1010, 1020))).toBe(0);
  });

  it('AppendObject keeps an appendable object in a file from its first small append on', async () => {
    const first = randomBytes(4 * KiB);
    const second = randomBytes(2 * KiB);
    await oss(t.app, 'POST', { bucket: B, key: 'log', query: { append: '', position: '0' }, body: first }).expect(200);
    expect(await stored()).toEqual({ files: 1, inline: 0 });
    await oss(t.app, 'POST', { bucket: B, key: 'log', query: { append: '', position: String(first.length) }, body: second }).expect(200);
    const whole = Buffer.concat([first, second]);
    expect(Buffer.compare((await get('log').expect(200)).body as Buffer, whole)).toBe(0);
    const ranged = await get('log', { Range: 'bytes=4000-4199' }).expect(206);
    expect(Buffer.compare(ranged.body as Buffer, whole.subarray(4000, 4200))).toBe(0);
    // A copy of it is a Normal object, small, so inline.
    await oss(t.app, 'PUT', { bucket: B, key: 'log-copy', headers: { 'x-oss-copy-source': `/${B}/log` } }).expect(200);
    expect(await stored()).toEqual({ files: 1, inline: 1 });
  });

  it('a row whose object went without it (a crash before the delete) is removed by the start-up sweep', async () => {
    await put('kept', 'kept');
    await put('crashed', 'crashed');
    // The object row goes, and the process dies before the blob is deleted.
    expect(t.storage.meta.deleteObject(B, 'crashed')).toHaveLength(1);
    expect(await stored()).toEqual({ files: 0, inline: 2 });
    const reopened = await openStorage(t.dir);
    try {
      expect(reopened.swept.orphanBlobs).toBe(1);
      expect(await stored()).toEqual({ files: 0, inline: 1 });
    } finally {
      reopened.close();
    }
    expect((await get('kept').expect(200)).text).toBe('kept');
  });

  it('lifecycle expiry frees the rows of the objects it expires', async () => {
    await put('logs/a.log', 'a');
    await put('other', 'b');
    const rule = '<Rule><ID>logs</ID><Prefix>logs/</Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>';
    await oss(t.app, 'PUT', {
      bucket: B,
      query: { lifecycle: '' },
      body: `<LifecycleConfiguration>${rule}</LifecycleConfiguration>`,
      headers: { 'Content-Type': 'application/xml' },
    }).expect(200);
    const result = await runLifecycle(t.storage, new Date(Date.now() + 2 * 24 * 3600 * 1000));
    expect(result.buckets).toEqual([{ bucket: B, expired: ['logs/a.log'], aborted: [] }]);
    expect(await stored()).toEqual({ files: 0, inline: 1 });
  });
});
