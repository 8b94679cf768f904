/**
 * The console's read model: buckets, listings and multipart uploads read straight from the
 * metadata store and shaped as plain JSON.
 *
 * Why direct reads rather than signed OSS requests: the console is an instrument for watching the
 * emulator, so looking must not change what is watched. Reads through the OSS API would show up in
 * the request log and events, be subject to injected faults (a test making ListObjects fail with
 * 503 would blind the console) and need XML parsing for nothing. Changes, on the other hand, go
 * through the OSS API (presign.ts): an upload from the console is a real PutObject with a real
 * callback, visible in the request log like any client's.
 */
import type { CorsRule } from '@ossbox/protocol';
import { getBucketCorsConfig } from '../cors/bucket-cors.js';
import type { BucketRecord, MetadataStore, ObjectRecord, PartRecord, UploadRecord } from '../store/metadata-store.js';

/** A bucket as the console shows it. */
export interface BucketView {
  name: string;
  acl: string;
  storageClass: string;
  /** ISO 8601. */
  createdAt: string;
  /** The access key id that created it; absent for start-up buckets. */
  owner?: string;
  /** The bucket's CORS rules in matching order; absent when it has none. */
  cors?: { rules: CorsRule[]; responseVary: boolean };
  /** The stored `<CORSConfiguration>` document, for editing. */
  corsXml?: string;
}

/** An object as the console shows it (every stored field except the internal blob id). */
export type ObjectView = Omit<ObjectRecord, 'blobId' | 'lastModified'> & { lastModified: string };

/** One page of a prefix/delimiter listing. */
export interface ObjectPageView {
  objects: ObjectView[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** Pass as `marker` for the next page. */
  nextMarker?: string;
}

/** A part of an upload in progress. */
export interface PartView {
  partNumber: number;
  /** Bytes. */
  size: number;
  etag: string;
  lastModified: string;
}

/** A multipart upload in progress with its parts. */
export interface UploadView {
  key: string;
  uploadId: string;
  initiated: string;
  storageClass: string;
  contentType: string;
  parts: PartView[];
  /** Sum of the part sizes, bytes. */
  size: number;
}

/** Every bucket, by name. */
export function listBucketViews(meta: MetadataStore): BucketView[] {
  const views: BucketView[] = [];
  let marker = '';
  for (;;) {
    const page = meta.listBuckets('', marker, 1000);
    for (const bucket of page.buckets) views.push(bucketView(meta, bucket));
    if (!page.isTruncated || page.buckets.length === 0) return views;
    marker = page.buckets.at(-1)!.name;
  }
}

function bucketView(meta: MetadataStore, bucket: BucketRecord): BucketView {
  const view: BucketView = { name: bucket.name, acl: bucket.acl, storageClass: bucket.storageClass, createdAt: bucket.createdAt.toISOString() };
  if (bucket.owner !== undefined) view.owner = bucket.owner;
  const cors = getBucketCorsConfig(meta, bucket.name);
  if (cors !== undefined) {
    view.cors = cors;
    view.corsXml = meta.getBucketConfig(bucket.name, 'cors')!;
  }
  return view;
}

/** An object record without its blob id, dates as ISO 8601. */
export function objectView(record: ObjectRecord): ObjectView {
  const { blobId: _blobId, lastModified, ...rest } = record;
  return { ...rest, lastModified: lastModified.toISOString() };
}

/** One page of `bucket`'s keys under `prefix`, folded at `delimiter`, after `marker`. */
export function listObjectViews(
  meta: MetadataStore,
  query: { bucket: string; prefix: string; delimiter: string; marker: string; maxKeys: number },
): ObjectPageView {
  const page = meta.listObjects({ bucket: query.bucket, prefix: query.prefix, delimiter: query.delimiter, after: query.marker, maxKeys: query.maxKeys });
  const view: ObjectPageView = { objects: page.objects.map(objectView), commonPrefixes: page.commonPrefixes, isTruncated: page.isTruncated };
  if (page.nextMarker !== undefined) view.nextMarker = page.nextMarker;
  return view;
}

/** Most parts one upload may have (UploadPart's partNumber range). */
const MAX_PARTS = 10_000;

/** Every multipart upload in progress in `bucket` (oldest key first), with all its parts. */
export function listUploadViews(meta: MetadataStore, bucket: string): UploadView[] {
  const uploads: UploadRecord[] = [];
  let keyMarker = '';
  let uploadIdMarker = '';
  for (;;) {
    const page = meta.listUploads({ bucket, prefix: '', delimiter: '', keyMarker, uploadIdMarker, maxUploads: 1000 });
    uploads.push(...page.uploads);
    if (!page.isTruncated) break;
    keyMarker = page.nextKeyMarker;
    uploadIdMarker = page.nextUploadIdMarker;
  }
  return uploads.map((upload) => {
    const parts = meta.listParts(upload.uploadId, 0, MAX_PARTS).map(partView);
    return {
      key: upload.key,
      uploadId: upload.uploadId,
      initiated: upload.initiated.toISOString(),
      storageClass: upload.storageClass,
      contentType: upload.meta.contentType,
      parts,
      size: parts.reduce((sum, part) => sum + part.size, 0),
    };
  });
}

function partView(part: PartRecord): PartView {
  return { partNumber: part.partNumber, size: part.size, etag: part.etag, lastModified: part.lastModified.toISOString() };
}
