/** UploadPart and UploadPartCopy: `PUT /<key>?partNumber=&uploadId=` (docs/rest-api.md §5.10). */
import { Readable } from 'node:stream';
import { buildCopyPartResult } from '@ossbox/protocol';
import type { CopySource } from '../http/copy-source.js';
import { headerValue, md5Etag, quotedEtag, setEncryptionHeaders } from '../http/object-headers.js';
import { resolveRange } from '../http/range.js';
import { expectedMd5 } from '../http/read-body.js';
import type { PendingBlob } from '../store/blob-store.js';
import type { PartRecord } from '../store/metadata-store.js';
import type { HandlerContext } from './handler.js';
import { sendXml } from './handler.js';
import { receiveBlob, receiveBody } from './install-object.js';
import { NO_SUCH_UPLOAD_ECS, noSuchUpload, partNumberOf, requireUpload } from './multipart-common.js';
import { openCopySource } from './read-copy-source.js';

/** Commit a part blob and record it; a re-uploaded part number replaces the earlier part. */
async function storePart(ctx: HandlerContext, uploadId: string, partNumber: number, blob: PendingBlob, ec: string): Promise<PartRecord> {
  const part: PartRecord = {
    uploadId,
    partNumber,
    blobId: blob.blobId,
    size: blob.size,
    etag: md5Etag(blob.md5),
    crc64: blob.crc64.toString(),
    lastModified: new Date(),
  };
  // Commit, part row swap and deletes (of the replaced part's blob, or of this one when refused) in one step.
  const swapped = await ctx.storage.blobs.install(blob, () => ctx.storage.meta.putPart(part));
  // Aborted or completed while this part was arriving.
  if (!swapped) throw noSuchUpload(uploadId, ec);
  return part;
}

/** Store the body as part `partNumber`; 200 with the part's ETag and CRC-64. */
export async function uploadPart(ctx: HandlerContext): Promise<void> {
  const partNumber = partNumberOf(ctx);
  const upload = requireUpload(ctx, NO_SUCH_UPLOAD_ECS.uploadPart);
  const md5 = expectedMd5(ctx.req);
  const blob = await receiveBody(ctx, md5);
  const part = await storePart(ctx, upload.uploadId, partNumber, blob, NO_SUCH_UPLOAD_ECS.uploadPart);
  ctx.res
    .status(200)
    .set({
      ETag: quotedEtag(part.etag),
      'x-oss-hash-crc64ecma': part.crc64,
      'Content-MD5': blob.md5.toString('base64'),
    });
  // "If you specify the x-oss-server-side-encryption header in InitiateMultipartUpload, each uploaded
  // part is encrypted. The response includes the x-oss-server-side-encryption header"
  // (https://help.aliyun.com/en/oss/developer-reference/uploadpart, usage notes).
  setEncryptionHeaders(ctx.res, upload.meta.serverSideEncryption);
  ctx.res.end();
}

/** Copy a range of an existing object (`x-oss-copy-source-range`) in as a part. */
export async function uploadPartCopy(ctx: HandlerContext, source: CopySource): Promise<void> {
  const partNumber = partNumberOf(ctx);
  const upload = requireUpload(ctx, NO_SUCH_UPLOAD_ECS.uploadPartCopy);
  const opened = await openCopySource(ctx, source);
  if (opened === 'not-modified') {
    ctx.res.status(304).end();
    return;
  }
  const { object, blob: srcBlob } = opened;
  let blob: PendingBlob;
  const rangeHeader = headerValue(ctx.req.headers, 'x-oss-copy-source-range');
  let copied: string | undefined;
  try {
    const range = resolveRange(rangeHeader, object.size, true) ?? {
      start: 0,
      end: object.size - 1,
    };
    if (rangeHeader !== undefined) copied = `bytes ${range.start}-${range.end}/${object.size}`;
    const size = Math.max(0, range.end - range.start + 1);
    blob = await receiveBlob(ctx, size === 0 ? Readable.from([]) : srcBlob.stream(range.start, range.end), { expectedSize: size });
  } finally {
    await srcBlob.close();
  }
  const part = await storePart(ctx, upload.uploadId, partNumber, blob, NO_SUCH_UPLOAD_ECS.uploadPartCopy);
  // The range copied, as OSS answers an x-oss-copy-source-range (the official Python SDK's
  // unittests/test_multipart.py test_upload_part_copy replays OSS's 'Content-Range: bytes 0-102399/204800').
  if (copied !== undefined) ctx.res.setHeader('Content-Range', copied);
  // The ETag header as well as the body: official clients (ali-oss, Python oss2) read the header
  // (https://www.alibabacloud.com/help/en/oss/developer-reference/uploadpartcopy, "Response headers").
  ctx.res.setHeader('ETag', quotedEtag(part.etag));
  ctx.res.setHeader('x-oss-hash-crc64ecma', part.crc64);
  setEncryptionHeaders(ctx.res, upload.meta.serverSideEncryption);
  sendXml(ctx, buildCopyPartResult({ etag: quotedEtag(part.etag), lastModified: part.lastModified }));
}
