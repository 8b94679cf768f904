/**
 * Test support: the blobs a data directory holds, as files under `blobs/` and as rows of the
 * `inline_blobs` table (small bodies, store/inline-blobs.ts), read while the emulator runs.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Names of the blob files under `<dir>/blobs/`. */
export async function blobFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(dir, 'blobs'), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

/** Ids of the inline blobs in `<dir>/ossbox.sqlite` (a read-only connection beside the emulator's). */
export function inlineBlobIds(dir: string): string[] {
  const db = new Database(join(dir, 'ossbox.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare<[], { blob_id: string }>('SELECT blob_id FROM inline_blobs')
      .all()
      .map((row) => row.blob_id);
  } finally {
    db.close();
  }
}

/** Every blob id the data directory holds, files and inline rows. */
export async function storedBlobs(dir: string): Promise<string[]> {
  return [...(await blobFiles(dir)), ...inlineBlobIds(dir)];
}
