/**
 * Small blobs kept inline in the SQLite database (table `inline_blobs`) rather than as files, as
 * MinIO keeps small objects' data inline in their metadata. A file per 4 KiB PUT cost a create
 * (which on the benchmark's ext4 scanned recently freed inodes) and an unlink when overwritten.
 * The blob store (./file-blob-store.ts) puts a body here when its size is known and at most
 * {@link INLINE_BODY}, and reads, deletes and sweeps these blobs like files.
 *
 * An inline blob's id is `i` followed by 32 random hex characters, so the id alone says where the
 * bytes are (a file blob's id is 32 hex characters). A received body waits in memory and its row
 * is inserted in the transaction that points the object or part row at it, where the rows it
 * frees are deleted too (BlobStore.install): one commit per small PUT rather than three. A row
 * inserted on its own (`commit()`) and never pointed at, or freed but left by a crash, is removed
 * by the start-up sweep like an orphan file.
 */
import { Readable } from 'node:stream';
import { randomHex } from '@ossbox/protocol';
import type Database from 'better-sqlite3';
import type { OpenBlob } from './blob-store.js';
import { sendFileSlices } from './send-file-slices.js';

const INLINE_PREFIX = 'i';

/**
 * Largest body stored inline. Measured with both builds loaded at once (16 connections each,
 * 8 windows of 3 s, load average 12-22): inline against a small file cost 0.76-0.86x the server
 * CPU per PUT at 4 and 16 KiB with 1.05-1.20x the PUTs, 0.89x and 0.96x at 32 KiB, but at 64 KiB
 * 0.94-0.99x the CPU for only 0.73-0.85x the PUTs (a 64 KiB row is 16 database pages, written to
 * the WAL and again at the checkpoint). The runs are noisy (an A/A run spread 0.79-1.13x), so
 * the threshold is where inline was never measured worse.
 */
export const INLINE_BODY = 16 * 1024;

/** A new inline blob id: `i` and 32 random hex characters. */
export function newInlineBlobId(): string {
  return INLINE_PREFIX + randomHex(16);
}

/** Whether `blobId` names an inline blob (file blob ids are plain hex). */
export function isInlineBlobId(blobId: string): boolean {
  return blobId.startsWith(INLINE_PREFIX);
}

/** The error reading a blob that is gone raises, shaped like the file system's (`code: 'ENOENT'`). */
export function missingBlob(blobId: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOENT: blob ${blobId} does not exist`), { code: 'ENOENT' });
}

/** The `inline_blobs` table. Every call is synchronous and, when it writes, its own transaction. */
export interface InlineBlobs {
  /** Store `bytes` under `blobId`. */
  put(blobId: string, bytes: Uint8Array): void;
  /** The bytes of `blobId`, or undefined when there is no such blob. */
  get(blobId: string): Buffer | undefined;
  /** Delete blobs (ignoring ones already gone), all in one transaction. */
  remove(blobIds: readonly string[]): void;
  /** Delete every blob not in `referenced`; returns how many were deleted. */
  removeUnreferenced(referenced: ReadonlySet<string>): number;
  /**
   * Run `fn` as one transaction of the database (nested in one already open): every statement it
   * runs on the connection, the metadata store's too (they share it, ./storage.ts), commits
   * together, or none does when `fn` throws.
   */
  transaction<T>(fn: () => T): T;
}

/** {@link InlineBlobs} on `db`, whose schema (./sqlite-schema.ts) has the table. */
export function sqliteInlineBlobs(db: Database.Database): InlineBlobs {
  const s = {
    insert: db.prepare('INSERT INTO inline_blobs (blob_id, bytes) VALUES (?, ?)'),
    select: db.prepare<[string], { bytes: Buffer }>('SELECT bytes FROM inline_blobs WHERE blob_id = ?'),
    delete: db.prepare('DELETE FROM inline_blobs WHERE blob_id = ?'),
    ids: db.prepare<[], { blob_id: string }>('SELECT blob_id FROM inline_blobs'),
  };
  const removeAll = db.transaction((blobIds: readonly string[]) => {
    for (const blobId of blobIds) s.delete.run(blobId);
  });
  const runInTransaction = db.transaction((fn: () => unknown) => fn());
  return {
    put(blobId, bytes) {
      s.insert.run(blobId, bytes);
    },
    get(blobId) {
      return s.select.get(blobId)?.bytes;
    },
    remove(blobIds) {
      if (blobIds.length === 1) s.delete.run(blobIds[0]);
      else if (blobIds.length > 1) removeAll(blobIds);
    },
    removeUnreferenced(referenced) {
      const orphans = s.ids
        .all()
        .map((row) => row.blob_id)
        .filter((blobId) => !referenced.has(blobId));
      removeAll(orphans);
      return orphans.length;
    },
    transaction<T>(fn: () => T): T {
      return runInTransaction(fn) as T;
    },
  };
}

/** An inline blob's bytes, read when it was opened, as an {@link OpenBlob}. */
export function openInlineBlob(bytes: Buffer): OpenBlob {
  return {
    stream(start = 0, end = bytes.length - 1) {
      return Readable.from([bytes.subarray(start, end + 1)], { objectMode: false });
    },
    send(res, start, end) {
      return sendFileSlices(res, [{ open: async () => bytes, start, end }]);
    },
    async close() {},
  };
}
