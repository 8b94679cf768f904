/**
 * {@link MetadataStore} on SQLite (better-sqlite3, WAL journal). Keys are TEXT compared with the
 * BINARY collation, i.e. UTF-8 byte order, which is the order OSS lists in. Listing walks the
 * primary-key index with range queries, skipping a whole common prefix per query, so a page costs
 * O(page size) queries whatever the bucket size.
 */
import Database from 'better-sqlite3';
import type {
  Acl,
  BucketRecord,
  ListObjectsPage,
  ListObjectsQuery,
  ListUploadsPage,
  ListUploadsQuery,
  MetadataStore,
  ObjectAcl,
  ObjectRecord,
  PartRecord,
  SwapResult,
  UploadRecord,
} from './metadata-store.js';
import { commonPrefixOf, compareKeys, prefixUpperBound } from './key-order.js';

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
`;

interface BucketRow {
  name: string;
  acl: Acl;
  storage_class: string;
  created_at: number;
  owner: string | null;
}

function toBucket(row: BucketRow): BucketRecord {
  return {
    name: row.name,
    acl: row.acl,
    storageClass: row.storage_class,
    createdAt: new Date(row.created_at),
    ...(row.owner === null ? {} : { owner: row.owner }),
  };
}

interface ObjectRow {
  bucket: string;
  key: string;
  blob_id: string;
  size: number;
  etag: string;
  crc64: string;
  content_md5: string | null;
  type: ObjectRecord['type'];
  storage_class: string;
  acl: ObjectAcl;
  last_modified: number;
  http_meta: string;
}

interface UploadRow {
  bucket: string;
  key: string;
  upload_id: string;
  initiated: number;
  http_meta: string;
  acl: ObjectAcl;
  storage_class: string;
}

interface PartRow {
  upload_id: string;
  part_number: number;
  blob_id: string;
  size: number;
  etag: string;
  crc64: string;
  last_modified: number;
}

function toObject(row: ObjectRow): ObjectRecord {
  const meta = JSON.parse(row.http_meta) as Omit<ObjectRecord, keyof ObjectRow>;
  return {
    ...meta,
    bucket: row.bucket,
    key: row.key,
    blobId: row.blob_id,
    size: row.size,
    etag: row.etag,
    crc64: row.crc64,
    ...(row.content_md5 === null ? {} : { contentMd5: row.content_md5 }),
    type: row.type,
    storageClass: row.storage_class,
    acl: row.acl,
    lastModified: new Date(row.last_modified),
  };
}

function objectParams(r: ObjectRecord) {
  const meta = {
    contentType: r.contentType,
    cacheControl: r.cacheControl,
    contentDisposition: r.contentDisposition,
    contentEncoding: r.contentEncoding,
    contentLanguage: r.contentLanguage,
    expires: r.expires,
    userMeta: r.userMeta,
    serverSideEncryption: r.serverSideEncryption,
    tags: r.tags,
  };
  return {
    bucket: r.bucket,
    key: r.key,
    blob_id: r.blobId,
    size: r.size,
    etag: r.etag,
    crc64: r.crc64,
    content_md5: r.contentMd5 ?? null,
    type: r.type,
    storage_class: r.storageClass,
    acl: r.acl,
    last_modified: r.lastModified.getTime(),
    http_meta: JSON.stringify(meta),
  };
}

function toUpload(row: UploadRow): UploadRecord {
  return {
    bucket: row.bucket,
    key: row.key,
    uploadId: row.upload_id,
    initiated: new Date(row.initiated),
    meta: JSON.parse(row.http_meta) as UploadRecord['meta'],
    acl: row.acl,
    storageClass: row.storage_class,
  };
}

function toPart(row: PartRow): PartRecord {
  return {
    uploadId: row.upload_id,
    partNumber: row.part_number,
    blobId: row.blob_id,
    size: row.size,
    etag: row.etag,
    crc64: row.crc64,
    lastModified: new Date(row.last_modified),
  };
}

const LIST_BATCH = 1000;

/** Open (creating if needed) the SQLite metadata database at `file`. */
export function openSqliteMetadataStore(file: string): MetadataStore {
  const db = new Database(file);
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

  const s = {
    getBucket: db.prepare<[string], BucketRow>('SELECT * FROM buckets WHERE name = ?'),
    insertBucket: db.prepare(
      'INSERT OR IGNORE INTO buckets (name, acl, storage_class, created_at, owner) VALUES (@name, @acl, @storageClass, @createdAt, @owner)',
    ),
    deleteBucket: db.prepare('DELETE FROM buckets WHERE name = ?'),
    bucketHasObjects: db.prepare('SELECT 1 FROM objects WHERE bucket = ? LIMIT 1'),
    bucketHasUploads: db.prepare('SELECT 1 FROM uploads WHERE bucket = ? LIMIT 1'),
    setBucketAcl: db.prepare('UPDATE buckets SET acl = ? WHERE name = ?'),
    getBucketConfig: db.prepare<[string, string], { document: string }>(
      'SELECT document FROM bucket_configs WHERE bucket = ? AND name = ?',
    ),
    upsertBucketConfig: db.prepare(
      `INSERT INTO bucket_configs (bucket, name, document) VALUES (?, ?, ?)
       ON CONFLICT (bucket, name) DO UPDATE SET document = excluded.document`,
    ),
    deleteBucketConfig: db.prepare('DELETE FROM bucket_configs WHERE bucket = ? AND name = ?'),
    deleteBucketConfigs: db.prepare('DELETE FROM bucket_configs WHERE bucket = ?'),
    listBuckets: db.prepare<[string, string, number], BucketRow>(
      'SELECT * FROM buckets WHERE name > ? AND name >= ? ORDER BY name LIMIT ?',
    ),
    getObject: db.prepare<[string, string], ObjectRow>('SELECT * FROM objects WHERE bucket = ? AND key = ?'),
    upsertObject: db.prepare(
      `INSERT INTO objects (bucket, key, blob_id, size, etag, crc64, content_md5, type, storage_class, acl, last_modified, http_meta)
       VALUES (@bucket, @key, @blob_id, @size, @etag, @crc64, @content_md5, @type, @storage_class, @acl, @last_modified, @http_meta)
       ON CONFLICT (bucket, key) DO UPDATE SET blob_id = excluded.blob_id, size = excluded.size, etag = excluded.etag,
         crc64 = excluded.crc64, content_md5 = excluded.content_md5, type = excluded.type,
         storage_class = excluded.storage_class, acl = excluded.acl, last_modified = excluded.last_modified,
         http_meta = excluded.http_meta`,
    ),
    blobOf: db.prepare<[string, string], { blob_id: string }>('SELECT blob_id FROM objects WHERE bucket = ? AND key = ?'),
    updateAppended: db.prepare(
      `UPDATE objects SET size = @size, crc64 = @crc64, etag = @etag, last_modified = @lastModified
       WHERE bucket = @bucket AND key = @key AND blob_id = @blobId AND size = @expectedSize`,
    ),
    setObjectAcl: db.prepare('UPDATE objects SET acl = ? WHERE bucket = ? AND key = ?'),
    // Tags live in the metadata JSON; changing them leaves Last-Modified alone (PutObjectTagging).
    setObjectTags: db.prepare(
      "UPDATE objects SET http_meta = json_set(http_meta, '$.tags', json(?)) WHERE bucket = ? AND key = ?",
    ),
    clearObjectTags: db.prepare("UPDATE objects SET http_meta = json_remove(http_meta, '$.tags') WHERE bucket = ? AND key = ?"),
    deleteObject: db.prepare('DELETE FROM objects WHERE bucket = ? AND key = ?'),
    insertUpload: db.prepare(
      `INSERT INTO uploads (bucket, key, upload_id, initiated, http_meta, acl, storage_class)
       VALUES (@bucket, @key, @upload_id, @initiated, @http_meta, @acl, @storage_class)`,
    ),
    getUpload: db.prepare<[string, string, string], UploadRow>(
      'SELECT * FROM uploads WHERE bucket = ? AND key = ? AND upload_id = ?',
    ),
    uploadExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM uploads WHERE upload_id = ?'),
    deleteUpload: db.prepare('DELETE FROM uploads WHERE upload_id = ?'),
    getPart: db.prepare<[string, number], PartRow>('SELECT * FROM parts WHERE upload_id = ? AND part_number = ?'),
    upsertPart: db.prepare(
      `INSERT INTO parts (upload_id, part_number, blob_id, size, etag, crc64, last_modified)
       VALUES (@upload_id, @part_number, @blob_id, @size, @etag, @crc64, @last_modified)
       ON CONFLICT (upload_id, part_number) DO UPDATE SET blob_id = excluded.blob_id, size = excluded.size,
         etag = excluded.etag, crc64 = excluded.crc64, last_modified = excluded.last_modified`,
    ),
    listParts: db.prepare<[string, number, number], PartRow>(
      'SELECT * FROM parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?',
    ),
    allParts: db.prepare<[string], PartRow>('SELECT * FROM parts WHERE upload_id = ? ORDER BY part_number'),
    deleteParts: db.prepare('DELETE FROM parts WHERE upload_id = ?'),
    objectBlobs: db.prepare<[], { blob_id: string }>('SELECT blob_id FROM objects'),
    partBlobs: db.prepare<[], { blob_id: string }>('SELECT blob_id FROM parts'),
  };

  // Four variants of the listing scan: lower bound inclusive or exclusive, with or without an upper bound.
  const scanObjects = new Map<string, Database.Statement<unknown[], ObjectRow>>();
  function scan(inclusive: boolean, upper: boolean): Database.Statement<unknown[], ObjectRow> {
    const id = `${inclusive}:${upper}`;
    let stmt = scanObjects.get(id);
    if (!stmt) {
      stmt = db.prepare<unknown[], ObjectRow>(
        `SELECT * FROM objects WHERE bucket = ? AND key ${inclusive ? '>=' : '>'} ?${upper ? ' AND key < ?' : ''}
         ORDER BY key LIMIT ?`,
      );
      scanObjects.set(id, stmt);
    }
    return stmt;
  }

  const swapObject = db.transaction((record: ObjectRecord, forbidOverwrite: boolean): SwapResult | 'exists' | 'no-bucket' => {
    // The bucket may have been deleted while the body was arriving (DeleteBucket saw no object yet).
    if (!s.getBucket.get(record.bucket)) return 'no-bucket';
    const old = s.blobOf.get(record.bucket, record.key);
    if (old && forbidOverwrite) return 'exists';
    s.upsertObject.run(objectParams(record));
    return old && old.blob_id !== record.blobId ? { replacedBlobId: old.blob_id } : {};
  });

  const putPartTx = db.transaction((part: PartRecord): SwapResult | undefined => {
    if (!s.uploadExists.get(part.uploadId)) return undefined;
    const old = s.getPart.get(part.uploadId, part.partNumber);
    s.upsertPart.run({
      upload_id: part.uploadId,
      part_number: part.partNumber,
      blob_id: part.blobId,
      size: part.size,
      etag: part.etag,
      crc64: part.crc64,
      last_modified: part.lastModified.getTime(),
    });
    return old ? { replacedBlobId: old.blob_id } : {};
  });

  const completeTx = db.transaction(
    (uploadId: string, partBlobIds: ReadonlyMap<number, string>, record: ObjectRecord, forbidOverwrite: boolean) => {
      if (!s.uploadExists.get(uploadId)) return 'gone' as const;
      const parts = s.allParts.all(uploadId);
      for (const [partNumber, blobId] of partBlobIds) {
        if (parts.find((p) => p.part_number === partNumber)?.blob_id !== blobId) return 'changed' as const;
      }
      const swapped = swapObject(record, forbidOverwrite);
      // An upload keeps its bucket from being deleted, so 'no-bucket' cannot happen here.
      if (typeof swapped === 'string') return 'exists' as const;
      s.deleteParts.run(uploadId);
      s.deleteUpload.run(uploadId);
      const unreferencedBlobIds = parts.map((p) => p.blob_id);
      if (swapped.replacedBlobId) unreferencedBlobIds.push(swapped.replacedBlobId);
      return { unreferencedBlobIds };
    },
  );

  const abortTx = db.transaction((bucket: string, key: string, uploadId: string) => {
    if (!s.getUpload.get(bucket, key, uploadId)) return undefined;
    const blobs = s.allParts.all(uploadId).map((p) => p.blob_id);
    s.deleteParts.run(uploadId);
    s.deleteUpload.run(uploadId);
    return blobs;
  });

  const deleteBucketTx = db.transaction((name: string) => {
    if (!s.getBucket.get(name)) return 'missing' as const;
    if (s.bucketHasObjects.get(name) || s.bucketHasUploads.get(name)) return 'not-empty' as const;
    s.deleteBucketConfigs.run(name);
    s.deleteBucket.run(name);
    return 'deleted' as const;
  });

  const putBucketConfigTx = db.transaction((bucket: string, name: string, document: string) => {
    if (!s.getBucket.get(bucket)) return false;
    s.upsertBucketConfig.run(bucket, name, document);
    return true;
  });

  const clearAllTx = db.transaction(() => {
    const blobIds = [...s.objectBlobs.iterate(), ...s.partBlobs.iterate()].map((row) => row.blob_id);
    db.exec('DELETE FROM parts; DELETE FROM uploads; DELETE FROM objects; DELETE FROM bucket_configs; DELETE FROM buckets;');
    return blobIds;
  });

  const deleteObjectTx = db.transaction((bucket: string, key: string) => {
    const old = s.blobOf.get(bucket, key);
    if (old) s.deleteObject.run(bucket, key);
    return old?.blob_id;
  });

  return {
    getBucket(name) {
      const row = s.getBucket.get(name);
      return row && toBucket(row);
    },
    createBucket(bucket) {
      const info = s.insertBucket.run({ ...bucket, createdAt: bucket.createdAt.getTime(), owner: bucket.owner ?? null });
      return info.changes === 1;
    },
    deleteBucket: (name) => deleteBucketTx(name),
    setBucketAcl(name, acl) {
      s.setBucketAcl.run(acl, name);
    },
    getBucketConfig: (bucket, name) => s.getBucketConfig.get(bucket, name)?.document,
    putBucketConfig: (bucket, name, document) => putBucketConfigTx(bucket, name, document),
    deleteBucketConfig(bucket, name) {
      s.deleteBucketConfig.run(bucket, name);
    },
    listBuckets(prefix, marker, maxKeys) {
      const rows = s.listBuckets.all(marker, prefix, maxKeys + 1).filter((r) => r.name.startsWith(prefix));
      return {
        buckets: rows.slice(0, maxKeys).map(toBucket),
        isTruncated: rows.length > maxKeys,
      };
    },

    getObject(bucket, key) {
      const row = s.getObject.get(bucket, key);
      return row && toObject(row);
    },
    putObject: (record, options) => swapObject(record, options?.forbidOverwrite ?? false),
    updateAppended(bucket, key, expected, update) {
      const info = s.updateAppended.run({
        bucket,
        key,
        blobId: expected.blobId,
        expectedSize: expected.size,
        size: update.size,
        crc64: update.crc64,
        etag: update.etag,
        lastModified: update.lastModified.getTime(),
      });
      return info.changes === 1;
    },
    setObjectAcl(bucket, key, acl) {
      return s.setObjectAcl.run(acl, bucket, key).changes === 1;
    },
    setObjectTags(bucket, key, tags) {
      const empty = tags === undefined || Object.keys(tags).length === 0;
      const result = empty ? s.clearObjectTags.run(bucket, key) : s.setObjectTags.run(JSON.stringify(tags), bucket, key);
      return result.changes === 1;
    },
    deleteObject: (bucket, key) => deleteObjectTx(bucket, key),
    listObjects(query) {
      return listObjectsPage(query);
    },

    createUpload(upload) {
      s.insertUpload.run({
        bucket: upload.bucket,
        key: upload.key,
        upload_id: upload.uploadId,
        initiated: upload.initiated.getTime(),
        http_meta: JSON.stringify(upload.meta),
        acl: upload.acl,
        storage_class: upload.storageClass,
      });
    },
    getUpload(bucket, key, uploadId) {
      const row = s.getUpload.get(bucket, key, uploadId);
      return row && toUpload(row);
    },
    putPart: (part) => putPartTx(part),
    listParts(uploadId, afterPartNumber, maxParts) {
      return s.listParts.all(uploadId, afterPartNumber, maxParts).map(toPart);
    },
    completeUpload: (uploadId, partBlobIds, record, options) =>
      completeTx(uploadId, partBlobIds, record, options?.forbidOverwrite ?? false),
    abortUpload: (bucket, key, uploadId) => abortTx(bucket, key, uploadId),
    listUploads(query) {
      return listUploadsPage(query);
    },

    referencedBlobIds() {
      const ids = new Set<string>();
      for (const row of s.objectBlobs.iterate()) ids.add(row.blob_id);
      for (const row of s.partBlobs.iterate()) ids.add(row.blob_id);
      return ids;
    },
    clearAll: () => clearAllTx(),
    close() {
      db.close();
    },
  };

  function listObjectsPage(q: ListObjectsQuery): ListObjectsPage {
    const upper = q.prefix === '' ? undefined : prefixUpperBound(q.prefix);
    let bound: { key: string; inclusive: boolean } | undefined =
      compareKeys(q.after, q.prefix) >= 0 ? { key: q.after, inclusive: false } : { key: q.prefix, inclusive: true };
    // A marker inside a common prefix (e.g. NextMarker "dir/") means that whole prefix was listed.
    const markerPrefix = commonPrefixOf(q.after, q.prefix, q.delimiter);
    if (markerPrefix !== undefined) {
      const next = prefixUpperBound(markerPrefix);
      bound = next === undefined ? undefined : { key: next, inclusive: true };
    }

    const objects: ObjectRecord[] = [];
    const commonPrefixes: string[] = [];
    let last: string | undefined;
    let isTruncated = false;
    scanning: while (bound) {
      const count = objects.length + commonPrefixes.length;
      const limit = Math.min(q.maxKeys - count + 1, LIST_BATCH);
      const params: unknown[] = [q.bucket, bound.key];
      if (upper !== undefined) params.push(upper);
      params.push(limit);
      // Lazily stepped: after a common prefix the scan restarts past it, so unread rows cost nothing.
      let read = 0;
      for (const row of scan(bound.inclusive, upper !== undefined).iterate(...params)) {
        read++;
        if (objects.length + commonPrefixes.length === q.maxKeys) {
          isTruncated = true;
          break scanning;
        }
        const prefix = commonPrefixOf(row.key, q.prefix, q.delimiter);
        if (prefix !== undefined) {
          commonPrefixes.push(prefix);
          last = prefix;
          const next = prefixUpperBound(prefix);
          bound = next === undefined ? undefined : { key: next, inclusive: true };
          continue scanning;
        }
        objects.push(toObject(row));
        last = row.key;
        bound = { key: row.key, inclusive: false };
      }
      if (read < limit) break;
    }
    return { objects, commonPrefixes, isTruncated, ...(isTruncated && last !== undefined ? { nextMarker: last } : {}) };
  }

  function listUploadsPage(q: ListUploadsQuery): ListUploadsPage {
    // Unfinished uploads are few, so one ordered scan filtered here is enough.
    const rows = db
      .prepare<[string], UploadRow>('SELECT * FROM uploads WHERE bucket = ? ORDER BY key, upload_id')
      .iterate(q.bucket);
    const uploads: UploadRecord[] = [];
    const commonPrefixes: string[] = [];
    let isTruncated = false;
    let nextKeyMarker = '';
    let nextUploadIdMarker = '';
    // As in listObjectsPage: a key-marker inside a common prefix (NextKeyMarker "b/" after a page
    // that ended with that prefix) means the whole prefix was listed; its later keys must not
    // bring it back on the next page.
    const markerPrefix = commonPrefixOf(q.keyMarker, q.prefix, q.delimiter);
    for (const row of rows) {
      if (!row.key.startsWith(q.prefix)) continue;
      if (markerPrefix !== undefined && row.key.startsWith(markerPrefix)) continue;
      const order = compareKeys(row.key, q.keyMarker);
      if (order < 0) continue;
      if (order === 0 && (q.uploadIdMarker === '' || row.upload_id <= q.uploadIdMarker)) continue;
      const prefix = commonPrefixOf(row.key, q.prefix, q.delimiter);
      if (prefix !== undefined && commonPrefixes[commonPrefixes.length - 1] === prefix) continue;
      if (uploads.length + commonPrefixes.length === q.maxUploads) {
        isTruncated = true;
        break;
      }
      if (prefix !== undefined) {
        commonPrefixes.push(prefix);
        nextKeyMarker = prefix;
        nextUploadIdMarker = '';
      } else {
        uploads.push(toUpload(row));
        nextKeyMarker = row.key;
        nextUploadIdMarker = row.upload_id;
      }
    }
    return {
      uploads,
      commonPrefixes,
      isTruncated,
      nextKeyMarker: isTruncated ? nextKeyMarker : '',
      nextUploadIdMarker: isTruncated ? nextUploadIdMarker : '',
    };
  }
}
