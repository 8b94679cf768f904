/**
 * The SQLite schema of the metadata store (docs/on-disk-layout.md) and the upgrades of data
 * directories made by earlier versions. Keys are TEXT compared with the BINARY collation, i.e.
 * UTF-8 byte order, which is the order OSS lists in. `inline_blobs` (./inline-blobs.ts) holds small
 * bodies of up to 16 KiB and is the one table with a rowid: SQLite advises WITHOUT ROWID only for
 * rows well under a page (https://www.sqlite.org/withoutrowid.html, section 4), and a 4 KiB blob
 * insert cost 1.7x the CPU in a WITHOUT ROWID table here.
 */
import type Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS buckets (
  name TEXT PRIMARY KEY COLLATE BINARY,
  acl TEXT NOT NULL,
  storage_class TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  owner TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bucket_configs (
  bucket TEXT NOT NULL COLLATE BINARY,
  name TEXT NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (bucket, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS objects (
  bucket TEXT NOT NULL COLLATE BINARY,
  key TEXT NOT NULL COLLATE BINARY,
  blob_id TEXT NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  crc64 TEXT NOT NULL,
  content_md5 TEXT,
  type TEXT NOT NULL,
  storage_class TEXT NOT NULL,
  acl TEXT NOT NULL,
  last_modified INTEGER NOT NULL,
  http_meta TEXT NOT NULL,
  PRIMARY KEY (bucket, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS object_parts (
  bucket TEXT NOT NULL COLLATE BINARY,
  key TEXT NOT NULL COLLATE BINARY,
  part_index INTEGER NOT NULL,
  blob_id TEXT NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (bucket, key, part_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS object_parts_by_blob ON object_parts (blob_id);
CREATE TABLE IF NOT EXISTS uploads (
  bucket TEXT NOT NULL COLLATE BINARY,
  key TEXT NOT NULL COLLATE BINARY,
  upload_id TEXT NOT NULL COLLATE BINARY,
  initiated INTEGER NOT NULL,
  http_meta TEXT NOT NULL,
  acl TEXT NOT NULL,
  storage_class TEXT NOT NULL,
  PRIMARY KEY (bucket, key, upload_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS uploads_by_id ON uploads (upload_id);
CREATE TABLE IF NOT EXISTS parts (
  upload_id TEXT NOT NULL,
  part_number INTEGER NOT NULL,
  blob_id TEXT NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  crc64 TEXT NOT NULL,
  last_modified INTEGER NOT NULL,
  PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS inline_blobs (
  blob_id TEXT PRIMARY KEY,
  bytes BLOB NOT NULL
);
`;

/** Set the journal options, create the tables that are missing and upgrade older ones. */
export function prepareSchema(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode syncs only at checkpoints, not on every commit: a commit survives a killed
  // process (the WAL is in the OS page cache), and only an OS crash may lose the last commits. Blob
  // files are not fsynced either (file-blob-store.ts), so FULL would slow every small write for a
  // guarantee the blobs could not keep.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  // Data directories made before buckets recorded their owner: add the column (NULL = the
  // emulator's first key pair, as for start-up buckets).
  const bucketColumns = db.pragma('table_info(buckets)') as { name: string }[];
  if (!bucketColumns.some((c) => c.name === 'owner')) {
    db.exec('ALTER TABLE buckets ADD COLUMN owner TEXT');
  }
}
