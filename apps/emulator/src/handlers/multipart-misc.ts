/** AbortMultipartUpload, ListParts and ListMultipartUploads (docs/rest-api.md §5.10). */
import { buildListMultipartUploadsResult, buildListPartsResult } from '@ossbox/protocol';
import type { ListMultipartUploadsResult, ListPartsResult } from '@ossbox/protocol';
import { quotedEtag } from '../http/object-headers.js';
import type { Handler } from './handler.js';
import { encodingTypeOf, integerParam, requireBucket, sendXml } from './handler.js';
import { noSuchUpload, requireUpload } from './multipart-common.js';
import { sendNoContent } from '../http/send-document.js';

/** `DELETE /<key>?uploadId=` → 204; the parts' bytes are deleted. */
export const abortMultipartUpload: Handler = async (ctx) => {
  requireBucket(ctx);
  const uploadId = ctx.address.query.uploadId ?? '';
  const blobIds = ctx.storage.meta.abortUpload(ctx.bucket, ctx.key, uploadId);
  if (blobIds === undefined) throw noSuchUpload(uploadId);
  await ctx.storage.blobs.delete(blobIds);
  sendNoContent(ctx.res);
};

/** `GET /<key>?uploadId=`: max-parts (default 1000) and part-number-marker paging. */
export const listParts: Handler = (ctx) => {
  const upload = requireUpload(ctx);
  const encodingType = encodingTypeOf(ctx);
  const maxParts = integerParam(ctx, 'max-parts', 1000, 1, 1000);
  const marker = integerParam(ctx, 'part-number-marker', 0, 0, 10000);
  const parts = ctx.storage.meta.listParts(upload.uploadId, marker, maxParts + 1);
  const page = parts.slice(0, maxParts);
  const isTruncated = parts.length > maxParts;
  const result: ListPartsResult = {
    bucket: ctx.bucket,
    key: ctx.key,
    uploadId: upload.uploadId,
    partNumberMarker: marker,
    // The last part listed, truncated or not; empty when none is (the Java SDK's UploadPartTest,
    // against OSS, reads it as absent for an upload without parts).
    nextPartNumberMarker: page[page.length - 1]?.partNumber,
    maxParts,
    isTruncated,
    storageClass: upload.storageClass,
    parts: page.map((p) => ({
      partNumber: p.partNumber,
      lastModified: p.lastModified,
      etag: quotedEtag(p.etag),
      size: p.size,
      hashCrc64ecma: p.crc64,
    })),
  };
  if (encodingType) result.encodingType = encodingType;
  sendXml(ctx, buildListPartsResult(result));
};

/** `GET /?uploads`: prefix, delimiter, key-marker, upload-id-marker, max-uploads (default 1000). */
export const listMultipartUploads: Handler = (ctx) => {
  requireBucket(ctx);
  const encodingType = encodingTypeOf(ctx);
  const { query } = ctx.address;
  const prefix = query.prefix ?? '';
  const delimiter = query.delimiter ?? '';
  const keyMarker = query['key-marker'] ?? '';
  const uploadIdMarker = keyMarker === '' ? '' : (query['upload-id-marker'] ?? '');
  const maxUploads = integerParam(ctx, 'max-uploads', 1000, 1, 1000);
  const page = ctx.storage.meta.listUploads({
    bucket: ctx.bucket,
    prefix,
    delimiter,
    keyMarker,
    uploadIdMarker,
    maxUploads,
  });
  const result: ListMultipartUploadsResult = {
    bucket: ctx.bucket,
    keyMarker,
    uploadIdMarker,
    nextKeyMarker: page.nextKeyMarker,
    nextUploadIdMarker: page.nextUploadIdMarker,
    delimiter,
    prefix,
    maxUploads,
    isTruncated: page.isTruncated,
    uploads: page.uploads.map((u) => ({ key: u.key, uploadId: u.uploadId, initiated: u.initiated })),
    commonPrefixes: page.commonPrefixes,
  };
  if (encodingType) result.encodingType = encodingType;
  sendXml(ctx, buildListMultipartUploadsResult(result));
};
