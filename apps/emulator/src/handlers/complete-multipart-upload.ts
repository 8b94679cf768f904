/**
 * CompleteMultipartUpload: `POST /<key>?uploadId=` (docs/rest-api.md §5.10).
 *
 * The object becomes the ordered list of the listed parts' blobs, installed in one transaction
 * that also drops the upload: no byte is copied or read, so Complete costs O(parts), and a crash
 * leaves either the old object or the whole new one. The ETag comes from the part ETags and the
 * CRC-64 is combined from the part CRCs.
 */
import { createHash } from 'node:crypto';
import {
  buildCompleteMultipartUploadResult,
  crc64Combine,
  ossError,
  parseCompleteMultipartUpload,
} from '@ossbox/protocol';
import type { CompleteMultipartUploadResult, CompletePart } from '@ossbox/protocol';
import { headerValue, quotedEtag, sameEtag, setEncryptionHeaders } from '../http/object-headers.js';
import { readSmallBody } from '../http/read-body.js';
import type { ObjectRecord, PartRecord } from '../store/metadata-store.js';
import type { Handler, HandlerContext } from './handler.js';
import { encodingTypeOf, objectLocation, sendXml } from './handler.js';
import { checkForbidOverwrite } from './install-object.js';
import { noSuchUpload, requireUpload } from './multipart-common.js';
import { storeUploadAndRespond } from './upload-response.js';

const ALL_PARTS = 1_000_000;
/** EC page 0042-00000214: x-oss-forbid-overwrite at Complete and the key is taken. */
const FORBID_OVERWRITE_EC = '0042-00000214';

/** Multipart ETag: UPPER(hex(MD5(concatenated uppercase hex part ETags)))-N (§5.10 [verified]). */
export function multipartEtag(partEtags: readonly string[]): string {
  const digest = createHash('md5').update(partEtags.join(''), 'ascii').digest('hex').toUpperCase();
  return `${digest}-${partEtags.length}`;
}

/** Pick and check the parts to assemble, in the order of §5.10's checks. */
async function selectParts(ctx: HandlerContext, uploadId: string): Promise<PartRecord[]> {
  const stored = ctx.storage.meta.listParts(uploadId, 0, ALL_PARTS);
  const body = await readSmallBody(ctx.req);
  const completeAll = headerValue(ctx.req.headers, 'x-oss-complete-all')?.toLowerCase() === 'yes';
  if (completeAll) {
    if (body.length > 0) {
      throw ossError('InvalidArgument', {
        // Sic: OSS's own typo, and its EC, as the official Go SDK v2's live test against OSS asserts
        // (aliyun/alibabacloud-oss-go-sdk-v2 oss/client_test.go, CompleteMultipartUpload).
        message: 'Should not speficy both complete all header and http body.',
        ec: '0042-00000216',
        details: { ArgumentName: 'x-oss-complete-all', ArgumentValue: 'yes' },
      });
    }
    if (stored.length === 0) throw ossError('InvalidPart', { details: { UploadId: uploadId } });
    checkSizes(ctx, stored);
    return stored;
  }
  const requested: CompletePart[] = parseCompleteMultipartUpload(body.toString('utf8'));
  for (let i = 1; i < requested.length; i++) {
    if (requested[i]!.partNumber <= requested[i - 1]!.partNumber) throw ossError('InvalidPartOrder');
  }
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
  const parts = requested.map((r) => {
    const part = byNumber.get(r.partNumber);
    if (!part || !sameEtag(r.etag, part.etag)) {
      throw ossError('InvalidPart', { details: { ETag: r.etag, PartNumber: String(r.partNumber), UploadId: uploadId } });
    }
    return part;
  });
  checkSizes(ctx, parts);
  return parts;
}

function checkSizes(ctx: HandlerContext, parts: readonly PartRecord[]): void {
  for (const part of parts.slice(0, -1)) {
    if (part.size < ctx.config.minPartSize) {
      throw ossError('EntityTooSmall', {
        details: {
          PartNumber: String(part.partNumber),
          ProposedSize: String(part.size),
          MinSizeAllowed: String(ctx.config.minPartSize),
        },
      });
    }
  }
}

/** Assemble the parts into the object; 200 with the CompleteMultipartUploadResult XML. */
export const completeMultipartUpload: Handler = async (ctx) => {
  const upload = requireUpload(ctx);
  const encodingType = encodingTypeOf(ctx);
  await storeUploadAndRespond(ctx, async () => {
    const parts = await selectParts(ctx, upload.uploadId);
    const forbidOverwrite = checkForbidOverwrite(ctx, FORBID_OVERWRITE_EC);
    // No 5 GB cap here: that limit is for single PUTs; multipart objects may be far larger.
    let crc = 0n;
    for (const part of parts) crc = crc64Combine(crc, BigInt(part.crc64), part.size);
    const record: ObjectRecord = {
      ...upload.meta,
      bucket: ctx.bucket,
      key: ctx.key,
      blobId: '',
      parts: parts.map((p) => ({ blobId: p.blobId, size: p.size })),
      size: parts.reduce((sum, p) => sum + p.size, 0),
      etag: multipartEtag(parts.map((p) => p.etag)),
      crc64: crc.toString(),
      type: 'Multipart',
      storageClass: upload.storageClass,
      acl: upload.acl,
      lastModified: new Date(),
    };
    const outcome = ctx.storage.meta.completeUpload(
      upload.uploadId,
      new Map(parts.map((p) => [p.partNumber, p.blobId])),
      record,
      { forbidOverwrite },
    );
    if (typeof outcome === 'string') {
      if (outcome === 'exists') throw ossError('FileAlreadyExists', { details: { Key: ctx.key }, ec: FORBID_OVERWRITE_EC });
      if (outcome === 'gone') throw noSuchUpload(upload.uploadId);
      throw ossError('InvalidPart', { message: 'A part was replaced while the upload was being completed.', details: { UploadId: upload.uploadId } });
    }
    await ctx.storage.blobs.delete(outcome.unreferencedBlobIds);
    const result: CompleteMultipartUploadResult = {
      location: objectLocation(ctx),
      bucket: ctx.bucket,
      key: ctx.key,
      etag: quotedEtag(record.etag),
    };
    if (encodingType) result.encodingType = encodingType;
    return {
      operation: 'CompleteMultipartUpload',
      object: record,
      sendDefault() {
        ctx.res.setHeader('ETag', quotedEtag(record.etag));
        ctx.res.setHeader('x-oss-hash-crc64ecma', record.crc64);
        setEncryptionHeaders(ctx.res, record.serverSideEncryption);
        sendXml(ctx, buildCompleteMultipartUploadResult(result));
      },
    };
  });
};
