/** Opening the source object of CopyObject / UploadPartCopy, with its conditions and ACL. */
import { ossError } from '@ossbox/protocol';
import type { CopySource } from '../http/copy-source.js';
import { checkReadable } from '../http/archive-state.js';
import { evaluateConditions } from '../http/conditions.js';
import type { ConditionResult } from '../http/conditions.js';
import { checkAccess } from '../access/check-access.js';
import type { HandlerContext } from './handler.js';
import { openObject } from './open-object.js';
import type { OpenedObject } from './open-object.js';

/**
 * The source object with an open blob (the caller must close it), or 'not-modified' when an
 * `x-oss-copy-source-if-none-match` / `-if-modified-since` condition fails: the caller answers 304.
 */
export async function openCopySource(ctx: HandlerContext, source: CopySource): Promise<OpenedObject | 'not-modified'> {
  const bucket = ctx.storage.meta.getBucket(source.bucket);
  if (!bucket) throw ossError('NoSuchBucket', { details: { BucketName: source.bucket } });
  // Copying reads the source: the requester needs oss:GetObject on it as well (CopyObject doc,
  // https://www.alibabacloud.com/help/en/oss/developer-reference/copyobject, Permissions), under
  // the source bucket's policy and ACLs.
  checkAccess(ctx, {
    operation: 'oss:GetObject',
    bucket: source.bucket,
    key: source.key,
    access: 'read',
    aclRefusal: 'You have no right to access the copy source.',
  });
  let condition = 'ok' as ConditionResult;
  const opened = await openObject(ctx, source.bucket, source.key, (object) => {
    checkReadable(object);
    condition = evaluateConditions(ctx.req.headers, object, 'x-oss-copy-source-');
  });
  if (!opened) throw ossError('NoSuchKey', { details: { Key: source.key } });
  if (condition === 'not-modified') {
    await opened.blob.close();
    return 'not-modified';
  }
  return opened;
}
