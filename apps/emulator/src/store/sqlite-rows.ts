/** Rows of the SQLite metadata store (sqlite-schema.ts) and their conversion to records. */
import type { Acl, BucketRecord, ObjectAcl, ObjectRecord, PartRecord, UploadRecord } from './metadata-store.js';

export interface BucketRow {
  name: string;
  acl: Acl;
  storage_class: string;
  created_at: number;
  owner: string | null;
}

export interface ObjectRow {
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

export interface UploadRow {
  bucket: string;
  key: string;
  upload_id: string;
  initiated: number;
  http_meta: string;
  acl: ObjectAcl;
  storage_class: string;
}

export interface PartRow {
  upload_id: string;
  part_number: number;
  blob_id: string;
  size: number;
  etag: string;
  crc64: string;
  last_modified: number;
}

export function toBucket(row: BucketRow): BucketRecord {
  return {
    name: row.name,
    acl: row.acl,
    storageClass: row.storage_class,
    createdAt: new Date(row.created_at),
    ...(row.owner === null ? {} : { owner: row.owner }),
  };
}

/** The record of an object row, without its `parts` (sqlite-object-parts.ts adds them). */
export function toObject(row: ObjectRow): ObjectRecord {
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

/** The object row of a record (its `parts` go to their own table). */
export function objectParams(r: ObjectRecord): ObjectRow {
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
    symlinkTarget: r.symlinkTarget,
    restore: r.restore,
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

export function toUpload(row: UploadRow): UploadRecord {
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

export function toPart(row: PartRow): PartRecord {
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
