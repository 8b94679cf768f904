/** Small bodies stored inline in SQLite (inline-blobs.ts), through the real storage wiring. */
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/harness.js';
import { blobFiles, inlineBlobIds } from '../test-support/stored-blobs.js';
import type { OpenBlob } from './blob-store.js';
import { SMALL_BODY } from './file-blob-store.js';
import { INLINE_BODY, isInlineBlobId } from './inline-blobs.js';
import { openStorage } from './storage.js';
import type { Storage } from './storage.js';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What `send` writes to a response for bytes [start, end], and whether it ended the response. */
async function sent(blob: OpenBlob, start: number, end: number): Promise<{ bytes: Buffer; ended: boolean }> {
  const res = new PassThrough();
  const collected = readAll(res);
  await blob.send(res, start, end);
  return { bytes: await collected, ended: res.writableEnded };
}

describe('inline blobs', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let storage: Storage;
  beforeEach(async () => {
    ({ dir, remove } = await tempDir());
    storage = await openStorage(dir);
  });
  afterEach(async () => {
    storage.close();
    await remove();
  });

  /** A committed small blob (known size, so inline). */
  async function inlineBlob(bytes: Buffer): Promise<string> {
    const blob = await storage.blobs.write(Readable.from([bytes]), { expectedSize: bytes.length });
    await blob.commit();
    return blob.blobId;
  }

  /** A committed blob of unknown size (so a file). */
  async function fileBlob(bytes: Buffer): Promise<string> {
    const blob = await storage.blobs.write(Readable.from([bytes]));
    await blob.commit();
    return blob.blobId;
  }

  it('a body of known size up to INLINE_BODY becomes one row, no file, hashed as a streamed one', async () => {
    const bytes = randomBytes(INLINE_BODY);
    const streamed = await storage.blobs.write(Readable.from([bytes]));
    await streamed.discard();
    const small = await storage.blobs.write(Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]), { expectedSize: bytes.length });
    expect(isInlineBlobId(small.blobId)).toBe(true);
    expect({ size: small.size, md5: small.md5, crc64: small.crc64 }).toEqual({ size: streamed.size, md5: streamed.md5, crc64: streamed.crc64 });
    await small.commit();
    expect(inlineBlobIds(dir)).toEqual([small.blobId]);
    expect(await blobFiles(dir)).toEqual([]);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    // One byte more, up to SMALL_BODY, is a blob file written at once (no temp file); past that, streamed.
    const larger = await storage.blobs.write(Readable.from([randomBytes(INLINE_BODY + 1)]), { expectedSize: INLINE_BODY + 1 });
    expect(isInlineBlobId(larger.blobId)).toBe(false);
    expect(await blobFiles(dir)).toEqual([larger.blobId]);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    const largest = await storage.blobs.write(Readable.from([randomBytes(SMALL_BODY)]), { expectedSize: SMALL_BODY });
    expect((await blobFiles(dir)).sort()).toEqual([larger.blobId, largest.blobId].sort());
    const streamed2 = await storage.blobs.write(Readable.from([randomBytes(SMALL_BODY + 1)]), { expectedSize: SMALL_BODY + 1 });
    expect(await readdir(join(dir, 'tmp'))).toEqual([streamed2.blobId]);
    await Promise.all([larger, largest, streamed2].map((blob) => blob.discard()));
    expect(await blobFiles(dir)).toEqual([]);
    expect(inlineBlobIds(dir)).toEqual([small.blobId]);
  });

  it('a 1 MiB body of known size (one write batch, as UploadPart sends) is written straight to its blob file from many chunks', async () => {
    const bytes = randomBytes(1024 * 1024);
    const streamed = await storage.blobs.write(Readable.from([bytes]));
    await streamed.discard();
    const chunks = Array.from({ length: 16 }, (_, i) => bytes.subarray(i * 65_536, (i + 1) * 65_536));
    const part = await storage.blobs.write(Readable.from(chunks), { expectedSize: bytes.length });
    // No temp file to rename: the file is in blobs/ already, read back whole.
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    expect(await blobFiles(dir)).toEqual([part.blobId]);
    expect({ size: part.size, md5: part.md5, crc64: part.crc64 }).toEqual({ size: streamed.size, md5: streamed.md5, crc64: streamed.crc64 });
    await part.commit();
    const opened = (await storage.blobs.open({ blobId: part.blobId }))!;
    expect((await readAll(opened.stream())).equals(bytes)).toBe(true);
  });

  it('open reads whole and ranged bytes by stream() and send(); an empty blob opens too', async () => {
    const bytes = randomBytes(10_000);
    const blobId = await inlineBlob(bytes);
    const opened = (await storage.blobs.open({ blobId }))!;
    expect((await readAll(opened.stream())).equals(bytes)).toBe(true);
    for (const [start, end] of [[0, 0], [0, 9_999], [1, 1], [4_096, 8_191], [9_999, 9_999]] as const) {
      expect((await readAll(opened.stream(start, end))).equals(bytes.subarray(start, end + 1)), `stream ${start}-${end}`).toBe(true);
      expect(await sent(opened, start, end)).toEqual({ bytes: bytes.subarray(start, end + 1), ended: true });
    }
    await opened.close();
    const empty = await inlineBlob(Buffer.alloc(0));
    expect(await storage.blobs.open({ blobId: empty })).toBeDefined();
  });

  it('an open blob keeps its bytes when deleted meanwhile; afterwards open finds nothing', async () => {
    const bytes = randomBytes(4096);
    const blobId = await inlineBlob(bytes);
    const opened = (await storage.blobs.open({ blobId }))!;
    await storage.blobs.delete([blobId]);
    expect(inlineBlobIds(dir)).toEqual([]);
    expect((await readAll(opened.stream())).equals(bytes)).toBe(true);
    expect(await storage.blobs.open({ blobId })).toBeUndefined();
  });

  it('a received body is a row only once committed; discard removes it; a body that fails or passes maxSize leaves none', async () => {
    const blob = await storage.blobs.write(Readable.from([Buffer.from('abc')]), { expectedSize: 3 });
    expect(inlineBlobIds(dir)).toEqual([]);
    await blob.commit();
    expect(inlineBlobIds(dir)).toEqual([blob.blobId]);
    await blob.discard();
    expect(inlineBlobIds(dir)).toEqual([]);
    const dropped = await storage.blobs.write(Readable.from([Buffer.from('abc')]), { expectedSize: 3 });
    await dropped.discard();
    await dropped.commit();
    expect(inlineBlobIds(dir)).toEqual([]);
    async function* failing() {
      yield Buffer.from('partial');
      throw new Error('client went away');
    }
    await expect(storage.blobs.write(failing(), { expectedSize: 100 })).rejects.toThrow('client went away');
    await expect(storage.blobs.write(Readable.from([Buffer.alloc(10)]), { expectedSize: 10, maxSize: 5 })).rejects.toThrow(/larger than 5 bytes/);
    expect(inlineBlobIds(dir)).toEqual([]);
    expect(await blobFiles(dir)).toEqual([]);
  });

  it('delete removes inline rows and files given together', async () => {
    const ids = [await inlineBlob(Buffer.from('one')), await fileBlob(Buffer.from('two')), await inlineBlob(Buffer.from('three'))];
    await storage.blobs.delete([...ids, 'i0123456789abcdef0123456789abcdef']);
    expect(inlineBlobIds(dir)).toEqual([]);
    expect(await blobFiles(dir)).toEqual([]);
  });

  it('an appendable body stays a file whatever its size, and only files grow', async () => {
    const blob = await storage.blobs.write(Readable.from([Buffer.from('abc')]), { expectedSize: 3, appendable: true });
    await blob.commit();
    expect(isInlineBlobId(blob.blobId)).toBe(false);
    await storage.blobs.append(blob.blobId, 3, Readable.from([Buffer.from('def')]));
    expect((await readAll((await storage.blobs.open({ blobId: blob.blobId }))!.stream(0, 5))).toString()).toBe('abcdef');
    const small = await inlineBlob(Buffer.from('abc'));
    await expect(storage.blobs.append(small, 3, Readable.from([Buffer.from('def')]))).rejects.toThrow(/inline/);
  });

  it('the start-up sweep removes rows no object refers to and keeps the referenced ones', async () => {
    const kept = await inlineBlob(Buffer.from('kept'));
    // Rows written by a process killed before their object rows committed.
    const orphans = [await inlineBlob(Buffer.from('orphan')), await inlineBlob(Buffer.from('x'))];
    const swept = await storage.blobs.sweep(new Set([kept]));
    expect(swept.orphanBlobs).toBe(2);
    expect(inlineBlobIds(dir)).toEqual([kept]);
    expect(orphans.some((id) => inlineBlobIds(dir).includes(id))).toBe(false);
  });

  describe('Multipart objects with inline parts', () => {
    it('stream() and send() read every range across file and inline parts', async () => {
      const big = randomBytes(300 * 1024);
      const small = randomBytes(1000);
      const parts = [
        { blobId: await inlineBlob(small), size: small.length },
        { blobId: await fileBlob(big), size: big.length },
        { blobId: await inlineBlob(Buffer.alloc(0)), size: 0 },
        { blobId: await inlineBlob(small), size: small.length },
      ];
      const whole = Buffer.concat([small, big, small]);
      const edges = [0, 999, 1000, 1000 + big.length - 1, 1000 + big.length, whole.length - 1];
      for (const start of edges) {
        for (const end of edges.filter((e) => e >= start)) {
          const opened = (await storage.blobs.open({ blobId: '', parts }))!;
          expect((await readAll(opened.stream(start, end))).equals(whole.subarray(start, end + 1)), `stream ${start}-${end}`).toBe(true);
          const again = (await storage.blobs.open({ blobId: '', parts }))!;
          const { bytes, ended } = await sent(again, start, end);
          expect(bytes.equals(whole.subarray(start, end + 1)), `send ${start}-${end}`).toBe(true);
          expect(ended).toBe(true);
        }
      }
    });

    it('an inline part deleted while its object is read is removed once the read is done', async () => {
      const bytes = randomBytes(2048);
      const parts = [{ blobId: await inlineBlob(bytes.subarray(0, 1024)), size: 1024 }, { blobId: await inlineBlob(bytes.subarray(1024)), size: 1024 }];
      const opened = (await storage.blobs.open({ blobId: '', parts }))!;
      await storage.blobs.delete(parts.map((part) => part.blobId));
      expect(inlineBlobIds(dir)).toHaveLength(2);
      expect((await readAll(opened.stream())).equals(bytes)).toBe(true);
      for (let i = 0; i < 200 && inlineBlobIds(dir).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(inlineBlobIds(dir)).toEqual([]);
    });

    it('a part that is gone fails the read with ENOENT, as a missing part file does', async () => {
      const parts = [{ blobId: 'i0123456789abcdef0123456789abcdef', size: 10 }];
      const opened = (await storage.blobs.open({ blobId: '', parts }))!;
      await expect(readAll(opened.stream())).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });
});
