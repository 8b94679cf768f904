import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEND_CHUNK, sendFileSlices } from './send-file-slices.js';
import type { FileSlice } from './send-file-slices.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'send-slices-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A response stand-in that records what it got; `hold` keeps write callbacks until released. */
class Sink extends Writable {
  readonly chunks: Buffer[] = [];
  readonly held: (() => void)[] = [];
  ended = false;
  maxHeld = 0;
  constructor(private readonly hold = false) {
    super({ highWaterMark: 1 });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    // Copied: the sender reuses its buffers once a write is done.
    this.chunks.push(Buffer.from(chunk));
    if (!this.hold) return callback();
    this.held.push(() => callback());
    this.maxHeld = Math.max(this.maxHeld, this.held.length);
  }
  override _final(callback: () => void): void {
    this.ended = true;
    callback();
  }
  body(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Files with random bytes, and a record of which handles were opened and closed. */
async function files(sizes: number[]) {
  const contents: Buffer[] = [];
  const paths: string[] = [];
  for (const [i, size] of sizes.entries()) {
    const bytes = randomBytes(size);
    const path = join(dir, `f${i}`);
    await writeFile(path, bytes);
    contents.push(bytes);
    paths.push(path);
  }
  const handles = { opened: 0, closed: 0 };
  const slice = (i: number, start: number, end: number): FileSlice => ({
    start,
    end,
    async open() {
      const handle = await open(paths[i]!, 'r');
      handles.opened++;
      const close = handle.close.bind(handle);
      handle.close = async () => {
        handles.closed++;
        await close();
      };
      return handle;
    },
  });
  return { contents, slice, handles };
}

describe('sendFileSlices', () => {
  it('sends the slices in order, byte for byte, and ends the response', async () => {
    const { contents, slice, handles } = await files([SEND_CHUNK * 2 + 17, 5, SEND_CHUNK + 3]);
    const sink = new Sink();
    await sendFileSlices(sink, [slice(0, 10, SEND_CHUNK * 2 + 16), slice(1, 0, 4), slice(2, 0, 100)]);
    await new Promise((resolve) => sink.once('finish', resolve));
    const expected = Buffer.concat([contents[0]!.subarray(10), contents[1]!, contents[2]!.subarray(0, 101)]);
    expect(sink.body().equals(expected)).toBe(true);
    expect(sink.ended).toBe(true);
    expect(handles).toEqual({ opened: 3, closed: 3 });
  });

  it('keeps at most 4 reads in flight for a response that does not drain', async () => {
    const { contents, slice } = await files([SEND_CHUNK * 10]);
    const sink = new Sink(true);
    const sending = sendFileSlices(sink, [slice(0, 0, SEND_CHUNK * 10 - 1)]);
    // Release held writes one at a time until everything is through.
    for (let i = 0; i < 200 && !sink.ended; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      sink.held.shift()?.();
    }
    await sending;
    while (sink.held.length > 0) sink.held.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sink.body().equals(contents[0]!)).toBe(true);
    // The sink holds each chunk until released; the sender never got ahead by more than 4 buffers.
    expect(sink.maxHeld).toBeGreaterThan(0);
    expect(sink.maxHeld).toBeLessThanOrEqual(4);
  });

  it('stops without ending and closes the file when the response closes mid-way (client gone, cut fault)', async () => {
    const { slice, handles } = await files([SEND_CHUNK * 8, SEND_CHUNK]);
    const sink = new Sink(true);
    const sending = sendFileSlices(sink, [slice(0, 0, SEND_CHUNK * 8 - 1), slice(1, 0, SEND_CHUNK - 1)]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Held writes are never released, as when a fault cut the connection; then it closes.
    sink.destroy();
    await sending;
    expect(sink.ended).toBe(false);
    expect(sink.body().length).toBeLessThan(SEND_CHUNK * 8);
    expect(handles).toEqual({ opened: 1, closed: 1 });
  });

  it('rejects when a file is shorter than its slice, after closing it', async () => {
    const { slice, handles } = await files([1000]);
    const sink = new Sink();
    await expect(sendFileSlices(sink, [slice(0, 0, 1999)])).rejects.toThrow(/1000 bytes early/);
    expect(sink.ended).toBe(false);
    expect(handles).toEqual({ opened: 1, closed: 1 });
  });
});
