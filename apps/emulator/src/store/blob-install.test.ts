/**
 * BlobStore.install: a received blob becomes what a metadata row points at. For an inline blob the
 * row insert, the metadata swap and the delete of the freed rows are one SQLite transaction.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/harness.js';
import { blobFiles, inlineBlobIds } from '../test-support/stored-blobs.js';
import { walCommits } from '../test-support/wal-commits.js';
import type { PendingBlob } from './blob-store.js';
import type { ObjectRecord, PartRecord, UploadRecord } from './metadata-store.js';
import { openStorage } from './storage.js';
import type { Storage } from './storage.js';

const B = 'b';

function record(key: string, blob: PendingBlob): ObjectRecord {
  return {
    bucket: B,
    key,
    blobId: blob.blobId,
    size: blob.size,
    etag: 'E',
    crc64: blob.crc64.toString(),
    type: 'Normal',
    storageClass: 'Standard',
    acl: 'default',
    lastModified: new Date(),
    contentType: 'application/octet-stream',
    userMeta: {},
  };
}

function upload(uploadId: string, key: string): UploadRecord {
  const meta = { contentType: 'application/octet-stream', userMeta: {} };
  return { uploadId, bucket: B, key, initiated: new Date(), meta, acl: 'default', storageClass: 'Standard' };
}

function part(uploadId: string, partNumber: number, blob: PendingBlob): PartRecord {
  return { uploadId, partNumber, blobId: blob.blobId, size: blob.size, etag: 'E', crc64: '0', lastModified: new Date() };
}

describe('BlobStore.install', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let storage: Storage;
  beforeEach(async () => {
    ({ dir, remove } = await tempDir());
    storage = await openStorage(dir);
    storage.meta.createBucket({ name: B, acl: 'private', storageClass: 'Standard', createdAt: new Date() });
  });
  afterEach(async () => {
    storage.close();
    await remove();
  });

  /** A received body: inline when `known` (its size given) and small, else a file. */
  const receive = (bytes: Buffer, known = true) =>
    storage.blobs.write(Readable.from([bytes]), known ? { expectedSize: bytes.length } : {});

  /** Install `blob` as object `key`. */
  const put = (key: string, blob: PendingBlob, forbidOverwrite = false) =>
    storage.blobs.install(blob, () => storage.meta.putObject(record(key, blob), { forbidOverwrite }));

  const read = async (key: string) => {
    const object = storage.meta.getObject(B, key)!;
    const opened = (await storage.blobs.open(object))!;
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream()) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  it('an inline PutObject, new or over an inline object, is one SQLite commit; the replaced row goes in it', async () => {
    const first = await receive(randomBytes(4096));
    // Received, not yet stored: the bytes wait in memory for the transaction.
    expect(inlineBlobIds(dir)).toEqual([]);
    let before = walCommits(dir);
    expect(await put('k', first)).toEqual({ unreferencedBlobIds: [] });
    expect(walCommits(dir) - before).toBe(1);
    expect(inlineBlobIds(dir)).toEqual([first.blobId]);

    const bytes = randomBytes(4096);
    const second = await receive(bytes);
    before = walCommits(dir);
    expect(await put('k', second)).toEqual({ unreferencedBlobIds: [first.blobId] });
    expect(walCommits(dir) - before).toBe(1);
    expect(inlineBlobIds(dir)).toEqual([second.blobId]);
    expect((await read('k')).equals(bytes)).toBe(true);
  });

  it('an UploadPart re-uploading an inline part is one commit too', async () => {
    storage.meta.createUpload(upload('U1', 'mp'));
    const first = await receive(randomBytes(100));
    await storage.blobs.install(first, () => storage.meta.putPart(part('U1', 1, first)));
    const second = await receive(randomBytes(100));
    const before = walCommits(dir);
    expect(await storage.blobs.install(second, () => storage.meta.putPart(part('U1', 1, second)))).toEqual({
      unreferencedBlobIds: [first.blobId],
    });
    expect(walCommits(dir) - before).toBe(1);
    expect(inlineBlobIds(dir)).toEqual([second.blobId]);
  });

  it('over a file object: the row and swap commit together, then the file is unlinked', async () => {
    const file = await receive(randomBytes(100), false);
    await put('k', file);
    expect(await blobFiles(dir)).toEqual([file.blobId]);
    const small = await receive(randomBytes(100));
    expect(await put('k', small)).toEqual({ unreferencedBlobIds: [file.blobId] });
    expect(await blobFiles(dir)).toEqual([]);
    expect(inlineBlobIds(dir)).toEqual([small.blobId]);
  });

  it('a refused swap stores nothing and returns the refusal; the old object stays whole', async () => {
    const bytes = randomBytes(100);
    const old = await receive(bytes);
    await put('k', old);
    const before = walCommits(dir);
    const refused = await receive(randomBytes(100));
    expect(await put('k', refused, true)).toBe('exists');
    const file = await receive(randomBytes(100), false);
    expect(await put('k', file, true)).toBe('exists');
    expect(inlineBlobIds(dir)).toEqual([old.blobId]);
    expect(await blobFiles(dir)).toEqual([]);
    expect(walCommits(dir) - before).toBe(0);
    expect((await read('k')).equals(bytes)).toBe(true);
  });

  it('a swap that throws after writing rolls back with the row insert: no row, no object', async () => {
    const blob = await receive(randomBytes(100));
    await expect(
      storage.blobs.install(blob, () => {
        storage.meta.putObject(record('k', blob));
        throw new Error('metadata write failed');
      }),
    ).rejects.toThrow('metadata write failed');
    expect(storage.meta.getObject(B, 'k')).toBeUndefined();
    expect(inlineBlobIds(dir)).toEqual([]);
  });

  it('a replaced inline part that a reader holds is deleted only when the read is done', async () => {
    const bytes = randomBytes(200);
    const a = await receive(bytes.subarray(0, 100));
    const b = await receive(bytes.subarray(100));
    storage.meta.createUpload(upload('U2', 'mp'));
    for (const [index, blob] of [a, b].entries()) {
      await storage.blobs.install(blob, () => storage.meta.putPart(part('U2', index + 1, blob)));
    }
    const parts = [{ blobId: a.blobId, size: 100 }, { blobId: b.blobId, size: 100 }];
    const partIds = new Map([[1, a.blobId], [2, b.blobId]]);
    storage.meta.completeUpload('U2', partIds, { ...record('mp', a), blobId: '', size: 200, parts, type: 'Multipart' });
    const opened = (await storage.blobs.open(storage.meta.getObject(B, 'mp')!))!;
    const next = await receive(randomBytes(10));
    expect(await put('mp', next)).toEqual({ unreferencedBlobIds: [a.blobId, b.blobId] });
    expect(inlineBlobIds(dir).sort()).toEqual([a.blobId, b.blobId, next.blobId].sort());
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    for (let i = 0; i < 200 && inlineBlobIds(dir).length > 1; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(inlineBlobIds(dir)).toEqual([next.blobId]);
  });
});
