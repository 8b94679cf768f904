/** AppendObject: `POST /<key>?append&position=<n>` (docs/rest-api.md §5.7). */
import { crc64Combine, ossError } from '@ossbox/protocol';
import { bucketEncryptionOf } from '../bucket-config/encryption.js';
import { headerValue, httpMetaFromHeaders, parseAcl, quotedEtag, setEncryptionHeaders } from '../http/object-headers.js';
import { storageClassFrom, taggingFrom } from '../http/upload-headers.js';
import { checkMd5, expectedMd5, requestBody } from '../http/read-body.js';
import { BlobSizeLimitError } from '../store/file-blob-store.js';
import type { ObjectRecord } from '../store/metadata-store.js';
import type { Handler, HandlerContext } from './handler.js';
import { requireBucket } from './handler.js';
import { installObject, MAX_OBJECT_SIZE, receiveBody } from './install-object.js';

/**
 * Appendable objects get no MD5 ETag; OSS sends a CRC-looking value (§5.12 [unverified rule]),
 * so derive a stable 32-hex one from the CRC and the size.
 */
function appendableEtag(crc64: bigint, size: number): string {
  return (crc64.toString(16).padStart(16, '0') + size.toString(16).padStart(16, '0')).toUpperCase();
}

function positionMismatch(ctx: HandlerContext, size: number): never {
  ctx.res.setHeader('x-oss-next-append-position', String(size));
  throw ossError('PositionNotEqualToLength');
}

function sendAppended(ctx: HandlerContext, object: ObjectRecord): void {
  ctx.res.status(200).set({
    ETag: quotedEtag(object.etag),
    'x-oss-next-append-position': String(object.size),
    'x-oss-hash-crc64ecma': object.crc64,
  });
  setEncryptionHeaders(ctx.res, object.serverSideEncryption);
  ctx.res.end();
}

/**
 * Create an appendable object at position 0, or append at exactly its current length. The
 * metadata headers count on the first append only; `x-oss-object-acl` counts on every append
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/appendobject: the ACL "can be
 * specified when the object is created or when content is appended to it").
 */
export const appendObject: Handler = async (ctx) => {
  const bucket = requireBucket(ctx);
  const acl = parseAcl(headerValue(ctx.req.headers, 'x-oss-object-acl'), true);
  // Validated on every append, so a bad header fails whatever the position; except x-oss-tagging,
  // which OSS neither checks nor applies once the object exists (the Python SDK's
  // test_append_object_with_tagging_wrong_num appends 15 tags to an existing object and expects
  // success and no tags).
  const { 'x-oss-tagging': _tagging, ...headersButTagging } = ctx.req.headers;
  const meta = httpMetaFromHeaders(headersButTagging, bucketEncryptionOf(ctx.storage.meta, ctx.bucket));
  const storageClass = storageClassFrom(ctx.req.headers, bucket.storageClass);
  const raw = ctx.address.query.position;
  // EC pages 0016-00000501 (no position) and 0016-00000502 (not a non-negative integer).
  if (raw === undefined) {
    throw ossError('MissingArgument', { message: 'Missing Some Required Arguments.', ec: '0016-00000501', details: { ArgumentName: 'position' } });
  }
  if (!/^\d+$/.test(raw)) {
    throw ossError('InvalidArgument', {
      message: 'Position must be a non-negative integer.',
      ec: '0016-00000502',
      details: { ArgumentName: 'position', ArgumentValue: raw },
    });
  }
  const position = Number(raw);
  const md5 = expectedMd5(ctx.req);
  await ctx.locks.run(`${ctx.bucket}/${ctx.key}`, async () => {
    const existing = ctx.storage.meta.getObject(ctx.bucket, ctx.key);
    if (!existing) {
      if (position !== 0) positionMismatch(ctx, 0);
      const tags = taggingFrom(ctx.req.headers);
      // A file whatever its size: later appends grow it in place (inline blobs never grow).
      const blob = await receiveBody(ctx, md5, { appendable: true });
      const object = await installObject(
        ctx,
        blob,
        {
          ...meta,
          ...(tags !== undefined && Object.keys(tags).length > 0 ? { tags } : {}),
          bucket: ctx.bucket,
          key: ctx.key,
          etag: appendableEtag(blob.crc64, blob.size),
          type: 'Appendable',
          storageClass,
          acl: acl ?? 'default',
          lastModified: new Date(),
        },
        false,
      );
      sendAppended(ctx, object);
      return;
    }
    if (existing.type !== 'Appendable') throw ossError('ObjectNotAppendable', { details: { Key: ctx.key } });
    if (position !== existing.size) positionMismatch(ctx, existing.size);
    let appended;
    try {
      appended = await ctx.storage.blobs.append(existing.blobId, existing.size, requestBody(ctx.req), {
        maxSize: MAX_OBJECT_SIZE - existing.size,
      });
    } catch (error) {
      if (error instanceof BlobSizeLimitError) throw ossError('EntityTooLarge', { cause: error });
      // The object was deleted or replaced (and its blob removed) since it was read.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') positionMismatch(ctx, 0);
      throw error;
    }
    try {
      checkMd5(md5, appended.md5);
    } catch (error) {
      await ctx.storage.blobs.truncate(existing.blobId, existing.size);
      throw error;
    }
    const size = existing.size + appended.size;
    const crc = crc64Combine(BigInt(existing.crc64), appended.crc64, appended.size);
    const update = { size, crc64: crc.toString(), etag: appendableEtag(crc, size), lastModified: new Date() };
    // The row may have been replaced (PutObject, DeleteObject) while the bytes were arriving.
    if (!ctx.storage.meta.updateAppended(ctx.bucket, ctx.key, { blobId: existing.blobId, size: existing.size }, update)) {
      positionMismatch(ctx, ctx.storage.meta.getObject(ctx.bucket, ctx.key)?.size ?? 0);
    }
    if (acl !== undefined) ctx.storage.meta.setObjectAcl(ctx.bucket, ctx.key, acl);
    sendAppended(ctx, { ...existing, ...update });
  });
};
