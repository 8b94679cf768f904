/**
 * The emulator's storage: a {@link MetadataStore} and a {@link BlobStore} in one data directory.
 *
 * On-disk layout of `<location>/`:
 *
 *   ossbox.sqlite (+ -wal, -shm)   buckets, bucket configurations, object records, multipart uploads and parts (SQLite, WAL),
 *                                  and bodies of at most 16 KiB (table inline_blobs, ./inline-blobs.ts)
 *   blobs/<aa>/<32 hex id>         larger object bodies and parts (a Multipart object is its list of parts), one immutable file each
 *   tmp/<32 hex id>                bodies being received; renamed into blobs/ once complete
 *   callback-key.pem               the RSA key upload callbacks are signed with (callbacks/callback-key.ts)
 *
 * An upload becomes visible in two steps: the temp file is renamed to a blob, then one SQLite
 * transaction points the object row at it (and returns the blobs it freed, deleted afterwards).
 * A small body's inline row is inserted, and the inline rows it frees deleted, in that same
 * transaction. A crash between any two steps leaves either a temp file or a blob no object points
 * at; both are removed by the sweep in {@link openStorage}, so the store is always the last
 * committed state.
 * One data directory must be served by one process at a time.
 */
import { makeDirectory } from './data-directory.js';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BlobStore } from './blob-store.js';
import { openFileBlobStore } from './file-blob-store.js';
import { nativeModuleError } from './native-module.js';
import { sqliteInlineBlobs } from './inline-blobs.js';
import type { MetadataStore } from './metadata-store.js';
import { openSqliteMetadataStore } from './sqlite-metadata-store.js';

/** Metadata plus blobs, opened together. */
export interface Storage {
  meta: MetadataStore;
  blobs: BlobStore;
  /** What the startup sweep removed. */
  swept: { tempFiles: number; orphanBlobs: number };
  close(): void;
}

/** Open (creating if needed) the storage in `dataDir` and remove leftovers of interrupted writes. */
export async function openStorage(dataDir: string): Promise<Storage> {
  await makeDirectory(dataDir);
  // One database holds the metadata and the inline blobs (./inline-blobs.ts).
  let db: Database.Database;
  try {
    db = new Database(join(dataDir, 'ossbox.sqlite'));
  } catch (error) {
    throw nativeModuleError(error) ?? error;
  }
  try {
    const meta = openSqliteMetadataStore(db);
    const blobs = await openFileBlobStore(dataDir, sqliteInlineBlobs(db));
    const swept = await blobs.sweep(meta.referencedBlobIds());
    return { meta, blobs, swept, close: () => meta.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}
