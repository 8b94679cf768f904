/**
 * Writing a body to an open file while measuring it (size, MD5, CRC-64): the one loop every
 * streamed blob write goes through. Chunks are gathered into batches of {@link WRITE_BATCH} bytes,
 * each written with one `writev` on libuv's thread pool while the next batch is read and hashed
 * (at most one write in flight, so a slow disk slows the upload instead of filling memory). A
 * file WriteStream behind a `pipeline` did the same with more event-loop work per request, which
 * showed in UploadPart's cost (docs/performance.md).
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync, writevSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Crc64 } from '@ossbox/protocol';
import type { WrittenBlob } from './blob-store.js';

/** Thrown by a blob write when the body exceeds its `maxSize`. */
export class BlobSizeLimitError extends Error {
  override readonly name = 'BlobSizeLimitError';
}

/**
 * The JavaScript CRC-64: @ossbox/protocol's WebAssembly one hashes about twice as fast alone, but
 * raced side by side in this server it did not use less CPU per PUT (docs/performance.md).
 */
const CRC64_OPTIONS = { webAssembly: false };

/** Bytes gathered before one write. */
export const WRITE_BATCH = 1024 * 1024;

/** Write all of `chunks` at `position`, retrying what a short write left. */
async function writeAll(handle: FileHandle, chunks: Uint8Array[], position: number): Promise<void> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const { bytesWritten } = await handle.writev(chunks, position);
  if (bytesWritten === total) return;
  const rest = Buffer.concat(chunks).subarray(bytesWritten);
  for (let offset = 0; offset < rest.length; ) {
    const written = (await handle.write(rest, offset, rest.length - offset, position + bytesWritten + offset)).bytesWritten;
    if (written === 0) throw new Error(`no progress writing ${rest.length - offset} bytes`);
    offset += written;
  }
}

/**
 * Write `source` into `handle` from byte `position` on; resolves once every byte is written.
 * Throws {@link BlobSizeLimitError} past `maxSize` bytes, or the source's or the file's error
 * (the caller removes or truncates the file).
 */
export async function writeMeasured(
  source: AsyncIterable<Uint8Array>,
  handle: FileHandle,
  position: number,
  maxSize = Number.POSITIVE_INFINITY,
): Promise<Omit<WrittenBlob, 'blobId'>> {
  const md5 = createHash('md5');
  const crc = new Crc64(0n, CRC64_OPTIONS);
  let size = 0;
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await writing;
    writing = writeAll(handle, batch, position);
    // Handled here so a write failing while the next chunk is awaited is not an unhandled
    // rejection; the next flush (or the end) awaits it and throws.
    writing.catch(() => undefined);
    position += batchBytes;
    batch = [];
    batchBytes = 0;
  };
  try {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > maxSize) throw new BlobSizeLimitError(`body larger than ${maxSize} bytes`);
      md5.update(chunk);
      crc.update(chunk);
      batch.push(chunk);
      batchBytes += chunk.length;
      if (batchBytes >= WRITE_BATCH) await flush();
    }
    if (batchBytes > 0) await flush();
  } finally {
    // Never leave a write running on a file the caller is about to close or remove.
    await writing.catch(() => undefined);
  }
  await writing;
  return { size, md5: md5.digest(), crc64: crc.digest() };
}

/**
 * Read all of a small `source` into memory while measuring it (hashed as it arrives), for a body
 * that is stored in one synchronous step (file-blob-store.ts). With `into`, bytes are copied into
 * that buffer while they fit (the chunks themselves are then dropped at once) and the rest kept
 * as chunks after it. Throws {@link BlobSizeLimitError} past `maxSize` bytes.
 */
export async function gatherMeasured(
  source: AsyncIterable<Uint8Array>,
  maxSize = Number.POSITIVE_INFINITY,
  into?: Buffer,
): Promise<Omit<WrittenBlob, 'blobId'> & { chunks: Uint8Array[] }> {
  const md5 = createHash('md5');
  const crc = new Crc64(0n, CRC64_OPTIONS);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let filled = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > maxSize) throw new BlobSizeLimitError(`body larger than ${maxSize} bytes`);
    md5.update(chunk);
    crc.update(chunk);
    if (into && chunks.length === 0 && filled + chunk.length <= into.length) {
      into.set(chunk, filled);
      filled += chunk.length;
    } else chunks.push(chunk);
  }
  if (into) chunks.unshift(into.subarray(0, filled));
  return { chunks, size, md5: md5.digest(), crc64: crc.digest() };
}

/**
 * Create (or truncate) `path` and write `chunks` into it in one synchronous `writev`, the rest
 * with `write` if the kernel wrote short.
 */
function writeChunksSync(path: string, chunks: Uint8Array[]): void {
  const fd = openSync(path, 'w');
  try {
    const written = writevSync(fd, chunks, 0);
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    if (written === total) return;
    const rest = Buffer.concat(chunks).subarray(written);
    for (let offset = 0; offset < rest.length; ) {
      const more = writeSync(fd, rest, offset, rest.length - offset, written + offset);
      if (more === 0) throw new Error(`no progress writing ${rest.length - offset} bytes to ${path}`);
      offset += more;
    }
  } finally {
    closeSync(fd);
  }
}

/** Spare gathering buffers kept for {@link writeWholeMeasured} (more bodies at once allocate their own). */
const MAX_SPARE_BUFFERS = 8;
const spareBuffers: Buffer[] = [];

/**
 * Gather a body of at most {@link WRITE_BATCH} bytes while measuring it, then create `path` and
 * write it there in one synchronous step. The bytes are copied into a reused buffer as they
 * arrive rather than kept as the chunks they came in: Node's HTTP parser gives every chunk a
 * fresh ArrayBuffer, and chunks held until their body was whole lived long enough to be promoted,
 * so only V8's mark-compacts freed them (docs/performance.md). Throws {@link BlobSizeLimitError}
 * past `maxSize` bytes; nothing is written before the body is whole.
 */
export async function writeWholeMeasured(
  source: AsyncIterable<Uint8Array>,
  path: string,
  maxSize = Number.POSITIVE_INFINITY,
): Promise<Omit<WrittenBlob, 'blobId'>> {
  const buffer = spareBuffers.pop() ?? Buffer.allocUnsafeSlow(WRITE_BATCH);
  try {
    const { chunks, ...measured } = await gatherMeasured(source, maxSize, buffer);
    writeChunksSync(path, chunks);
    return measured;
  } finally {
    if (spareBuffers.length < MAX_SPARE_BUFFERS) spareBuffers.push(buffer);
  }
}
