/** Opening the source object of CopyObject / UploadPartCopy, with its conditions and ACL. */
import { ossError } from '@ossbox/protocol';
import type { CopySource } from '../http/copy-source.js';
import { evaluateConditions } from '../http/conditions.js';
import { anonymousMayRead } from '../middleware/authenticate.js';
import type { HandlerContext } from './handler.js';
import { openObject } from './open-object.js';
import type { OpenedObject } from './open-object.js';

/** The source object with an open blob; the caller must close it. */
export async function openCopySource(ctx: HandlerContext, source: CopySource): Promise<OpenedObject> {
  const bucket = ctx.storage.meta.getBucket(source.bucket);
  if (!bucket) throw ossError('NoSuchBucket', { details: { BucketName: source.bucket } });
  const opened = await openObject(ctx, source.bucket, source.key, (object) => {
    if (ctx.state.auth?.kind === 'anonymous' && !anonymousMayRead(bucket, object)) {
      throw ossError('AccessDenied', { message: 'You have no right to access the copy source.' });
    }
    evaluateConditions(ctx.req.headers, object, 'x-oss-copy-source-');
  });
  if (!opened) throw ossError('NoSuchKey', { details: { Key: source.key } });
  return opened;
}
