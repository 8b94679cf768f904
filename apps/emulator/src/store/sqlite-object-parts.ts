/**
 * The `object_parts` table: a Multipart object's bytes as the ordered list of its part blobs
 * (CompleteMultipartUpload records the parts instead of copying them, so it costs O(parts), not
 * O(bytes)). Such an object's row has `blob_id = ''`. CopyObject of such an object shares its part
 * blobs, so a part blob is free only when no `object_parts` row refers to it any more; the index
 * on `blob_id` answers that in one lookup per blob.
 */
import type Database from 'better-sqlite3';
import type { BlobSlice } from './blob-store.js';

/** Statements over `object_parts`; callers run them inside their own transactions. */
export function sqliteObjectParts(db: Database.Database) {
  const s = {
    select: db.prepare<[string, string], { blob_id: string; size: number }>(
      'SELECT blob_id, size FROM object_parts WHERE bucket = ? AND key = ? ORDER BY part_index',
    ),
    insert: db.prepare('INSERT INTO object_parts (bucket, key, part_index, blob_id, size) VALUES (?, ?, ?, ?, ?)'),
    remove: db.prepare('DELETE FROM object_parts WHERE bucket = ? AND key = ?'),
    referenced: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM object_parts WHERE blob_id = ? LIMIT 1'),
    all: db.prepare<[], { blob_id: string }>('SELECT DISTINCT blob_id FROM object_parts'),
  };
  return {
    /** The parts of `bucket`/`key`, in order. */
    load(bucket: string, key: string): BlobSlice[] {
      return s.select.all(bucket, key).map((row) => ({ blobId: row.blob_id, size: row.size }));
    },
    store(bucket: string, key: string, parts: readonly BlobSlice[]): void {
      parts.forEach((part, index) => s.insert.run(bucket, key, index, part.blobId, part.size));
    },
    /** Drop the parts of `bucket`/`key`; returns their blob ids (maybe still shared). */
    remove(bucket: string, key: string): string[] {
      const ids = s.select.all(bucket, key).map((row) => row.blob_id);
      if (ids.length > 0) s.remove.run(bucket, key);
      return ids;
    },
    /** Whether some object's parts refer to `blobId`. */
    isReferenced(blobId: string): boolean {
      return s.referenced.get(blobId) !== undefined;
    },
    /** Every blob id some object's parts refer to. */
    allBlobIds(): string[] {
      return s.all.all().map((row) => row.blob_id);
    },
  };
}
