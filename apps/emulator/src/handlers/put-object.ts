/** PutObject: `PUT /<key>` (docs/rest-api.md §5.7). */
import { bucketEncryptionOf } from '../bucket-config/encryption.js';
import { httpMetaFromHeaders, md5Etag, parseAcl, quotedEtag, setEncryptionHeaders } from '../http/object-headers.js';
import { refuseWriteConditions, storageClassFrom } from '../http/upload-headers.js';
import { expectedMd5 } from '../http/read-body.js';
import type { Handler } from './handler.js';
import { requireBucket } from './handler.js';
import { checkForbidOverwrite, installObject, receiveBody } from './install-object.js';
import { storeUploadAndRespond } from './upload-response.js';

/** Store the request body as the object; 200 with ETag, CRC-64 and Content-MD5 headers. */
export const putObject: Handler = async (ctx) => {
  const bucket = requireBucket(ctx);
  const { headers } = ctx.req;
  refuseWriteConditions(headers);
  const acl = parseAcl(headers['x-oss-object-acl'] as string | undefined, true) ?? 'default';
  const meta = httpMetaFromHeaders(headers, bucketEncryptionOf(ctx.storage.meta, ctx.bucket));
  const storageClass = storageClassFrom(headers, bucket.storageClass);
  const md5 = expectedMd5(ctx.req);
  const forbidOverwrite = checkForbidOverwrite(ctx);
  await storeUploadAndRespond(ctx, async () => {
    const blob = await receiveBody(ctx, md5);
    const contentMd5 = blob.md5.toString('base64');
    const object = await installObject(
      ctx,
      blob,
      {
        ...meta,
        bucket: ctx.bucket,
        key: ctx.key,
        etag: md5Etag(blob.md5),
        contentMd5,
        type: 'Normal',
        storageClass,
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
          .set({ ETag: quotedEtag(object.etag), 'x-oss-hash-crc64ecma': object.crc64, 'Content-MD5': contentMd5 });
        setEncryptionHeaders(ctx.res, object.serverSideEncryption);
        ctx.res.end();
      },
    };
  });
};
