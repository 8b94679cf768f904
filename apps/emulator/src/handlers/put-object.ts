/** PutObject: `PUT /<key>` (oss-protocol.md §5.7). */
import { ossError } from '@ossbox/protocol';
import { forbidsOverwrite, httpMetaFromHeaders, parseAcl, quotedEtag, storageClassFrom } from '../http/object-headers.js';
import { checkMd5, expectedMd5 } from '../http/read-body.js';
import type { Handler } from './handler.js';
import { requireBucket } from './handler.js';
import { installObject, receiveBlob } from './install-object.js';
import { storeUploadAndRespond } from './upload-response.js';

/** Store the request body as the object; 200 with ETag, CRC-64 and Content-MD5 headers. */
export const putObject: Handler = async (ctx) => {
  requireBucket(ctx);
  const { headers } = ctx.req;
  const acl = parseAcl(headers['x-oss-object-acl'] as string | undefined, true) ?? 'default';
  const meta = httpMetaFromHeaders(headers, ctx.key);
  const forbidOverwrite = forbidsOverwrite(headers);
  const md5 = expectedMd5(ctx.req);
  // Fail before reading the body when the answer is already known.
  if (forbidOverwrite && ctx.storage.meta.getObject(ctx.bucket, ctx.key)) {
    throw ossError('FileAlreadyExists', { details: { Key: ctx.key } });
  }
  await storeUploadAndRespond(ctx, async () => {
    const blob = await receiveBlob(ctx, ctx.req);
    try {
      checkMd5(md5, blob.md5);
    } catch (error) {
      await blob.discard();
      throw error;
    }
    const contentMd5 = blob.md5.toString('base64');
    const object = await installObject(
      ctx,
      blob,
      {
        ...meta,
        bucket: ctx.bucket,
        key: ctx.key,
        etag: blob.md5.toString('hex').toUpperCase(),
        contentMd5,
        type: 'Normal',
        storageClass: storageClassFrom(headers),
        acl,
        lastModified: new Date(),
      },
      forbidOverwrite,
    );
    return {
      operation: 'PutObject',
      object,
      sendDefault() {
        ctx.res
          .status(200)
          .set({ ETag: quotedEtag(object.etag), 'x-oss-hash-crc64ecma': object.crc64, 'Content-MD5': contentMd5 })
          .end();
      },
    };
  });
};
