/**
 * Reading a Multipart object across its part blobs (files, or inline rows for small parts), in
 * order, each part opened only when the read reaches it (a Range read starts in the part holding
 * its first byte). The parts are pinned from the open on (./blob-pins.ts), so an overwrite or
 * DeleteObject meanwhile defers their deletion until the reader is done.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { BlobPins } from './blob-pins.js';
import type { BlobSlice, OpenBlob } from './blob-store.js';
import { sendFileSlices } from './send-file-slices.js';

/** How the blob store reaches one part's bytes, and lets go of parts. */
export interface PartAccess {
  /** Bytes [start, end] of part `blobId`, streamed. */
  read(blobId: string, start: number, end: number): Iterable<Buffer> | AsyncIterable<Buffer>;
  /** Part `blobId` for {@link sendFileSlices}: its file opened, or its bytes when inline. */
  open(blobId: string): Promise<FileHandle | Buffer>;
  pins: BlobPins;
  /** Delete blobs whose deletion waited for the last reader. */
  remove(blobIds: string[]): Promise<void>;
  /** Read-ahead of a stream. */
  chunk: number;
}

/** Which bytes of which part make up bytes [start, end] of the concatenated parts. */
function partSlices(parts: readonly BlobSlice[], start: number, end: number): { blobId: string; start: number; end: number }[] {
  const slices = [];
  let offset = 0;
  for (const part of parts) {
    const last = offset + part.size - 1;
    if (part.size > 0 && last >= start) {
      slices.push({ blobId: part.blobId, start: Math.max(start, offset) - offset, end: Math.min(end, last) - offset });
    }
    offset += part.size;
    if (offset > end) break;
  }
  return slices;
}

/** Open a Multipart object: pin its parts now, read them when streamed or sent. */
export function openParts(parts: readonly BlobSlice[], access: PartAccess): OpenBlob {
  const ids = parts.map((part) => part.blobId);
  access.pins.pin(ids);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    // Deferred deletes are best effort: a blob left behind is removed by the next start's sweep.
    void access.remove(access.pins.unpin(ids)).catch(() => undefined);
  };
  async function* readSlices(start: number, end: number): AsyncGenerator<Buffer> {
    for (const slice of partSlices(parts, start, end)) yield* access.read(slice.blobId, slice.start, slice.end);
  }
  let streamed = false;
  const total = parts.reduce((sum, part) => sum + part.size, 0);
  return {
    stream(start = 0, end = total - 1) {
      streamed = true;
      const stream = Readable.from(readSlices(start, end), { objectMode: false, highWaterMark: access.chunk });
      stream.once('close', release);
      return stream;
    },
    async send(res, start, end) {
      streamed = true;
      try {
        const slices = partSlices(parts, start, end).map((slice) => ({ ...slice, open: () => access.open(slice.blobId) }));
        await sendFileSlices(res, slices);
      } finally {
        release();
      }
    },
    async close() {
      // A stream releases the parts when it closes.
      if (!streamed) release();
    },
  };
}
