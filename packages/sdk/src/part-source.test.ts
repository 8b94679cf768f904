import { open, truncate } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc64 } from '@ossbox/protocol';
import { InvalidArgumentError } from './errors.js';
import { MAX_BUFFERED_PART, PartReader } from './part-source.js';
import type { BytesSource } from './upload-body.js';
import { randomFile, tempDir } from './test-support/setup.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir();
});
afterAll(async () => {
  await tmp.cleanup();
});

async function withFile<T>(name: string, size: number, use: (handle: FileHandle, data: Buffer, path: string) => Promise<T>): Promise<T> {
  const { path, data } = await randomFile(tmp.dir, name, size);
  const handle = await open(path, 'r');
  try {
    return await use(handle, data, path);
  } finally {
    await handle.close();
  }
}

describe('PartReader', () => {
  it('reads a part whole, with its CRC-64, as an in-memory body', async () => {
    await withFile('whole.bin', 250_000, async (handle, data) => {
      const reader = new PartReader(handle, 100_000, 2);
      const last = (await reader.read(200_000, 50_000)) as BytesSource;
      expect(last).toMatchObject({ replayable: true, length: 50_000 });
      expect(Buffer.from(last.bytes).equals(data.subarray(200_000))).toBe(true);
      expect(last.crc64).toBe(crc64(data.subarray(200_000)));
    });
  });

  it('reuses a part buffer only after recycle(), for another part with its own bytes', async () => {
    await withFile('reuse.bin', 300_000, async (handle, data) => {
      const reader = new PartReader(handle, 100_000, 1);
      const a = (await reader.read(0, 100_000)) as BytesSource & { recycle(): void };
      const b = (await reader.read(100_000, 100_000)) as BytesSource;
      // Not recycled: b has a buffer of its own and a's bytes are intact.
      expect(b.bytes.buffer === a.bytes.buffer).toBe(false);
      expect(Buffer.from(a.bytes).equals(data.subarray(0, 100_000))).toBe(true);
      a.recycle();
      const c = (await reader.read(200_000, 100_000)) as BytesSource;
      expect(c.bytes.buffer === a.bytes.buffer).toBe(true);
      expect(Buffer.from(c.bytes).equals(data.subarray(200_000))).toBe(true);
      expect(c.crc64).toBe(crc64(data.subarray(200_000)));
    });
  });

  it('fails with InvalidArgumentError, never a short part, when the file ended early', async () => {
    await withFile('short.bin', 3000, async (handle, _data, path) => {
      const reader = new PartReader(handle, 1000, 1);
      await truncate(path, 2500);
      const err = await reader.read(2000, 1000).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message).toMatch(/file ended 500 bytes early at offset 2500/);
    });
  });

  it(`streams parts over ${MAX_BUFFERED_PART / 1024 / 1024} MiB instead of holding them in memory`, async () => {
    await withFile('big.bin', 1000, async (handle, data) => {
      const reader = new PartReader(handle, MAX_BUFFERED_PART + 1, 1);
      const source = await reader.read(0, 1000);
      expect('bytes' in source).toBe(false);
      const chunks: Buffer[] = [];
      for await (const chunk of (source as { open(): AsyncIterable<Buffer> }).open()) chunks.push(chunk);
      expect(Buffer.concat(chunks).equals(data)).toBe(true);
    });
  });
});
