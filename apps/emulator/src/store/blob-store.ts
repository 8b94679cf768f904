/**
 * The byte side of the emulator's storage. Blobs are immutable byte strings named by random ids:
 * files, written to a temp file first and renamed into place once complete, or, for small bodies,
 * rows of the SQLite database (./file-blob-store.ts, ./inline-blobs.ts).
 */
import type { Readable, Writable } from 'node:stream';
import type { SwapResult } from './metadata-store.js';

/** What streaming a body into a blob measured. */
export interface WrittenBlob {
  blobId: string;
  size: number;
  /** Raw MD5 digest of the bytes. */
  md5: Buffer;
  /** CRC-64/ECMA of the bytes. */
  crc64: bigint;
}

/** Bytes stored (in a temp file, or already in place when small), not yet part of any object. */
export interface StagedBlob {
  blobId: string;
  size: number;
  /**
   * Put the bytes in place (rename the temp file); after this the blob id is readable. On failure
   * the temp file is removed.
   */
  commit(): Promise<void>;
  /** Delete the staged bytes. */
  discard(): Promise<void>;
}

/** A received body, staged and measured. */
export interface PendingBlob extends StagedBlob, WrittenBlob {}

/** The first `size` bytes of a committed blob. */
export interface BlobSlice {
  blobId: string;
  size: number;
}

/**
 * Where an object's bytes are: one blob (`blobId`), or the concatenation of `parts` (a Multipart
 * object, whose `blobId` is then `''`). An ObjectRecord is one.
 */
export interface BlobContent {
  blobId: string;
  parts?: readonly BlobSlice[];
}

/** An open blob (or list of parts), readable even if it is deleted meanwhile. */
export interface OpenBlob {
  /** Stream bytes [start, end] inclusive; the stream closes the descriptor when done. */
  stream(start?: number, end?: number): Readable;
  /**
   * Write bytes [start, end] inclusive to `res` and end it (./send-file-slices.ts: reused buffers,
   * so a large GET makes no garbage per chunk); resolves without ending `res` if it closes first.
   * Releases the blob like a finished stream.
   */
  send(res: Writable, start: number, end: number): Promise<void>;
  close(): Promise<void>;
}

/** Limits for streaming a body into a blob. */
export interface BlobWriteOptions {
  /** Fail with BlobSizeLimitError past this many bytes. */
  maxSize?: number;
  /**
   * The body's announced size (`Content-Length`), when known and exact. A small body is then
   * gathered in memory and stored inline in SQLite instead of streamed into a file
   * (file-blob-store.ts).
   */
  expectedSize?: number;
  /**
   * The blob will grow by {@link BlobStore.append} (the first AppendObject): it is kept in a file
   * whatever its size, since only files grow in place.
   */
  appendable?: boolean;
}

/** Stores object and part bytes. */
export interface BlobStore {
  /**
   * Stream `source` into a temp file (or, small with a known size, an inline row) while hashing it.
   * `maxSize` bounds the body; on any error (including a client that disconnects) what was
   * written is removed and the error rethrown. The blob is readable only after `commit()`, and a
   * blob no row points at is removed at the next start.
   */
  write(source: AsyncIterable<Uint8Array> | Readable, options?: BlobWriteOptions): Promise<PendingBlob>;
  /**
   * Open an object's bytes for reading; undefined when its single blob does not exist (deleted
   * concurrently). Part blobs are pinned from the call on (synchronously, so a caller that just
   * read the row holds them before any other request runs): {@link BlobStore.delete} of a pinned
   * blob waits until the reader is done.
   */
  open(content: BlobContent): Promise<OpenBlob | undefined>;
  /**
   * AppendObject: cut the blob back to `offset` bytes (dropping what a crashed append may have
   * left) and stream `source` onto its end, hashing the appended bytes. On any error the blob is
   * cut back to `offset` again. Readers that stop at the recorded size are unaffected. Only a blob
   * written with `appendable` can grow; an inline blob throws.
   */
  append(
    blobId: string,
    offset: number,
    source: AsyncIterable<Uint8Array> | Readable,
    options?: BlobWriteOptions,
  ): Promise<Omit<WrittenBlob, 'blobId'>>;
  /** Cut a blob back to `size` bytes (undo an append that failed a later check). */
  truncate(blobId: string, size: number): Promise<void>;
  /**
   * Make `blob` what a metadata row points at: commit it, run `swap` (the metadata write that
   * points the row at it and returns the blobs no row refers to any more, or a refusal: a string
   * or undefined), then delete the freed blobs, or `blob` itself when `swap` refused. Returns what
   * `swap` returned. For an inline blob the row insert, `swap` and the delete of the freed inline
   * rows are one SQLite transaction (all or nothing; freed files are unlinked after it); for a
   * file, the rename, `swap` and the deletes follow one another, each crash point between them
   * leaving only blobs the start-up sweep removes. If `swap` throws, an inline blob is dropped
   * and a file stays until the sweep.
   */
  install<R extends string | undefined>(blob: PendingBlob, swap: () => SwapResult | R): Promise<SwapResult | R>;
  /** Delete blobs, ignoring ones already gone; pinned part blobs go when their last reader is done. */
  delete(blobIds: Iterable<string>): Promise<void>;
  /**
   * Startup cleanup: remove every temp file and every blob (file or inline row) not in
   * `referenced`. Returns how many of each were removed.
   */
  sweep(referenced: ReadonlySet<string>): Promise<{ tempFiles: number; orphanBlobs: number }>;
}
