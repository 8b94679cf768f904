/**
 * resumableUpload's part bodies. A part of up to {@link MAX_BUFFERED_PART} bytes is read whole
 * into a buffer reused from part to part (one positional read from the shared file handle), its
 * CRC-64 computed once over that buffer (@ossbox/protocol's, WebAssembly), and the buffer handed to the socket as
 * one write: no stream, no per-chunk hashing or event-loop turn, no copy, and a retry re-sends
 * the same bytes without reading the file again. Memory is (`parallel` + 1) × part size: the parts
 * in flight and one read ahead (resumable-upload.ts). Bigger parts stream from the
 * file in 512 KiB chunks (CRC-64 on the way out), so memory stays near `parallel` × 2 MiB
 * whatever the part size.
 */
import type { FileHandle } from 'node:fs/promises';
import { crc64 } from '@ossbox/protocol';
import { InvalidArgumentError } from './errors.js';
import { ChunkPool, fileHandleRangeSource } from './upload-body.js';
import type { BytesSource, RecyclableSource } from './upload-body.js';

/** Largest part read whole into memory (8 MiB; the Go SDK v2 uploader's default part is 6 MiB). */
export const MAX_BUFFERED_PART = 8 * 1024 * 1024;

/** Fill `bytes` from `position` of the file; a file that ends early is an error, never a short part. */
async function readFully(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  for (let filled = 0; filled < bytes.length; ) {
    const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, position + filled);
    if (bytesRead === 0) {
      const message = `file ended ${bytes.length - filled} bytes early at offset ${position + filled}: it changed during the upload`;
      throw new InvalidArgumentError(message, 'file');
    }
    filled += bytesRead;
  }
}

/** Makes the body of each part of one upload from the file it keeps open. */
export class PartReader {
  private readonly pool: ChunkPool;
  private readonly buffered: boolean;

  /**
   * @param partSize Bytes per part (the last may be shorter).
   * @param buffers Part buffers in use at once (parts in flight and read ahead), kept for reuse.
   */
  constructor(
    private readonly handle: FileHandle,
    partSize: number,
    buffers: number,
  ) {
    this.buffered = partSize <= MAX_BUFFERED_PART;
    // Streamed parts take up to 4 pooled chunks each (see upload-body.ts).
    this.pool = this.buffered ? new ChunkPool(buffers, partSize) : new ChunkPool(buffers * 4);
  }

  /** The body of the part `[start, start + length)`; call its `recycle()` only after a 2xx. */
  async read(start: number, length: number): Promise<RecyclableSource> {
    if (!this.buffered) return fileHandleRangeSource(this.handle, start, length, this.pool);
    const buffer = this.pool.take();
    const bytes = buffer.subarray(0, length);
    try {
      await readFully(this.handle, bytes, start);
    } catch (err) {
      this.pool.give([buffer]);
      throw err;
    }
    const source: BytesSource = { bytes, crc64: crc64(bytes), replayable: true, length };
    // After a 2xx every attempt that sent these bytes is over: a failed earlier attempt's socket
    // was answered (or closed) before the retry, so at most it still flushes bytes the server
    // has already refused; overwriting them with the next part changes nothing it stores.
    return { ...source, recycle: () => this.pool.give([buffer]) };
  }
}
