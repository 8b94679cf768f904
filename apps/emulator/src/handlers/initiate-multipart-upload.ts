/** InitiateMultipartUpload: `POST /<key>?uploads` (docs/rest-api.md §5.10). */
import { buildInitiateMultipartUploadResult, newUploadId } from '@ossbox/protocol';
import { bucketEncryptionOf } from '../bucket-config/encryption.js';
import { headerValue, httpMetaFromHeaders, parseAcl, setEncryptionHeaders } from '../http/object-headers.js';
import { storageClassFrom } from '../http/upload-headers.js';
import type { Handler } from './handler.js';
import { encodingTypeOf, requireBucket, sendXml } from './handler.js';
import { checkForbidOverwrite } from './install-object.js';

/**
 * Record a new upload with the metadata the final object will get; the live object is untouched.
 * `encoding-type=url` URL-encodes the answer's Key (the reference's request parameter): the
 * official Go SDK v2 always sends it and reads the Key back through it, so a key with a control
 * character (its integration test TestCompleteMultipartUpload uses "…dest\f\v") would otherwise
 * reach its XML parser raw.
 */
export const initiateMultipartUpload: Handler = (ctx) => {
  const encodingType = encodingTypeOf(ctx);
  const bucket = requireBucket(ctx);
  const { headers } = ctx.req;
  checkForbidOverwrite(ctx);
  const initiated = new Date();
  const uploadId = newUploadId(initiated);
  const meta = httpMetaFromHeaders(headers, bucketEncryptionOf(ctx.storage.meta, ctx.bucket));
  ctx.storage.meta.createUpload({
    bucket: ctx.bucket,
    key: ctx.key,
    uploadId,
    initiated,
    meta,
    acl: parseAcl(headerValue(headers, 'x-oss-object-acl'), true) ?? 'default',
    storageClass: storageClassFrom(headers, bucket.storageClass),
  });
  setEncryptionHeaders(ctx.res, meta.serverSideEncryption);
  sendXml(
    ctx,
    buildInitiateMultipartUploadResult({
      bucket: ctx.bucket,
      key: ctx.key,
      uploadId,
      ...(encodingType ? { encodingType } : {}),
    }),
  );
};
