import { open, truncate } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkPool, fileHandleRangeSource } from './upload-body.js';
import { randomFile, tempDir } from './test-support/setup.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir();
});
afterAll(async () => {
  await tmp.cleanup();
});

async function collect(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return chunks;
}

describe('fileHandleRangeSource', () => {
  it('streams exactly the range, in 512 KiB positional reads, and can be reopened (retries)', async () => {
    const { path, data } = await randomFile(tmp.dir, 'range.bin', 1_300_000);
    const handle = await open(path, 'r');
    try {
      const source = fileHandleRangeSource(handle, 100_000, 1_100_000);
      expect(source).toMatchObject({ replayable: true, length: 1_100_000 });
      const first = await collect(source.open());
      expect(first.map((c) => c.length)).toEqual([524_288, 524_288, 51_424]);
      expect(Buffer.concat(first).equals(data.subarray(100_000, 1_200_000))).toBe(true);
      expect(Buffer.concat(await collect(source.open())).equals(data.subarray(100_000, 1_200_000))).toBe(true);
      expect(await collect(fileHandleRangeSource(handle, 5, 0).open())).toEqual([]);
    } finally {
      await handle.close();
    }
  });

  it('fails instead of sending a short body when the file shrank', async () => {
    const { path } = await randomFile(tmp.dir, 'shrink.bin', 2000);
    const handle = await open(path, 'r');
    try {
      const source = fileHandleRangeSource(handle, 1000, 1000);
      await truncate(path, 1500);
      await expect(collect(source.open())).rejects.toThrow(/file ended 500 bytes early at offset 1500/);
    } finally {
      await handle.close();
    }
  });

  it('reuses read buffers only after recycle(), and only those of the last open', async () => {
    const { path, data } = await randomFile(tmp.dir, 'pool.bin', 600_000);
    const handle = await open(path, 'r');
    try {
      const pool = new ChunkPool(8);
      const a = fileHandleRangeSource(handle, 0, 600_000, pool);
      const aChunks: Buffer[] = [];
      for await (const chunk of a.open()) aChunks.push(chunk as Buffer);
      // Without recycle() the next part gets fresh buffers: a's bytes stay intact.
      const b = fileHandleRangeSource(handle, 0, 600_000, pool);
      const bChunks: Buffer[] = [];
      for await (const chunk of b.open()) bChunks.push(chunk as Buffer);
      expect(bChunks.every((chunk) => aChunks.every((other) => chunk.buffer !== other.buffer))).toBe(true);
      expect(Buffer.concat(aChunks).equals(data)).toBe(true);
      b.recycle();
      // The next part reads into one of b's buffers (b's request got its 2xx), with c's own bytes.
      const cChunks: Buffer[] = [];
      for await (const chunk of fileHandleRangeSource(handle, 100, 1000, pool).open()) cChunks.push(chunk as Buffer);
      expect(cChunks).toHaveLength(1);
      expect(bChunks.some((chunk) => chunk.buffer === cChunks[0]!.buffer)).toBe(true);
      expect(cChunks[0]!.equals(data.subarray(100, 1100))).toBe(true);
    } finally {
      await handle.close();
    }
  });
});

describe('ChunkPool', () => {
  it('keeps at most its capacity', () => {
    const pool = new ChunkPool(1);
    const [x, y] = [pool.take(), pool.take()];
    expect(x.length).toBe(512 * 1024);
    expect(x === y).toBe(false);
    pool.give([x, y]);
    expect(pool.take() === x).toBe(true);
    expect(pool.take() === y).toBe(false);
  });
});
