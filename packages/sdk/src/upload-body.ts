/**
 * Upload body sources. A source can open a fresh stream of its bytes as many times as needed
 * (files, Buffers, strings: retries re-read them) or exactly once (Node Readable, web
 * ReadableStream: never retried). Bodies always stream; a file is never read into memory.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Crc64 } from '@ossbox/protocol';
import { InvalidArgumentError } from './errors.js';

/** Anything an upload accepts as its content. */
export type UploadBody = string | Uint8Array | Readable | WebReadableStream<Uint8Array> | ReadableStream<Uint8Array>;

/**
 * The bytes of one request body: held in memory ({@link BytesSource}) or streamed
 * ({@link StreamSource}).
 */
export type BodySource = BytesSource | StreamSource;

/**
 * A body already in memory (a Buffer or string given to putObject, an XML document, a part that
 * resumableUpload read whole). The transport hands the bytes to the socket as they are: one
 * write, no stream and no copy; retries send the same bytes again.
 */
export interface BytesSource {
  readonly bytes: Uint8Array;
  /** CRC-64 of {@link bytes} when the caller has it already (computed as the part was read). */
  readonly crc64?: bigint;
  readonly replayable: true;
  readonly length: number;
}

/** A body read from a stream as it is sent. */
export interface StreamSource {
  /** Opens a stream of the bytes; one-shot sources throw on the second call. */
  open(): Readable;
  /** True when {@link open} can be called again (the request may be retried). */
  readonly replayable: boolean;
  /** Byte length when known up front (sent as Content-Length), else the body is chunked. */
  readonly length: number | undefined;
}

/**
 * File reads: bigger than fs's 64 KiB default. Each read is a thread-pool round trip and each chunk
 * a socket write; 512 KiB cut both eightfold (measured with e2e/bench) for ~1 MiB per stream in flight.
 */
const FILE_CHUNK = 512 * 1024;

/** A source over bytes in memory (never copied; see {@link BytesSource}). */
export function bytesSource(bytes: Uint8Array): BytesSource {
  return { bytes, replayable: true, length: bytes.byteLength };
}

/**
 * Slices of an in-memory body when its progress is reported: each slice is one socket write, and
 * undici asks for the next one only once the socket has taken the last (its `drain`), so the
 * count passed to `onBytes` is the bytes written. Without progress the body goes out whole.
 */
const PROGRESS_SLICE = 256 * 1024;

/** The bytes in {@link PROGRESS_SLICE} views, calling `onBytes(total)` as each one has been written. */
export function* progressSlices(bytes: Uint8Array, onBytes: (total: number) => void): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += PROGRESS_SLICE) {
    const slice = bytes.subarray(offset, offset + PROGRESS_SLICE);
    yield slice;
    onBytes(offset + slice.byteLength);
  }
}

/** A replayable source over a byte range `[start, start + length)` of a file. */
export function fileRangeSource(path: string, start: number, length: number): StreamSource {
  return {
    replayable: true,
    length,
    open: () =>
      length === 0 ? Readable.from([], { objectMode: false }) : createReadStream(path, { start, end: start + length - 1, highWaterMark: FILE_CHUNK }),
  };
}

/** Read buffers a stream may take from a {@link ChunkPool}; later chunks of a big part are plain allocations. */
const POOLED_CHUNKS_PER_STREAM = 4;

/**
 * Read buffers reused from one part to the next of an upload, instead of a fresh allocation per
 * chunk or part (GC work and peak RSS). Buffers come back only through {@link RecyclableSource.recycle}.
 */
export class ChunkPool {
  private readonly free: Buffer[] = [];

  /**
   * @param capacity Most buffers kept for reuse.
   * @param size Bytes per buffer; default the 512 KiB of a streamed file chunk.
   */
  constructor(
    private readonly capacity: number,
    readonly size = FILE_CHUNK,
  ) {}

  /** A buffer of {@link size} bytes. */
  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  /** Return buffers nothing reads any more. */
  give(buffers: readonly Buffer[]): void {
    for (const buffer of buffers) if (this.free.length < this.capacity) this.free.push(buffer);
  }
}

/**
 * Positional reads of `[start, start + length)` from an open file, in chunks of at most
 * {@link FILE_CHUNK}: no open/close per stream, which matters for resumableUpload's thousands
 * of parts over one shared handle. A file that ends early is an error, never a short body.
 */
class FileHandleRangeStream extends Readable {
  /** Pool buffers this stream handed out (returned by the source's recycle). */
  readonly pooled: Buffer[] = [];
  private position: number;
  private remaining: number;

  constructor(
    private readonly handle: FileHandle,
    start: number,
    length: number,
    private readonly pool: ChunkPool | undefined,
  ) {
    // One chunk buffered ahead of the one being sent.
    super({ highWaterMark: FILE_CHUNK });
    this.position = start;
    this.remaining = length;
  }

  private buffer(): Buffer {
    const size = Math.min(FILE_CHUNK, this.remaining);
    if (this.pool === undefined || this.pooled.length >= POOLED_CHUNKS_PER_STREAM) return Buffer.allocUnsafe(size);
    const buffer = this.pool.take();
    this.pooled.push(buffer);
    return buffer.subarray(0, size);
  }

  override _read(): void {
    if (this.remaining === 0) {
      this.push(null);
      return;
    }
    const buffer = this.buffer();
    this.handle.read(buffer, 0, buffer.length, this.position).then(
      ({ bytesRead }) => {
        if (bytesRead === 0) {
          this.destroy(new Error(`file ended ${this.remaining} bytes early at offset ${this.position}: it changed during the upload`));
          return;
        }
        this.position += bytesRead;
        this.remaining -= bytesRead;
        this.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
      },
      (err: unknown) => this.destroy(err as Error),
    );
  }
}

/** A part's body whose read buffers can be reused once its request has succeeded. */
export type RecyclableSource = BodySource & {
  /**
   * Give the read buffers back to the pool. Call it only
   * after a 2xx response to the request that sent them: the server has then received every byte
   * (OSS answers an upload after reading its whole Content-Length body), so no socket write can
   * still be reading them. After a failure the buffers are simply left to the GC.
   */
  recycle(): void;
};

/** A replayable source over `[start, start + length)` of a file the caller keeps open. */
export function fileHandleRangeSource(handle: FileHandle, start: number, length: number, pool?: ChunkPool): StreamSource & RecyclableSource {
  let last: FileHandleRangeStream | undefined;
  return {
    replayable: true,
    length,
    open: () => (last = new FileHandleRangeStream(handle, start, length, pool)),
    recycle: () => {
      if (last !== undefined) pool?.give(last.pooled);
      last = undefined;
    },
  };
}

/** A replayable source over a whole file; stats it for the length. */
export async function fileSource(path: string): Promise<StreamSource> {
  if (typeof path !== 'string' || path.length === 0) throw new InvalidArgumentError('file must be a path string', 'file');
  const info = await stat(path);
  if (!info.isFile()) throw new InvalidArgumentError(`${path} is not a regular file`, 'file');
  return fileRangeSource(path, 0, info.size);
}

function isWebStream(body: unknown): body is WebReadableStream<Uint8Array> {
  return typeof (body as { getReader?: unknown }).getReader === 'function';
}

/** Wrap any {@link UploadBody}; `length` is the caller's declared size for streams. */
export function bodySource(body: UploadBody, length?: number): BodySource {
  if (typeof body === 'string') return bytesSource(Buffer.from(body, 'utf8'));
  if (body instanceof Uint8Array) return bytesSource(body);
  let stream: Readable | undefined;
  if (body instanceof Readable) stream = body;
  else if (body !== null && typeof body === 'object' && isWebStream(body)) stream = Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  if (stream === undefined) {
    throw new InvalidArgumentError('body must be a string, Buffer/Uint8Array, Node Readable or web ReadableStream', 'body');
  }
  let used = false;
  const once = stream;
  return {
    replayable: false,
    length,
    open: () => {
      if (used) throw new InvalidArgumentError('a stream body can be sent only once', 'body');
      used = true;
      return once;
    },
  };
}

/**
 * Pass-through that computes CRC-64 and counts bytes as they go out, reporting the running
 * total (the upload progress hook).
 */
export class UploadMeter extends Transform {
  readonly crc = new Crc64();
  bytes = 0;
  private readonly onBytes: ((total: number) => void) | undefined;

  constructor(onBytes?: (total: number) => void) {
    super();
    this.onBytes = onBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.crc.update(chunk);
    this.bytes += chunk.length;
    this.onBytes?.(this.bytes);
    callback(null, chunk);
  }
}
