/**
 * Disk faults part way through a write (ENOSPC, EIO), injected through the blob store
 * (test-support/faulty-blob-store.ts) for every operation that writes bytes: the uploader gets
 * 500 InternalError as OSS error XML (a server-side fault; OSS documents no client-facing disk
 * error), no temp file is left, the previous object or part is intact, metadata and files agree,
 * and the same upload succeeds once space is back.
 */
import type { Express } from 'express';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodePostPolicy, parseErrorXml, signPostPolicyV1 } from '@ossbox/protocol';
import { createApp } from './app.js';
import { resolveConfig } from './config.js';
import { openStorage, type Storage } from './store/storage.js';
import { faultyBlobStore, type FaultyBlobStore } from './test-support/faulty-blob-store.js';
import { CREDENTIALS, oss, tempDir, tempFiles } from './test-support/harness.js';
import { storedBlobs } from './test-support/stored-blobs.js';

const B = 'examplebucket';
const BIG = Buffer.alloc(256 * 1024, 'n');

describe('disk faults mid-write', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let storage: Storage;
  let blobs: FaultyBlobStore;
  let app: Express;

  beforeEach(async () => {
    ({ dir, remove } = await tempDir());
    const config = resolveConfig({ location: dir, buckets: [B], logLevel: 'silent', minPartSize: 0 });
    storage = await openStorage(config.location);
    storage.meta.createBucket({ name: B, acl: 'private', storageClass: 'Standard', createdAt: new Date() });
    blobs = faultyBlobStore(storage.blobs);
    app = createApp({ config, storage: { ...storage, blobs } });
  });
  afterEach(async () => {
    storage.close();
    await remove();
  });

  /** Stored blobs (files and inline rows) are exactly those the metadata references, and no temp file is left. */
  async function expectConsistent(): Promise<void> {
    expect(await tempFiles(dir)).toEqual([]);
    expect(new Set(await storedBlobs(dir))).toEqual(storage.meta.referencedBlobIds());
  }

  function expectInternalError(res: { status: number; text: string; headers: Record<string, string> }): void {
    expect(res.status).toBe(500);
    const error = parseErrorXml(res.text)!;
    expect(error.code).toBe('InternalError');
    expect(error.requestId).toBe(res.headers['x-oss-request-id']);
  }

  async function expectObject(key: string, body: string | Buffer): Promise<void> {
    const res = await oss(app, 'GET', { bucket: B, key });
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, Buffer.from(body))).toBe(0);
  }

  it.each(['ENOSPC', 'EIO'] as const)('PutObject (%s): 500, the previous object intact; works when the disk recovers', async (code) => {
    await oss(app, 'PUT', { bucket: B, key: 'doc.txt', body: 'previous' }).expect(200);
    blobs.fault = { code, afterBytes: 64 * 1024 };
    expectInternalError(await oss(app, 'PUT', { bucket: B, key: 'doc.txt', body: BIG }));
    expectInternalError(await oss(app, 'PUT', { bucket: B, key: 'new.txt', body: BIG }));
    await expectObject('doc.txt', 'previous');
    expect((await oss(app, 'HEAD', { bucket: B, key: 'new.txt' })).status).toBe(404);
    await expectConsistent();
    blobs.fault = undefined;
    await oss(app, 'PUT', { bucket: B, key: 'doc.txt', body: BIG }).expect(200);
    await expectObject('doc.txt', BIG);
    await expectConsistent();
  });

  it('UploadPart: 500, parts and upload kept; CompleteMultipartUpload writes no byte, so it completes on a full disk', async () => {
    await oss(app, 'PUT', { bucket: B, key: 'mp.bin', body: 'previous' }).expect(200);
    const init = await oss(app, 'POST', { bucket: B, key: 'mp.bin', query: { uploads: '' } });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    const part = (n: number, body: Buffer) => oss(app, 'PUT', { bucket: B, key: 'mp.bin', query: { partNumber: String(n), uploadId }, body });
    const first = await part(1, Buffer.alloc(100 * 1024, 'a'));
    expect(first.status).toBe(200);

    blobs.fault = { code: 'ENOSPC', afterBytes: 10 * 1024 };
    expectInternalError(await part(1, BIG));
    expectInternalError(await part(2, BIG));
    const listed = await oss(app, 'GET', { bucket: B, key: 'mp.bin', query: { uploadId } });
    expect(listed.text).toContain(`<ETag>${first.headers.etag}</ETag>`);
    expect(listed.text).not.toContain('<PartNumber>2</PartNumber>');
    await expectConsistent();

    blobs.fault = undefined;
    const second = await part(2, Buffer.alloc(50 * 1024, 'b'));
    expect(second.status).toBe(200);
    const xml =
      '<CompleteMultipartUpload>' +
      `<Part><PartNumber>1</PartNumber><ETag>${first.headers.etag}</ETag></Part>` +
      `<Part><PartNumber>2</PartNumber><ETag>${second.headers.etag}</ETag></Part>` +
      '</CompleteMultipartUpload>';
    const complete = () => oss(app, 'POST', { bucket: B, key: 'mp.bin', query: { uploadId }, body: xml, headers: { 'Content-Type': 'application/xml' } });

    // The object becomes the list of its parts: nothing is copied, so a failing disk does not matter.
    blobs.fault = { code: 'EIO', afterBytes: 0 };
    expect((await complete()).status).toBe(200);
    blobs.fault = undefined;
    await expectObject('mp.bin', Buffer.concat([Buffer.alloc(100 * 1024, 'a'), Buffer.alloc(50 * 1024, 'b')]));
    await expectConsistent();
  });

  it('AppendObject: 500, the object keeps its length and bytes; the append succeeds later at the same position', async () => {
    const append = (key: string, position: number, body: string | Buffer) =>
      oss(app, 'POST', { bucket: B, key, query: { append: '', position: String(position) }, body });
    expect((await append('log.txt', 0, 'hello')).status).toBe(200);

    blobs.fault = { code: 'ENOSPC', afterBytes: 4096 };
    const failed = await append('log.txt', 5, BIG);
    expectInternalError(failed);
    expectInternalError(await append('fresh.txt', 0, BIG));
    await expectObject('log.txt', 'hello');
    expect((await oss(app, 'HEAD', { bucket: B, key: 'log.txt' })).headers['content-length']).toBe('5');
    expect((await oss(app, 'HEAD', { bucket: B, key: 'fresh.txt' })).status).toBe(404);
    await expectConsistent();

    blobs.fault = undefined;
    const ok = await append('log.txt', 5, ' world');
    expect(ok.status).toBe(200);
    expect(ok.headers['x-oss-next-append-position']).toBe('11');
    await expectObject('log.txt', 'hello world');
  });

  it('PostObject: 500, the previous object intact; the same form succeeds later', async () => {
    await oss(app, 'PUT', { bucket: B, key: 'form.txt', body: 'previous' }).expect(200);
    const policy = encodePostPolicy({ expiration: new Date(Date.now() + 3_600_000), conditions: [{ bucket: B }] });
    const send = async () => {
      const form = new FormData();
      for (const [name, value] of Object.entries({ key: 'form.txt', ...signPostPolicyV1(policy, CREDENTIALS) })) form.append(name, value);
      form.append('file', new Blob([BIG]), 'big.bin');
      const request = new Request('http://localhost/', { method: 'POST', body: form });
      const body = Buffer.from(await request.arrayBuffer());
      return supertest(app).post(`/${B}`).set('Content-Type', request.headers.get('content-type')!).send(body);
    };
    blobs.fault = { code: 'ENOSPC', afterBytes: 8192 };
    expectInternalError(await send());
    await expectObject('form.txt', 'previous');
    await expectConsistent();

    blobs.fault = undefined;
    expect((await send()).status).toBe(204);
    await expectObject('form.txt', BIG);
    await expectConsistent();
  });
});
