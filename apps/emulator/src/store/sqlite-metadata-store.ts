/**
 * {@link MetadataStore} on SQLite (better-sqlite3, WAL journal). The schema is in
 * ./sqlite-schema.ts, the listings in ./sqlite-listing.ts, and a Multipart object's list of part
 * blobs in ./sqlite-object-parts.ts.
 */
import Database from 'better-sqlite3';
import type { MetadataStore, ObjectRecord, PartRecord, SwapResult } from './metadata-store.js';
import { sqliteListings } from './sqlite-listing.js';
import { sqliteObjectParts } from './sqlite-object-parts.js';
import { sqliteBucketUsage } from './sqlite-usage.js';
import type { BucketRow, ObjectRow, PartRow, UploadRow } from './sqlite-rows.js';
import { objectParams, toBucket, toObject, toPart, toUpload } from './sqlite-rows.js';
import { prepareSchema } from './sqlite-schema.js';

/** Bucket configuration documents kept in memory (see getBucketConfig). */
const CACHED_CONFIGS = 10_000;

/**
 * Open (creating if needed) the SQLite metadata database at `file`, or use the open database `db`
 * (shared with the inline blobs, ./storage.ts); `close()` closes it either way.
 */
export function openSqliteMetadataStore(file: string | Database.Database): MetadataStore {
  const db = typeof file === 'string' ? new Database(file) : file;
  prepareSchema(db);
  const objectParts = sqliteObjectParts(db);
  const listings = sqliteListings(db);
  const bucketUsage = sqliteBucketUsage(db);

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
    setObjectRestore: db.prepare(
      `UPDATE objects SET http_meta = json_set(http_meta, '$.restore', json(?))
       WHERE bucket = ? AND key = ? AND etag = ? AND last_modified = ?`,
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
    objectBlobs: db.prepare<[], { blob_id: string }>("SELECT blob_id FROM objects WHERE blob_id != ''"),
    partBlobs: db.prepare<[], { blob_id: string }>('SELECT blob_id FROM parts'),
  };

  // Every request reads its bucket's row and several of its configurations (CORS, website,
  // Referer, policy, encryption) before it runs; they change rarely and only through this store,
  // so they are kept in memory and dropped whenever a write may touch them. Absent buckets are
  // not remembered, and the documents (absent ones included) at most CACHED_CONFIGS at a time, so
  // requests naming ever new buckets cannot grow the maps.
  const bucketRows = new Map<string, BucketRow>();
  const configDocuments = new Map<string, string | undefined>();
  const configKey = (bucket: string, name: string) => `${bucket}\n${name}`;
  const forgetBucket = (bucket: string) => {
    bucketRows.delete(bucket);
    for (const key of configDocuments.keys()) if (key.startsWith(`${bucket}\n`)) configDocuments.delete(key);
  };

  /**
   * Drop the row of `bucket`/`key` (unless `keep`, which is about to replace it) and return the
   * blobs that no row refers to any more once `keep` is stored.
   */
  function releaseObject(bucket: string, key: string, keep?: ObjectRecord): string[] {
    const old = s.blobOf.get(bucket, key);
    if (!old) {
      if (keep) installRow(keep);
      return [];
    }
    const oldParts = objectParts.remove(bucket, key);
    if (keep) installRow(keep);
    else s.deleteObject.run(bucket, key);
    const freed = old.blob_id !== '' && old.blob_id !== keep?.blobId ? [old.blob_id] : [];
    // Part blobs may be shared with copies of the object (or with `keep` itself).
    for (const blobId of new Set(oldParts)) if (!objectParts.isReferenced(blobId)) freed.push(blobId);
    return freed;
  }

  function installRow(record: ObjectRecord): void {
    s.upsertObject.run(objectParams(record));
    if (record.parts) objectParts.store(record.bucket, record.key, record.parts);
  }

  const swapObject = db.transaction(
    (record: ObjectRecord, forbidOverwrite: boolean, partsFromUpload: boolean): SwapResult | 'exists' | 'no-bucket' | 'changed' => {
      // The bucket may have been deleted while the body was arriving (DeleteBucket saw no object yet).
      if (!s.getBucket.get(record.bucket)) return 'no-bucket';
      if (forbidOverwrite && s.blobOf.get(record.bucket, record.key)) return 'exists';
      // Shared parts (CopyObject) must still belong to an object, or they may be deleted already.
      if (!partsFromUpload && record.parts?.some((part) => !objectParts.isReferenced(part.blobId))) return 'changed';
      return { unreferencedBlobIds: releaseObject(record.bucket, record.key, record) };
    },
  );

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
    return { unreferencedBlobIds: old ? [old.blob_id] : [] };
  });

  const completeTx = db.transaction(
    (uploadId: string, partBlobIds: ReadonlyMap<number, string>, record: ObjectRecord, forbidOverwrite: boolean) => {
      if (!s.uploadExists.get(uploadId)) return 'gone' as const;
      const parts = s.allParts.all(uploadId);
      for (const [partNumber, blobId] of partBlobIds) {
        if (parts.find((p) => p.part_number === partNumber)?.blob_id !== blobId) return 'changed' as const;
      }
      const swapped = swapObject(record, forbidOverwrite, true);
      // An upload keeps its bucket from being deleted, so 'no-bucket' cannot happen here.
      if (typeof swapped === 'string') return 'exists' as const;
      s.deleteParts.run(uploadId);
      s.deleteUpload.run(uploadId);
      // Parts uploaded but left out of the object are freed with the upload.
      const kept = new Set(record.parts?.map((part) => part.blobId));
      const unreferencedBlobIds = parts.map((p) => p.blob_id).filter((blobId) => !kept.has(blobId));
      unreferencedBlobIds.push(...swapped.unreferencedBlobIds);
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
    if (s.bucketHasObjects.get(name)) return 'not-empty' as const;
    if (s.bucketHasUploads.get(name)) return 'has-uploads' as const;
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
    blobIds.push(...objectParts.allBlobIds());
    db.exec(
      'DELETE FROM parts; DELETE FROM uploads; DELETE FROM object_parts; DELETE FROM objects; DELETE FROM bucket_configs; DELETE FROM buckets;',
    );
    return blobIds;
  });

  const deleteObjectTx = db.transaction((bucket: string, key: string) =>
    s.blobOf.get(bucket, key) ? releaseObject(bucket, key) : undefined,
  );

  return {
    getBucket(name) {
      let row = bucketRows.get(name);
      if (row === undefined) {
        row = s.getBucket.get(name);
        if (row) bucketRows.set(name, row);
      }
      return row && toBucket(row);
    },
    createBucket(bucket) {
      bucketRows.delete(bucket.name);
      const info = s.insertBucket.run({ ...bucket, createdAt: bucket.createdAt.getTime(), owner: bucket.owner ?? null });
      return info.changes === 1;
    },
    deleteBucket(name) {
      forgetBucket(name);
      return deleteBucketTx(name);
    },
    setBucketAcl(name, acl) {
      bucketRows.delete(name);
      s.setBucketAcl.run(acl, name);
    },
    getBucketConfig(bucket, name) {
      const key = configKey(bucket, name);
      let document = configDocuments.get(key);
      if (document === undefined && !configDocuments.has(key)) {
        document = s.getBucketConfig.get(bucket, name)?.document;
        if (configDocuments.size >= CACHED_CONFIGS) configDocuments.clear();
        configDocuments.set(key, document);
      }
      return document;
    },
    putBucketConfig(bucket, name, document) {
      configDocuments.delete(configKey(bucket, name));
      return putBucketConfigTx(bucket, name, document);
    },
    deleteBucketConfig(bucket, name) {
      configDocuments.delete(configKey(bucket, name));
      s.deleteBucketConfig.run(bucket, name);
    },
    listBuckets(prefix, marker, maxKeys) {
      const rows = s.listBuckets.all(marker, prefix, maxKeys + 1).filter((r) => r.name.startsWith(prefix));
      return {
        buckets: rows.slice(0, maxKeys).map(toBucket),
        isTruncated: rows.length > maxKeys,
      };
    },

    bucketUsage,
    getObject(bucket, key) {
      const row = s.getObject.get(bucket, key);
      if (!row) return undefined;
      const object = toObject(row);
      return row.blob_id === '' ? { ...object, parts: objectParts.load(bucket, key) } : object;
    },
    putObject: (record, options) => swapObject(record, options?.forbidOverwrite ?? false, false),
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
    setObjectRestore(bucket, key, expected, restore) {
      const args = [JSON.stringify(restore), bucket, key, expected.etag, expected.lastModified.getTime()] as const;
      return s.setObjectRestore.run(...args).changes === 1;
    },
    deleteObject: (bucket, key) => deleteObjectTx(bucket, key),
    listObjects: (query) => listings.listObjectsPage(query),

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
    listUploads: (query) => listings.listUploadsPage(query),

    referencedBlobIds() {
      const ids = new Set<string>();
      for (const row of s.objectBlobs.iterate()) ids.add(row.blob_id);
      for (const row of s.partBlobs.iterate()) ids.add(row.blob_id);
      for (const blobId of objectParts.allBlobIds()) ids.add(blobId);
      return ids;
    },
    clearAll() {
      bucketRows.clear();
      configDocuments.clear();
      return clearAllTx();
    },
    close() {
      db.close();
    },
  };
}
