import { randomBytes } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/harness.js';
import type { BlobStore } from './blob-store.js';
import { MissingBlobError, openFileBlobStore } from './file-blob-store.js';

describe('file blob store: concat', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let blobs: BlobStore;
  beforeEach(async () => {
    ({ dir, remove } = await tempDir());
    blobs = await openFileBlobStore(dir);
  });
  afterEach(async () => {
    await remove();
  });

  async function stored(bytes: Buffer): Promise<string> {
    const blob = await blobs.write(Readable.from([bytes]));
    await blob.commit();
    return blob.blobId;
  }

  async function readAll(blobId: string): Promise<Buffer | undefined> {
    const blob = await blobs.open(blobId);
    if (!blob) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of blob.stream()) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  it('copies the slices in order, only their first `size` bytes, and is readable only after commit', async () => {
    // Larger than the 1 MiB copy buffer, so one slice takes several reads.
    const big = randomBytes(2.5 * 1024 * 1024);
    const small = Buffer.from('small part');
    const grown = Buffer.from('recorded|not recorded');
    const empty = Buffer.alloc(0);
    const ids = [await stored(big), await stored(empty), await stored(small), await stored(grown)];
    const staged = await blobs.concat([
      { blobId: ids[0]!, size: big.length },
      { blobId: ids[1]!, size: 0 },
      { blobId: ids[2]!, size: small.length },
      { blobId: ids[3]!, size: 'recorded'.length },
    ]);
    const expected = Buffer.concat([big, small, Buffer.from('recorded')]);
    expect(staged.size).toBe(expected.length);
    expect(await blobs.open(staged.blobId)).toBeUndefined();
    await staged.commit();
    expect((await readAll(staged.blobId))?.equals(expected)).toBe(true);
    // The sources are untouched.
    expect((await readAll(ids[2]!))?.equals(small)).toBe(true);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it('throws MissingBlobError naming a source that is gone, leaving no temp file', async () => {
    const present = await stored(Buffer.from('here'));
    const gone = await stored(Buffer.from('gone'));
    await blobs.delete([gone]);
    const attempt = blobs.concat([
      { blobId: present, size: 4 },
      { blobId: gone, size: 4 },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(MissingBlobError);
    await expect(attempt).rejects.toMatchObject({ blobId: gone });
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it('refuses a source shorter than its recorded size instead of producing a short object', async () => {
    const id = await stored(Buffer.from('short'));
    await expect(blobs.concat([{ blobId: id, size: 10 }])).rejects.toThrow(/shorter than its recorded 10 bytes/);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it('discard removes the staged file', async () => {
    const id = await stored(Buffer.from('bytes'));
    const staged = await blobs.concat([{ blobId: id, size: 5 }]);
    expect(await readdir(join(dir, 'tmp'))).toEqual([staged.blobId]);
    await staged.discard();
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });
});

describe('file blob store: commit failures', () => {
  it('removes the temp file when the commit cannot put the blob in place', async () => {
    const { dir, remove } = await tempDir();
    try {
      const blobs = await openFileBlobStore(dir);
      const blob = await blobs.write(Readable.from([Buffer.from('bytes')]));
      expect(await readdir(join(dir, 'tmp'))).toEqual([blob.blobId]);
      // The shard directory cannot be created where a file stands: the commit fails (ENOTDIR/EEXIST).
      await rm(join(dir, 'blobs'), { recursive: true });
      await writeFile(join(dir, 'blobs'), 'not a directory');
      await expect(blob.commit()).rejects.toThrow();
      expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    } finally {
      await remove();
    }
  });
});

