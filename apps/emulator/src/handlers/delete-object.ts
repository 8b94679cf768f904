/** DeleteObject: `DELETE /<key>` → 204, also for a missing key (docs/rest-api.md §5.7). */
import type { Handler } from './handler.js';
import { requireBucket } from './handler.js';
import { sendNoContent } from '../http/send-document.js';

/** Delete the object row, then the blobs no other object shares. */
export const deleteObject: Handler = async (ctx) => {
  requireBucket(ctx);
  const blobIds = ctx.storage.meta.deleteObject(ctx.bucket, ctx.key);
  if (blobIds !== undefined) await ctx.storage.blobs.delete(blobIds);
  sendNoContent(ctx.res);
};
