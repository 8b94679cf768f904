import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CheckpointWriter, readCheckpoint, writeCheckpoint } from './checkpoint.js';
import type { CheckpointData } from './checkpoint.js';
import { CheckpointError } from './errors.js';
import { tempDir } from './test-support/setup.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir();
});
afterAll(async () => {
  await tmp.cleanup();
});

const state = (parts: number): CheckpointData => ({
  version: 1,
  uploadId: '0123456789ABCDEF0123456789ABCDEF',
  bucket: 'b',
  key: 'k',
  file: '/data/f.bin',
  fileSize: 10_000,
  fileMtimeMs: 1,
  partSize: 100,
  parts: Array.from({ length: parts }, (_, i) => ({ number: parts - i, etag: `E${parts - i}`, crc64: String(i), size: 100 })),
});
const partsOnDisk = async (path: string) => (await readCheckpoint(path))?.parts.map((p) => p.number);

describe('checkpoint file', () => {
  it('round-trips, and detects an edit through its md5', async () => {
    const path = join(tmp.dir, 'rt.cpt');
    await writeCheckpoint(path, state(2));
    expect(await readCheckpoint(path)).toEqual(state(2));
    const edited = (await readFile(path, 'utf8')).replace('"fileSize":10000', '"fileSize":10001');
    await writeFile(path, edited);
    await expect(readCheckpoint(path)).rejects.toBeInstanceOf(CheckpointError);
    expect(await readCheckpoint(join(tmp.dir, 'missing.cpt'))).toBeUndefined();
  });
});

describe('CheckpointWriter', () => {
  it('writes the first state at once, then at most once per interval, coalescing to the newest', async () => {
    const path = join(tmp.dir, 'throttle.cpt');
    const writer = new CheckpointWriter(path, 60_000);
    writer.save(state(1));
    for (let n = 2; n <= 50; n++) writer.save(state(n));
    // Let the first write land: the 49 later saves wait for the interval instead of hitting the disk.
    await vi.waitFor(async () => expect(await partsOnDisk(path)).toEqual([1]));
    await new Promise((done) => setTimeout(done, 50));
    expect(await partsOnDisk(path)).toEqual([1]);
    // flush() does not wait for the interval and writes only the newest state, sorted by part.
    await writer.flush();
    expect(await partsOnDisk(path)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('writes again once the interval has passed', async () => {
    const path = join(tmp.dir, 'interval.cpt');
    const writer = new CheckpointWriter(path, 20);
    writer.save(state(1));
    writer.save(state(2));
    await vi.waitFor(async () => expect(await partsOnDisk(path)).toEqual([1, 2]), { timeout: 2000 });
    await writer.flush();
  });

  it('remove() cancels a pending write and deletes the file', async () => {
    const path = join(tmp.dir, 'remove.cpt');
    const writer = new CheckpointWriter(path, 60_000);
    writer.save(state(1));
    writer.save(state(2));
    await writer.remove();
    expect(existsSync(path)).toBe(false);
    await new Promise((done) => setTimeout(done, 20));
    expect(existsSync(path)).toBe(false);
  });

  it('flush() rethrows a failed write', async () => {
    const writer = new CheckpointWriter(join(tmp.dir, 'no-such-dir', 'x.cpt'));
    writer.save(state(1));
    await expect(writer.flush()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
