/** Helpers shared by the multipart handlers (docs/rest-api.md §5.10). */
import { ossError } from '@ossbox/protocol';
import type { OssProtocolError } from '@ossbox/protocol';
import type { UploadRecord } from '../store/metadata-store.js';
import type { HandlerContext } from './handler.js';
import { requireBucket } from './handler.js';

/**
 * The EC of NoSuchUpload per operation, as OSS sends it: UploadPart
 * https://help.aliyun.com/zh/oss/support/0042-00000104, UploadPartCopy 0042-00000311, the others
 * (AbortMultipartUpload, …) https://help.aliyun.com/document_detail/479985.html 0042-00000002; the
 * official Go SDK v2's integration tests, run against OSS, expect these three
 * (client_integration_test.go TestUploadPart, TestUploadPartCopy, TestAbortMultipartUpload).
 */
export const NO_SUCH_UPLOAD_ECS = { uploadPart: '0042-00000104', uploadPartCopy: '0042-00000311', other: '0042-00000002' } as const;

/** 404 NoSuchUpload naming `uploadId`, with the EC of the operation. */
export function noSuchUpload(uploadId: string, ec: string = NO_SUCH_UPLOAD_ECS.other): OssProtocolError {
  return ossError('NoSuchUpload', { ec, details: { UploadId: uploadId } });
}

/** The upload named by `?uploadId=`, or 404 NoSuchUpload with `ec`. */
export function requireUpload(ctx: HandlerContext, ec?: string): UploadRecord {
  requireBucket(ctx);
  const uploadId = ctx.address.query.uploadId ?? '';
  const upload = ctx.storage.meta.getUpload(ctx.bucket, ctx.key, uploadId);
  if (!upload) throw noSuchUpload(uploadId, ec);
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
