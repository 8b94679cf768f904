/**
 * Multipart objects stored as the list of their parts (CompleteMultipartUpload copies no byte):
 * reads across part boundaries, copies sharing the parts, and parts freed with the last object.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildCompleteMultipartUpload, crc64, parseCopyPartResult, parseErrorXml, parseInitiateMultipartUploadResult } from '@ossbox/protocol';
import { openStorage } from '../store/storage.js';
import { oss, signedHeaders, targetOf, useTestApp } from '../test-support/harness.js';
import { storedBlobs } from '../test-support/stored-blobs.js';

const B = 'examplebucket';
const MIN = 1024;

describe('multipart objects stored as parts', () => {
  const t = useTestApp({ minPartSize: MIN });

  /** Upload `parts` as a multipart object at `key` and complete it; returns the whole bytes. */
  async function multipartObject(key: string, parts: Buffer[]): Promise<Buffer> {
    const init = await oss(t.app, 'POST', { bucket: B, key, query: { uploads: '' } }).expect(200);
    const { uploadId } = parseInitiateMultipartUploadResult(init.text);
    const etags: string[] = [];
    for (const [i, body] of parts.entries()) {
      const res = await oss(t.app, 'PUT', { bucket: B, key, query: { partNumber: String(i + 1), uploadId }, body }).expect(200);
      etags.push(res.headers.etag as string);
    }
    const body = buildCompleteMultipartUpload(etags.map((etag, i) => ({ partNumber: i + 1, etag })));
    await oss(t.app, 'POST', { bucket: B, key, query: { uploadId }, body, headers: { 'Content-Type': 'application/xml' } }).expect(200);
    return Buffer.concat(parts);
  }

  /** The stored blobs, files and inline rows (the last part of these objects is small, so inline). */
  async function blobFiles(): Promise<string[]> {
    return (await storedBlobs(t.dir)).sort();
  }

  const get = (key: string, headers: Record<string, string> = {}) => oss(t.app, 'GET', { bucket: B, key, headers });

  it('Range reads within, across and at the edges of part boundaries', async () => {
    const whole = await multipartObject('mp', [randomBytes(MIN), randomBytes(MIN + 7), randomBytes(5)]);
    const edges = [0, 1, MIN - 1, MIN, MIN + 1, 2 * MIN + 6, 2 * MIN + 7, whole.length - 1];
    for (const start of edges) {
      for (const end of edges.filter((e) => e >= start)) {
        const res = await get('mp', { Range: `bytes=${start}-${end}` }).expect(206);
        expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${whole.length}`);
        expect(Buffer.compare(res.body as Buffer, whole.subarray(start, end + 1)), `bytes=${start}-${end}`).toBe(0);
      }
    }
    const suffix = await get('mp', { Range: 'bytes=-10' }).expect(206);
    expect(Buffer.compare(suffix.body as Buffer, whole.subarray(-10))).toBe(0);
    const full = await get('mp').expect(200);
    expect(Buffer.compare(full.body as Buffer, whole)).toBe(0);
  });

  it('CopyObject shares the parts: no byte copied, same ETag and CRC-64, each object readable alone', async () => {
    const whole = await multipartObject('src', [randomBytes(MIN), randomBytes(MIN)]);
    const before = await blobFiles();
    const copy = await oss(t.app, 'PUT', { bucket: B, key: 'copy', headers: { 'x-oss-copy-source': `/${B}/src` } }).expect(200);
    expect(await blobFiles()).toEqual(before);
    const src = await oss(t.app, 'HEAD', { bucket: B, key: 'src' }).expect(200);
    expect(copy.headers.etag).toBe(src.headers.etag);
    expect(copy.headers['x-oss-hash-crc64ecma']).toBe(crc64(whole).toString());
    await oss(t.app, 'DELETE', { bucket: B, key: 'src' }).expect(204);
    expect(await blobFiles()).toEqual(before);
    const read = await get('copy').expect(200);
    expect(Buffer.compare(read.body as Buffer, whole)).toBe(0);
    expect(read.headers['x-oss-object-type']).toBe('Multipart');
    // The last object referring to the parts takes them with it.
    await oss(t.app, 'PUT', { bucket: B, key: 'copy', body: 'single' }).expect(200);
    expect(await blobFiles()).toHaveLength(1);
  });

  it('UploadPartCopy reads a range across the source parts', async () => {
    const whole = await multipartObject('src', [randomBytes(MIN), randomBytes(MIN)]);
    const init = await oss(t.app, 'POST', { bucket: B, key: 'dst', query: { uploads: '' } }).expect(200);
    const { uploadId } = parseInitiateMultipartUploadResult(init.text);
    const range = `bytes=${MIN - 100}-${MIN + 99}`;
    const res = await oss(t.app, 'PUT', {
      bucket: B,
      key: 'dst',
      query: { partNumber: '1', uploadId },
      headers: { 'x-oss-copy-source': `/${B}/src`, 'x-oss-copy-source-range': range },
    }).expect(200);
    const body = buildCompleteMultipartUpload([{ partNumber: 1, etag: parseCopyPartResult(res.text).etag }]);
    await oss(t.app, 'POST', { bucket: B, key: 'dst', query: { uploadId }, body, headers: { 'Content-Type': 'application/xml' } }).expect(200);
    expect(Buffer.compare((await get('dst')).body as Buffer, whole.subarray(MIN - 100, MIN + 100))).toBe(0);
  });

  it('AppendObject on a Multipart object is ObjectNotAppendable and leaves it whole', async () => {
    const whole = await multipartObject('mp', [randomBytes(MIN), randomBytes(10)]);
    const res = await oss(t.app, 'POST', { bucket: B, key: 'mp', query: { append: '', position: String(whole.length) }, body: 'more' });
    expect(res.status).toBe(409);
    expect(parseErrorXml(res.text)?.code).toBe('ObjectNotAppendable');
    expect(Buffer.compare((await get('mp')).body as Buffer, whole)).toBe(0);
  });

  it('DeleteObject frees the part files; ones a crash left behind are removed by the start-up sweep', async () => {
    await multipartObject('gone', [randomBytes(MIN), randomBytes(MIN)]);
    await oss(t.app, 'DELETE', { bucket: B, key: 'gone' }).expect(204);
    expect(await blobFiles()).toEqual([]);

    await multipartObject('crashed', [randomBytes(MIN), randomBytes(MIN), randomBytes(1)]);
    // The row goes, and the process dies before the part files are unlinked.
    expect(t.storage.meta.deleteObject(B, 'crashed')).toHaveLength(3);
    expect(await blobFiles()).toHaveLength(3);
    const reopened = await openStorage(t.dir);
    try {
      expect(reopened.swept.orphanBlobs).toBe(3);
      expect(await blobFiles()).toEqual([]);
    } finally {
      reopened.close();
    }
  });

  it('a part file stays until a GET that started before the DeleteObject has sent every byte', async () => {
    const whole = await multipartObject('mp', [randomBytes(512 * 1024), randomBytes(512 * 1024)]);
    const opened = await t.storage.blobs.open(t.storage.meta.getObject(B, 'mp')!);
    await oss(t.app, 'DELETE', { bucket: B, key: 'mp' }).expect(204);
    expect(await blobFiles()).toHaveLength(2);
    const chunks: Buffer[] = [];
    for await (const chunk of opened!.stream()) chunks.push(chunk as Buffer);
    expect(Buffer.compare(Buffer.concat(chunks), whole)).toBe(0);
    for (let i = 0; i < 200 && (await blobFiles()).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await blobFiles()).toEqual([]);
  });

  it('a client that hangs up mid-GET releases the parts: a later DeleteObject frees them, and the next GET is whole', async () => {
    const whole = await multipartObject('mp', [randomBytes(2 * 1024 * 1024), randomBytes(2 * 1024 * 1024)]);
    const server = t.app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const request = { bucket: B, key: 'mp' };
      // Read one chunk of the 4 MiB body, then drop the connection.
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest({ port, host: '127.0.0.1', path: targetOf(request), headers: signedHeaders('GET', request) }, (res) => {
          expect(res.statusCode).toBe(200);
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
        req.end();
      });
      const again = await get('mp').expect(200);
      expect(Buffer.compare(again.body as Buffer, whole)).toBe(0);
      await oss(t.app, 'DELETE', { bucket: B, key: 'mp' }).expect(204);
      for (let i = 0; i < 200 && (await blobFiles()).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await blobFiles()).toEqual([]);
    } finally {
      server.close();
    }
  });
});
