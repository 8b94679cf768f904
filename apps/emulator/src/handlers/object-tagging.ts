/**
 * PutObjectTagging, GetObjectTagging and DeleteObjectTagging: `PUT|GET|DELETE /<key>?tagging`
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/putobjecttagging). Tags are the
 * ones `x-oss-tagging` sets on upload; changing them does not change Last-Modified.
 */
import { buildTagging, ossError, parseTagging } from '@ossbox/protocol';
import { checkBodyMd5, readSmallBody } from '../http/read-body.js';
import { checkTags } from '../http/upload-headers.js';
import type { Handler, HandlerContext } from './handler.js';
import { requireObject, sendXml } from './handler.js';
import { sendNoContent } from '../http/send-document.js';

function setTags(ctx: HandlerContext, tags: Record<string, string> | undefined): void {
  if (!ctx.storage.meta.setObjectTags(ctx.bucket, ctx.key, tags)) throw ossError('NoSuchKey', { details: { Key: ctx.key } });
}

/** Replace the object's tags with the body's `<Tagging>`; 200, no body. */
export const putObjectTagging: Handler = async (ctx) => {
  requireObject(ctx);
  const body = await readSmallBody(ctx.req);
  checkBodyMd5(ctx.req, body);
  const xml = body.toString('utf8');
  setTags(ctx, checkTags(parseTagging(xml), xml));
  ctx.res.status(200).end();
};

/** The object's tags as `<Tagging>`. */
export const getObjectTagging: Handler = (ctx) => {
  const object = requireObject(ctx);
  sendXml(ctx, buildTagging(Object.entries(object.tags ?? {}).map(([key, value]) => ({ key, value }))));
};

/** Remove every tag; 204. */
export const deleteObjectTagging: Handler = (ctx) => {
  requireObject(ctx);
  setTags(ctx, undefined);
  sendNoContent(ctx.res);
};
