/** CopyObject: `PUT /<key>` with `x-oss-copy-source` (docs/rest-api.md §5.7). */
import { Readable } from 'node:stream';
import { buildCopyObjectResult, ossError } from '@ossbox/protocol';
import type { CopySource } from '../http/copy-source.js';
import { bucketEncryptionOf } from '../bucket-config/encryption.js';
import { headerValue, httpMetaFromHeaders, md5Etag, parseAcl, quotedEtag, setEncryptionHeaders } from '../http/object-headers.js';
import { parseStorageClass } from '../http/upload-headers.js';
import type { ObjectHttpMeta, ObjectRecord } from '../store/metadata-store.js';
import type { HandlerContext } from './handler.js';
import { requireBucket, sendXml } from './handler.js';
import { checkForbidOverwrite, installObject, receiveBlob } from './install-object.js';
import { openCopySource } from './read-copy-source.js';

/** `x-oss-metadata-directive` / `x-oss-tagging-directive`: COPY or REPLACE, `fallback` when absent. */
function directiveOf(ctx: HandlerContext, name: string, fallback: 'COPY' | 'REPLACE' = 'COPY'): 'COPY' | 'REPLACE' {
  const directive = (headerValue(ctx.req.headers, name) ?? fallback).toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw ossError('InvalidArgument', {
      message: `Invalid ${name}.`,
      details: { ArgumentName: name, ArgumentValue: directive },
    });
  }
  return directive;
}

/**
 * CopyObject of a Multipart object stored as parts: the copy shares the source's part blobs (they
 * never change), so it costs O(parts) like CompleteMultipartUpload and copies no byte.
 */
async function shareParts(ctx: HandlerContext, source: CopySource, record: ObjectRecord, forbidOverwrite: boolean): Promise<ObjectRecord> {
  const swapped = ctx.storage.meta.putObject(record, { forbidOverwrite });
  if (swapped === 'no-bucket') throw ossError('NoSuchBucket', { details: { BucketName: record.bucket } });
  if (swapped === 'exists') throw ossError('FileAlreadyExists', { details: { Key: record.key } });
  // The source was deleted or overwritten since its row was read, so its parts may be gone.
  if (swapped === 'changed') throw ossError('NoSuchKey', { details: { Key: source.key } });
  await ctx.storage.blobs.delete(swapped.unreferencedBlobIds);
  return record;
}

/**
 * Copy a whole object. COPY keeps the source's metadata, REPLACE takes the request's; tags follow
 * `x-oss-tagging-directive` the same way; server-side encryption is the request's
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/copyobject).
 */
export async function copyObject(ctx: HandlerContext, source: CopySource): Promise<void> {
  requireBucket(ctx);
  const { headers } = ctx.req;
  // A copy onto itself without a directive is how OSS changes an object's metadata: the request's
  // metadata replaces the stored one. Every official SDK's update_object_meta / copy-to-self
  // sends no directive and expects the new metadata (oss2's test_update_object_meta) [unverified
  // in the CopyObject reference, which documents COPY as the default].
  const onItself = source.bucket === ctx.bucket && source.key === ctx.key;
  const directive = directiveOf(ctx, 'x-oss-metadata-directive', onItself ? 'REPLACE' : 'COPY');
  const taggingDirective = directiveOf(ctx, 'x-oss-tagging-directive');
  // Validates every metadata, encryption and tagging header whatever the directives say.
  const requested = httpMetaFromHeaders(headers, bucketEncryptionOf(ctx.storage.meta, ctx.bucket));
  const storageClass = parseStorageClass(headerValue(headers, 'x-oss-storage-class'), 'x-oss-storage-class', 'bucket');
  const acl = parseAcl(headerValue(headers, 'x-oss-object-acl'), true) ?? 'default';
  const forbidOverwrite = checkForbidOverwrite(ctx);
  const opened = await openCopySource(ctx, source);
  if (opened === 'not-modified') {
    ctx.res.status(304).end();
    return;
  }
  const { object: src, blob: srcBlob } = opened;
  const { serverSideEncryption, tags, ...requestedHttp } = requested;
  const httpMeta: ObjectHttpMeta =
    directive === 'REPLACE'
      ? requestedHttp
      : {
          contentType: src.contentType,
          userMeta: src.userMeta,
          ...(src.cacheControl === undefined ? {} : { cacheControl: src.cacheControl }),
          ...(src.contentDisposition === undefined ? {} : { contentDisposition: src.contentDisposition }),
          ...(src.contentEncoding === undefined ? {} : { contentEncoding: src.contentEncoding }),
          ...(src.contentLanguage === undefined ? {} : { contentLanguage: src.contentLanguage }),
          ...(src.expires === undefined ? {} : { expires: src.expires }),
        };
  const copiedTags = taggingDirective === 'REPLACE' ? tags : src.tags;
  const fields = {
    ...httpMeta,
    ...(serverSideEncryption === undefined ? {} : { serverSideEncryption }),
    ...(copiedTags === undefined ? {} : { tags: copiedTags }),
    bucket: ctx.bucket,
    key: ctx.key,
    storageClass: storageClass ?? src.storageClass,
    acl,
    lastModified: new Date(),
  };
  let object: ObjectRecord;
  if (src.parts) {
    await srcBlob.close();
    const shared = { blobId: '', parts: src.parts, size: src.size, etag: src.etag, crc64: src.crc64, type: 'Multipart' as const };
    object = await shareParts(ctx, source, { ...fields, ...shared }, forbidOverwrite);
  } else {
    let blob;
    try {
      blob = await receiveBlob(ctx, src.size === 0 ? Readable.from([]) : srcBlob.stream(0, src.size - 1), { expectedSize: src.size });
    } finally {
      await srcBlob.close();
    }
    // A multipart source keeps its composite ETag; other sources get the MD5 just measured. A
    // link is copied as a link to the same target (CopyObject does not follow symlinks).
    const digest =
      src.type === 'Multipart'
        ? { etag: src.etag, type: 'Multipart' as const }
        : src.type === 'Symlink'
          ? { etag: src.etag, type: 'Symlink' as const, symlinkTarget: src.symlinkTarget! }
          : { etag: md5Etag(blob.md5), contentMd5: blob.md5.toString('base64'), type: 'Normal' as const };
    object = await installObject(ctx, blob, { ...fields, ...digest }, forbidOverwrite);
  }
  ctx.res.setHeader('ETag', quotedEtag(object.etag));
  ctx.res.setHeader('x-oss-hash-crc64ecma', object.crc64);
  setEncryptionHeaders(ctx.res, object.serverSideEncryption);
  sendXml(ctx, buildCopyObjectResult({ etag: quotedEtag(object.etag), lastModified: object.lastModified }));
}
