/**
 * The metadata side of the emulator's storage: buckets, object records and multipart state.
 * Implementations must make every method atomic; the bytes live in a {@link BlobStore}
 * (./blob-store.ts) and records only point at them by blob id.
 */
import type { BlobSlice } from './blob-store.js';

/** ACL values OSS accepts on buckets; objects additionally accept `default` (inherit the bucket's). */
export type Acl = 'private' | 'public-read' | 'public-read-write';
/** Object ACL: a bucket ACL or `default`. */
export type ObjectAcl = Acl | 'default';
/** How an object was created (`x-oss-object-type`); `Symlink` is PutSymlink's link. */
export type ObjectType = 'Normal' | 'Multipart' | 'Appendable' | 'Symlink';

/** A bucket row. */
export interface BucketRecord {
  name: string;
  acl: Acl;
  storageClass: string;
  createdAt: Date;
  /**
   * Access key id of the key pair that created the bucket with PutBucket; undefined for buckets
   * created at start-up (`--bucket`), which belong to the first configured key pair.
   */
  owner?: string;
}

/** Server-side encryption an object was stored with (recorded and echoed; bytes are stored as sent). */
export interface ServerSideEncryption {
  /** `x-oss-server-side-encryption`: AES256, KMS or SM4. */
  algorithm: string;
  /** `x-oss-server-side-data-encryption` (SM4, with KMS only). */
  dataEncryption?: string;
  /** `x-oss-server-side-encryption-key-id` (KMS only). */
  keyId?: string;
}

/** HTTP metadata stored with an object and returned on GET/HEAD. */
export interface ObjectHttpMeta {
  contentType: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  expires?: string;
  /** `x-oss-meta-*` headers, names lowercased without the prefix. */
  userMeta: Record<string, string>;
  serverSideEncryption?: ServerSideEncryption;
  /** Object tags (`x-oss-tagging`), in the order sent. */
  tags?: Record<string, string>;
  /** The key a `Symlink` object points at (PutSymlink's `x-oss-symlink-target`, decoded). */
  symlinkTarget?: string;
}

/**
 * Where RestoreObject left an Archive / Cold Archive object: readable from `readyAt` until
 * `expiresAt` (ms since the epoch). Before `readyAt` the restore is in progress; after `expiresAt`
 * the object is frozen again.
 */
export interface RestoreState {
  readyAt: number;
  expiresAt: number;
}

/** An object row (the live version of a key). */
export interface ObjectRecord extends ObjectHttpMeta {
  bucket: string;
  key: string;
  /** The blob holding the bytes; `''` when the bytes are `parts`. */
  blobId: string;
  /**
   * A Multipart object's bytes: its part blobs in order (CompleteMultipartUpload keeps the parts
   * instead of copying them into one blob). Present on rows from {@link MetadataStore.getObject};
   * listings leave it out. Part blobs never change and may be shared by copies of the object.
   */
  parts?: readonly BlobSlice[];
  size: number;
  /** Uppercase hex, without quotes. */
  etag: string;
  /** Decimal CRC-64/ECMA of the whole object. */
  crc64: string;
  /** Base64 MD5, only for objects uploaded in one piece. */
  contentMd5?: string;
  type: ObjectType;
  storageClass: string;
  acl: ObjectAcl;
  lastModified: Date;
  /** The last RestoreObject of an archived object. */
  restore?: RestoreState;
}

/** A multipart upload in progress; `meta` is applied to the object at Complete. */
export interface UploadRecord {
  bucket: string;
  key: string;
  uploadId: string;
  initiated: Date;
  meta: ObjectHttpMeta;
  acl: ObjectAcl;
  storageClass: string;
}

/** One uploaded part. */
export interface PartRecord {
  uploadId: string;
  partNumber: number;
  blobId: string;
  size: number;
  /** Uppercase hex MD5, without quotes. */
  etag: string;
  crc64: string;
  lastModified: Date;
}

/** Ask for one page of a prefix/delimiter listing (ListObjects and ListObjectsV2). */
export interface ListObjectsQuery {
  bucket: string;
  prefix: string;
  delimiter: string;
  /** List keys strictly after this one (a common prefix also works as a marker). */
  after: string;
  maxKeys: number;
}

/** One page of a listing; entries are in key byte order. */
export interface ListObjectsPage {
  objects: ObjectRecord[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned, when truncated. */
  nextMarker?: string;
}

/** Ask for one page of ListMultipartUploads. */
export interface ListUploadsQuery {
  bucket: string;
  prefix: string;
  delimiter: string;
  keyMarker: string;
  uploadIdMarker: string;
  maxUploads: number;
}

/** One page of ListMultipartUploads. */
export interface ListUploadsPage {
  uploads: UploadRecord[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last upload (or common prefix, with no upload id) listed, truncated or not; '' when none. */
  nextKeyMarker: string;
  nextUploadIdMarker: string;
}

/** A bucket's objects per storage class, and its unfinished multipart uploads (GetBucketStat). */
export interface BucketUsage {
  objects: { storageClass: string; count: number; bytes: number; /** Bytes with objects under 64 KB counted as 64 KB. */ billedBytes: number }[];
  uploads: number;
  parts: number;
  partBytes: number;
}

/** Result of replacing a row: the blobs the old row pointed at that no row refers to any more. */
export interface SwapResult {
  unreferencedBlobIds: string[];
}

/** Storage for everything except object bytes. */
export interface MetadataStore {
  getBucket(name: string): BucketRecord | undefined;
  /** Returns false when the bucket exists already. */
  createBucket(bucket: BucketRecord): boolean;
  /** Deletes an empty bucket; 'not-empty' when objects remain, else 'has-uploads' when unfinished multipart uploads do. */
  deleteBucket(name: string): 'deleted' | 'missing' | 'not-empty' | 'has-uploads';
  setBucketAcl(name: string, acl: Acl): void;
  listBuckets(prefix: string, marker: string, maxKeys: number): { buckets: BucketRecord[]; isTruncated: boolean };
  /**
   * A bucket configuration (`cors`, …) as stored: the validated XML document its Put operation
   * accepted, rebuilt canonically. Undefined when the bucket has none. Deleted with the bucket.
   */
  getBucketConfig(bucket: string, name: string): string | undefined;
  /** Store (replace) a bucket configuration; false when the bucket does not exist. */
  putBucketConfig(bucket: string, name: string, document: string): boolean;
  /** Remove a bucket configuration; nothing happens when there is none. */
  deleteBucketConfig(bucket: string, name: string): void;

  /** What a bucket holds right now, for GetBucketStat. */
  bucketUsage(bucket: string): BucketUsage;

  getObject(bucket: string, key: string): ObjectRecord | undefined;
  /**
   * Make `record` the live object. With `forbidOverwrite`, returns 'exists' and changes nothing
   * when the key is taken; returns 'no-bucket' when the bucket was deleted meanwhile. A record
   * with `parts` shares the part blobs of an existing object (CopyObject): 'changed' when some
   * object no longer refers to them (the source was deleted or replaced, so they may be gone).
   * Atomic: readers see the old row or the new one, never a mix.
   */
  putObject(record: ObjectRecord, options?: { forbidOverwrite?: boolean }): SwapResult | 'exists' | 'no-bucket' | 'changed';
  /** Update size/crc/etag of an appendable object only if it still points at `blobId` with `expectedSize`. */
  updateAppended(
    bucket: string,
    key: string,
    expected: { blobId: string; size: number },
    update: { size: number; crc64: string; etag: string; lastModified: Date },
  ): boolean;
  setObjectAcl(bucket: string, key: string, acl: ObjectAcl): boolean;
  /** Replace an object's tags (undefined: none); false when there is no object. */
  setObjectTags(bucket: string, key: string, tags: Record<string, string> | undefined): boolean;
  /**
   * Record a RestoreObject on the object still stored with `expected`'s ETag and Last-Modified (a
   * concurrent overwrite must not inherit it); false when there is no such object.
   */
  setObjectRestore(bucket: string, key: string, expected: { etag: string; lastModified: Date }, restore: RestoreState): boolean;
  /** Deletes the row; returns the blob ids it pointed at that no row refers to any more, or undefined when there was no row. */
  deleteObject(bucket: string, key: string): string[] | undefined;
  listObjects(query: ListObjectsQuery): ListObjectsPage;

  createUpload(upload: UploadRecord): void;
  getUpload(bucket: string, key: string, uploadId: string): UploadRecord | undefined;
  /** Store a part (replacing one with the same number); undefined when the upload is gone. */
  putPart(part: PartRecord): SwapResult | undefined;
  listParts(uploadId: string, afterPartNumber: number, maxParts: number): PartRecord[];
  /**
   * Complete an upload atomically: checks it still exists and that its parts still point at
   * `partBlobIds`, installs `record` (whose `parts` are those parts, in order), and drops the
   * upload. Returns the blobs now unreferenced (parts left out of the object and the replaced
   * object's blobs), or 'gone' / 'exists' / 'changed'.
   */
  completeUpload(
    uploadId: string,
    partBlobIds: ReadonlyMap<number, string>,
    record: ObjectRecord,
    options?: { forbidOverwrite?: boolean },
  ): { unreferencedBlobIds: string[] } | 'gone' | 'exists' | 'changed';
  /** Drop an upload and its parts; returns their blob ids, or undefined when unknown. */
  abortUpload(bucket: string, key: string, uploadId: string): string[] | undefined;
  listUploads(query: ListUploadsQuery): ListUploadsPage;

  /** Every blob id a record points at (startup garbage collection). */
  referencedBlobIds(): Set<string>;
  /**
   * Drop every bucket with its configs, objects, uploads and parts in one transaction (the
   * emulator's reset); returns the blob ids they pointed at, now unreferenced.
   */
  clearAll(): string[];
  close(): void;
}
