/**
 * Sending stored bytes to a response through a few reused buffers: the one loop GetObject's body
 * goes through.
 *
 * A file ReadStream piped into the response allocates a new 256 KiB buffer for every read, so a
 * 256 MiB GET made ~1000 short-lived external allocations. In an emulator that had just taken a
 * large PUT, V8 answered that pressure with a full mark-compact every few reads (12 per 256 MiB
 * GET in `--trace-gc`), and the GET cost the emulator 2-3x the CPU of a bare `node:http` file
 * server. Here at most {@link BUFFERS} buffers exist per response, and a buffer is read into again
 * only once the response has handed its previous bytes to the socket (the write callback), which
 * also bounds what a slow client can make the emulator hold.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';

/** Bytes read and written per step. */
export const SEND_CHUNK = 256 * 1024;

/** Buffers in flight per response (read-ahead while earlier bytes are on their way out). */
const BUFFERS = 4;

/**
 * Bytes [start, end] (inclusive) of one file. `open` is called when the send reaches it; it gives
 * the file, or the blob's bytes when they are in memory already (an inline blob, ./inline-blobs.ts).
 */
export interface FileSlice {
  open(): Promise<FileHandle | Buffer>;
  start: number;
  end: number;
}

/**
 * Write every slice's bytes to `res` in order, then end it. Resolves early, without ending, if
 * the response closes first (a client that went away, or a fault that cut the connection).
 * Throws a read error, or when a file is shorter than its slice (the caller destroys the
 * response, so the client sees a short body rather than wrong bytes).
 */
export async function sendFileSlices(res: Writable, slices: readonly FileSlice[]): Promise<void> {
  const total = slices.reduce((sum, slice) => sum + Math.max(0, slice.end - slice.start + 1), 0);
  let gone = res.destroyed;
  let wake: (() => void) | undefined;
  const wakeUp = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const onClose = () => {
    gone = true;
    wakeUp();
  };
  res.once('close', onClose);
  const free: Buffer[] = [];
  let allocated = 0;
  /** A buffer to read into, once one is free; undefined once the response is gone. */
  const nextBuffer = async (): Promise<Buffer | undefined> => {
    for (;;) {
      if (gone) return undefined;
      const reused = free.pop();
      if (reused) return reused;
      if (allocated < BUFFERS) {
        allocated++;
        return Buffer.allocUnsafeSlow(Math.min(SEND_CHUNK, total));
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  try {
    for (const slice of slices) {
      const opened = await slice.open();
      if (Buffer.isBuffer(opened)) {
        if (opened.length <= slice.end) throw new Error(`stored blob ended ${slice.end + 1 - opened.length} bytes early`);
        if (gone) return;
        // Already in memory: wait only when the response is backed up (many small parts).
        if (!res.write(opened.subarray(slice.start, slice.end + 1)) && !gone) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            res.once('drain', wakeUp);
          });
          res.off('drain', wakeUp);
        }
        continue;
      }
      const handle = opened;
      try {
        for (let position = slice.start; position <= slice.end; ) {
          const buffer = await nextBuffer();
          if (!buffer) return;
          const length = Math.min(buffer.length, slice.end - position + 1);
          const { bytesRead } = await handle.read(buffer, 0, length, position);
          if (bytesRead === 0) throw new Error(`stored file ended ${slice.end - position + 1} bytes early`);
          position += bytesRead;
          if (gone) return;
          res.write(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead), () => {
            free.push(buffer);
            wakeUp();
          });
        }
      } finally {
        await handle.close();
      }
    }
    if (!gone) res.end();
  } finally {
    res.off('close', onClose);
  }
}
