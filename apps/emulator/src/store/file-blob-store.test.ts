import { randomBytes } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/harness.js';
import type { BlobStore } from './blob-store.js';
import { openStorage } from './storage.js';
import type { Storage } from './storage.js';

/** Poll `condition` until it holds (deferred deletes run in the background). */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await condition()); i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(await condition()).toBe(true);
}

describe('file blob store', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let storage: Storage;
  let blobs: BlobStore;
  beforeEach(async () => {
    ({ dir, remove } = await tempDir());
    storage = await openStorage(dir);
    blobs = storage.blobs;
  });
  afterEach(async () => {
    storage.close();
    await remove();
  });

  describe('objects stored as parts', () => {
    async function stored(bytes: Buffer): Promise<string> {
      const blob = await blobs.write(Readable.from([bytes]));
      await blob.commit();
      return blob.blobId;
    }

    async function readAll(stream: Readable): Promise<Buffer> {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    }

    const blobFiles = async () =>
      (await readdir(join(dir, 'blobs'), { recursive: true })).filter((name) => name.length > 2);

    it('reads the parts in order, only their first `size` bytes, with every range across part boundaries', async () => {
      // Larger than the 256 KiB read chunk, so one part takes several reads.
      const big = randomBytes(600 * 1024);
      const small = Buffer.from('small part');
      const grown = Buffer.from('recorded|not recorded');
      const parts = [
        { blobId: await stored(big), size: big.length },
        { blobId: await stored(Buffer.alloc(0)), size: 0 },
        { blobId: await stored(small), size: small.length },
        { blobId: await stored(grown), size: 'recorded'.length },
      ];
      const expected = Buffer.concat([big, small, Buffer.from('recorded')]);
      const opened = (await blobs.open({ blobId: '', parts }))!;
      expect((await readAll(opened.stream())).equals(expected)).toBe(true);
      const boundaries = [
        0,
        1,
        big.length - 1,
        big.length,
        big.length + 1,
        big.length + small.length - 1,
        big.length + small.length,
        expected.length - 1,
      ];
      for (const start of boundaries) {
        for (const end of boundaries.filter((e) => e >= start)) {
          const part = (await blobs.open({ blobId: '', parts }))!;
          const read = await readAll(part.stream(start, end));
          expect(read.equals(expected.subarray(start, end + 1)), `bytes ${start}-${end}`).toBe(true);
        }
      }
    });

    it('a part deleted while an open object is read is removed only when the read is done', async () => {
      const bytes = randomBytes(1024 * 1024);
      const parts = [
        { blobId: await stored(bytes.subarray(0, 512 * 1024)), size: 512 * 1024 },
        { blobId: await stored(bytes.subarray(512 * 1024)), size: 512 * 1024 },
      ];
      const opened = (await blobs.open({ blobId: '', parts }))!;
      // The object is overwritten or deleted before its reader reaches the parts.
      await blobs.delete(parts.map((p) => p.blobId));
      expect(await blobFiles()).toHaveLength(2);
      const stream = opened.stream();
      expect((await readAll(stream)).equals(bytes)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      await waitFor(async () => (await blobFiles()).length === 0);
    });

    it('closing an open object that was never streamed lets deferred deletes run', async () => {
      const parts = [{ blobId: await stored(Buffer.from('bytes')), size: 5 }];
      const opened = (await blobs.open({ blobId: '', parts }))!;
      await blobs.delete([parts[0]!.blobId]);
      expect(await blobFiles()).toHaveLength(1);
      await opened.close();
      await waitFor(async () => (await blobFiles()).length === 0);
    });
  });
});

describe('file blob store: commit failures', () => {
  it('removes the temp file when the commit cannot put the blob in place', async () => {
    const { dir, remove } = await tempDir();
    const { blobs, close } = await openStorage(dir);
    try {
      const blob = await blobs.write(Readable.from([Buffer.from('bytes')]));
      expect(await readdir(join(dir, 'tmp'))).toEqual([blob.blobId]);
      // The shard directory cannot be created where a file stands: the commit fails (ENOTDIR/EEXIST).
      await rm(join(dir, 'blobs'), { recursive: true });
      await writeFile(join(dir, 'blobs'), 'not a directory');
      await expect(blob.commit()).rejects.toThrow();
      expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    } finally {
      close();
      await remove();
    }
  });
});
