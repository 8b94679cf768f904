/** Helpers shared by the multipart handlers (docs/rest-api.md §5.10). */
import { ossError } from '@ossbox/protocol';
import type { UploadRecord } from '../store/metadata-store.js';
import type { HandlerContext } from './handler.js';
import { requireBucket } from './handler.js';

/** The upload named by `?uploadId=`, or 404 NoSuchUpload. */
export function requireUpload(ctx: HandlerContext): UploadRecord {
  requireBucket(ctx);
  const uploadId = ctx.address.query.uploadId ?? '';
  const upload = ctx.storage.meta.getUpload(ctx.bucket, ctx.key, uploadId);
  if (!upload) throw ossError('NoSuchUpload', { details: { UploadId: uploadId } });
  return upload;
}

/** `?partNumber=` as an integer in 1..10000, else InvalidArgument with EC 0017-00000220. */
export function partNumberOf(ctx: HandlerContext): number {
  const raw = ctx.address.query.partNumber ?? '';
  const value = /^\d{1,5}$/.test(raw) ? Number(raw) : 0;
  if (value < 1 || value > 10000) {
    throw ossError('InvalidArgument', {
      message: 'Part number must be an integer between 1 and 10000, inclusive.',
      ec: '0017-00000220',
      details: { ArgumentName: 'PartNumber', ArgumentValue: raw },
    });
  }
  return value;
}
