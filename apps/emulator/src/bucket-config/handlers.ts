/**
 * Put/Get/Delete of every configuration in {@link BUCKET_CONFIG_KINDS}: one handler of each, driven
 * by the kind. A Put is fully checked before anything is stored, so a rejected body leaves the
 * previous configuration in place; configurations go away with their bucket.
 */
import { ossError } from '@ossbox/protocol';
import { checkBodyMd5, readSmallBody } from '../http/read-body.js';
import type { Handler } from '../handlers/handler.js';
import { requireBucket } from '../handlers/handler.js';
import type { BucketConfigKind } from './kinds.js';
import { BUCKET_CONFIG_KINDS } from './kinds.js';
import { sendDocument, sendNoContent } from '../http/send-document.js';

/** `Put<Kind>`: 200 with an empty body. */
export function putBucketConfig(kind: BucketConfigKind): Handler {
  return async (ctx) => {
    requireBucket(ctx);
    const body = await readSmallBody(ctx.req, kind.maxBytes);
    checkBodyMd5(ctx.req, body);
    const document = kind.accept(body.toString('utf8'), ctx);
    if (document === undefined) ctx.storage.meta.deleteBucketConfig(ctx.bucket, kind.name);
    // The bucket may have been deleted while the body was arriving.
    else if (!ctx.storage.meta.putBucketConfig(ctx.bucket, kind.name, document)) requireBucket(ctx);
    ctx.res.status(200).end();
  };
}

/** `Get<Kind>`: the stored document, or the kind's default / its NoSuch… error. */
export function getBucketConfig(kind: BucketConfigKind): Handler {
  return (ctx) => {
    requireBucket(ctx);
    const document = ctx.storage.meta.getBucketConfig(ctx.bucket, kind.name) ?? kind.absent(ctx.bucket);
    sendDocument(ctx.res, 200, kind.contentType, document);
  };
}

/** `Delete<Kind>`: 204, also when nothing was stored. */
export function deleteBucketConfig(kind: BucketConfigKind): Handler {
  return (ctx) => {
    requireBucket(ctx);
    const stored = ctx.storage.meta.getBucketConfig(ctx.bucket, kind.name);
    const left = stored === undefined ? undefined : kind.afterDelete?.(stored, ctx);
    if (left === undefined) ctx.storage.meta.deleteBucketConfig(ctx.bucket, kind.name);
    else ctx.storage.meta.putBucketConfig(ctx.bucket, kind.name, left);
    sendNoContent(ctx.res);
  };
}

/**
 * The operation of a bucket-level request on one of the configuration sub-resources, or
 * undefined when the request names none. A method the kind has no operation for is 405.
 */
export function bucketConfigOperation(method: string, query: Record<string, string>): { name: string; handler: Handler } | undefined {
  const kind = BUCKET_CONFIG_KINDS.find((k) => k.name in query);
  if (kind === undefined) return undefined;
  if (method === 'PUT') return { name: kind.put, handler: putBucketConfig(kind) };
  if (method === 'GET') return { name: kind.get, handler: getBucketConfig(kind) };
  if (method === 'DELETE' && kind.delete !== undefined) return { name: kind.delete, handler: deleteBucketConfig(kind) };
  throw ossError('MethodNotAllowed', { details: { Method: method } });
}
