import { createHash, randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { open, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crc64 } from '@ossbox/protocol';
import { tempDir } from '../test-support/harness.js';
import { BlobSizeLimitError, WRITE_BATCH, writeMeasured, writeWholeMeasured } from './measured-write.js';

/** `body` in chunks of `size` bytes (the last one shorter). */
function* chunked(body: Buffer, size: number): Generator<Buffer> {
  for (let offset = 0; offset < body.length; offset += size) yield body.subarray(offset, offset + size);
}

async function* source(chunks: Iterable<Buffer>, failWith?: Error): AsyncGenerator<Buffer> {
  yield* chunks;
  if (failWith) throw failWith;
}

describe('writeMeasured', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let handle: FileHandle | undefined;
  beforeEach(async () => {
    ({ dir, remove } = await tempDir());
  });
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    await remove();
  });

  it('writes every byte in order and measures size, MD5 and CRC-64, across several write batches', async () => {
    const body = randomBytes(3 * 1024 * 1024 + 12_345);
    const path = join(dir, 'blob');
    handle = await open(path, 'w');
    const measured = await writeMeasured(source(chunked(body, 65_537)), handle, 0);
    expect(measured).toEqual({ size: body.length, md5: createHash('md5').update(body).digest(), crc64: crc64(body) });
    expect((await readFile(path)).equals(body)).toBe(true);
  });

  it('writes from a position on, measuring only the new bytes (AppendObject)', async () => {
    const path = join(dir, 'blob');
    await writeFile(path, 'head:');
    handle = await open(path, 'r+');
    const tail = randomBytes(1024 * 1024 + 3);
    const measured = await writeMeasured(source(chunked(tail, 4096)), handle, 5);
    expect(measured.crc64).toBe(crc64(tail));
    expect((await readFile(path)).equals(Buffer.concat([Buffer.from('head:'), tail]))).toBe(true);
  });

  it('stops with BlobSizeLimitError past maxSize', async () => {
    handle = await open(join(dir, 'blob'), 'w');
    const body = randomBytes(3 * 1024 * 1024);
    await expect(writeMeasured(source(chunked(body, 65_536)), handle, 0, 2 * 1024 * 1024)).rejects.toBeInstanceOf(BlobSizeLimitError);
  });

  it("rejects with the source's error", async () => {
    handle = await open(join(dir, 'blob'), 'w');
    const cut = new Error('client went away');
    await expect(writeMeasured(source(chunked(randomBytes(2 * 1024 * 1024), 65_536), cut), handle, 0)).rejects.toBe(cut);
  });

  it('finishes short writes, one write at a time, and rejects with a write error, with no write left running', async () => {
    const file = Buffer.alloc(2 * 1024 * 1024 + 10);
    let running = 0;
    let mostRunning = 0;
    let failAt = Number.POSITIVE_INFINITY;
    // writev writes at most 100 kB and write at most 300 kB per call, so every batch is finished
    // by the retry loop.
    const write = async (bytes: Buffer, position: number, most: number) => {
      running++;
      mostRunning = Math.max(mostRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
      if (position >= failAt) throw Object.assign(new Error('EIO'), { code: 'EIO' });
      const n = Math.min(most, bytes.length);
      bytes.copy(file, position, 0, n);
      return n;
    };
    const fake = {
      writev: async (chunks: Uint8Array[], position: number) => ({ bytesWritten: await write(Buffer.concat(chunks), position, 100_000) }),
      write: async (buffer: Buffer, offset: number, length: number, position: number) => ({
        bytesWritten: await write(buffer.subarray(offset, offset + length), position, 300_000),
      }),
    } as unknown as FileHandle;
    const body = randomBytes(2 * 1024 * 1024 + 10);
    expect((await writeMeasured(source(chunked(body, 65_536)), fake, 0)).size).toBe(body.length);
    expect(file.equals(body)).toBe(true);
    // One write at a time: the next batch waits for the running one.
    expect(mostRunning).toBe(1);

    failAt = 1024 * 1024;
    await expect(writeMeasured(source(chunked(body, 65_536)), fake, 0)).rejects.toMatchObject({ code: 'EIO' });
    expect(running).toBe(0);
  });
});

describe('writeWholeMeasured', () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, remove } = await tempDir());
  });
  afterEach(async () => {
    await remove();
  });

  it('writes bodies gathered at the same time in reused buffers, each byte for byte, one longer than a batch too', async () => {
    const bodies = [randomBytes(WRITE_BATCH), randomBytes(WRITE_BATCH - 7), randomBytes(WRITE_BATCH + 65_536 + 3), Buffer.alloc(0)];
    // Twice, so the second round gathers into the buffers the first gave back.
    for (let round = 0; round < 2; round++) {
      const written = await Promise.all(
        bodies.map((body, i) => writeWholeMeasured(source(chunked(body, 16_384 + i)), join(dir, `${round}-${i}`))),
      );
      for (const [i, body] of bodies.entries()) {
        expect(written[i]).toEqual({ size: body.length, md5: createHash('md5').update(body).digest(), crc64: crc64(body) });
        expect((await readFile(join(dir, `${round}-${i}`))).equals(body), `round ${round} body ${i}`).toBe(true);
      }
    }
  });

  it('writes nothing when the body fails or passes maxSize', async () => {
    const cut = new Error('client went away');
    await expect(writeWholeMeasured(source(chunked(randomBytes(100_000), 4096), cut), join(dir, 'cut'))).rejects.toBe(cut);
    await expect(writeWholeMeasured(source(chunked(randomBytes(100_000), 4096)), join(dir, 'big'), 50_000)).rejects.toBeInstanceOf(BlobSizeLimitError);
    expect(await readdir(dir)).toEqual([]);
  });
});
