/** Opening the source object of CopyObject / UploadPartCopy, with its conditions and ACL. */
import { ossError } from '@ossbox/protocol';
import type { CopySource } from '../http/copy-source.js';
import { evaluateConditions } from '../http/conditions.js';
import type { OpenBlob } from '../store/blob-store.js';
import type { ObjectRecord } from '../store/metadata-store.js';
import { anonymousMayRead } from '../middleware/authenticate.js';
import type { HandlerContext } from './handler.js';

/** The source object with an open blob; the caller must close it. */
export async function openCopySource(
  ctx: HandlerContext,
  source: CopySource,
): Promise<{ object: ObjectRecord; blob: OpenBlob }> {
  const bucket = ctx.storage.meta.getBucket(source.bucket);
  if (!bucket) throw ossError('NoSuchBucket', { details: { BucketName: source.bucket } });
  for (let attempt = 0; attempt < 3; attempt++) {
    const object = ctx.storage.meta.getObject(source.bucket, source.key);
    if (!object) break;
    if (ctx.state.auth?.kind === 'anonymous' && !anonymousMayRead(bucket, object)) {
      throw ossError('AccessDenied', { message: 'You have no right to access the copy source.' });
    }
    evaluateConditions(ctx.req.headers, object, 'x-oss-copy-source-');
    const blob = await ctx.storage.blobs.open(object.blobId);
    if (blob) return { object, blob };
  }
  throw ossError('NoSuchKey', { details: { Key: source.key } });
}
