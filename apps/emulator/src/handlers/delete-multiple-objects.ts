/** DeleteMultipleObjects: `POST /?delete` (docs/rest-api.md §5.7). */
import { buildDeleteResult, ossError, parseDeleteRequest } from '@ossbox/protocol';
import { checkBodyMd5, readSmallBody } from '../http/read-body.js';
import { authorize } from '../sts/index.js';
import type { Handler } from './handler.js';
import { encodingTypeOf, requireBucket, sendXml } from './handler.js';

/** At most 1000 keys per request, as OSS and S3. */
const MAX_KEYS = 1000;

/** Delete every listed key; quiet mode lists nothing back. */
export const deleteMultipleObjects: Handler = async (ctx) => {
  requireBucket(ctx);
  const encodingType = encodingTypeOf(ctx);
  const body = await readSmallBody(ctx.req);
  checkBodyMd5(ctx.req, body);
  const request = parseDeleteRequest(body.toString('utf8'));
  if (request.keys.length > MAX_KEYS) {
    throw ossError('MalformedXML', { message: `A delete request may list at most ${MAX_KEYS} objects.` });
  }
  // An STS session needs oss:DeleteObject on every listed key; one refused key refuses the
  // request before anything is deleted.
  const principal = ctx.state.principal;
  if (principal) {
    for (const key of request.keys) authorize(principal, ctx.config.region, { operation: 'oss:DeleteObject', bucket: ctx.bucket, key });
  }
  const blobIds: string[] = [];
  for (const key of request.keys) {
    const freed = ctx.storage.meta.deleteObject(ctx.bucket, key);
    if (freed !== undefined) blobIds.push(...freed);
  }
  await ctx.storage.blobs.delete(blobIds);
  const result: Parameters<typeof buildDeleteResult>[0] = { deleted: request.quiet ? [] : request.keys };
  if (encodingType) result.encodingType = encodingType;
  sendXml(ctx, buildDeleteResult(result));
};
