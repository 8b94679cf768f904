/** Turning a fully received blob into the live object of a key. */
import type { Readable } from 'node:stream';
import { ossError } from '@ossbox/protocol';
import type { BlobWriteOptions, PendingBlob } from '../store/blob-store.js';
import { forbidsOverwrite } from '../http/upload-headers.js';
import { checkMd5, requestBody } from '../http/read-body.js';
import { BlobSizeLimitError } from '../store/file-blob-store.js';
import type { ObjectRecord } from '../store/metadata-store.js';
import type { Storage } from '../store/storage.js';
import type { HandlerContext } from './handler.js';

/** OSS's largest single PUT (docs/rest-api.md §5.11: 5 GB). */
export const MAX_OBJECT_SIZE = 5 * 1024 * 1024 * 1024;

/** How {@link receiveBlob} stores a body: its exact size when known, and whether it will be appended to. */
export type ReceiveOptions = Pick<BlobWriteOptions, 'expectedSize' | 'appendable'>;

/**
 * Stream a body into a pending blob; a body over 5 GB is EntityTooLarge. `expectedSize` is the
 * size the source announced (the request's Content-Length when the source is the request body,
 * the source range's when copying); small bodies of a known size are stored inline.
 */
export async function receiveBlob(
  ctx: HandlerContext,
  source: Readable | AsyncIterable<Uint8Array>,
  options: ReceiveOptions = {},
): Promise<PendingBlob> {
  const length = Number(ctx.req.headers['content-length'] ?? 0);
  if (length > MAX_OBJECT_SIZE) throw ossError('EntityTooLarge');
  try {
    return await ctx.storage.blobs.write(source, { ...options, maxSize: MAX_OBJECT_SIZE });
  } catch (error) {
    if (error instanceof BlobSizeLimitError) throw ossError('EntityTooLarge', { cause: error });
    throw error;
  }
}

/** Run `check` on a received blob; when it throws, drop the blob and rethrow. */
export async function checkBlob(blob: PendingBlob, check: () => void): Promise<void> {
  try {
    check();
  } catch (error) {
    await blob.discard();
    throw error;
  }
}

/**
 * Stream the request body into a pending blob and check it against the `Content-MD5` digest
 * parsed beforehand (callers parse it first so a malformed header fails before the body is read).
 * `appendable`: the first AppendObject, whose blob later appends grow.
 */
export async function receiveBody(
  ctx: HandlerContext,
  expectedMd5: Buffer | undefined,
  { appendable = false } = {},
): Promise<PendingBlob> {
  const announced = ctx.req.headers['content-length'];
  const blob = await receiveBlob(ctx, requestBody(ctx.req), {
    appendable,
    ...(announced === undefined ? {} : { expectedSize: Number(announced) }),
  });
  await checkBlob(blob, () => checkMd5(expectedMd5, blob.md5));
  return blob;
}

/**
 * Whether the request sets `x-oss-forbid-overwrite: true`. When it does and the key already holds
 * an object, 409 FileAlreadyExists right away, before any body is read; {@link installObject}
 * checks again at the row swap, since the key may be taken meanwhile. `ec` overrides the EC
 * (CompleteMultipartUpload's differs).
 */
export function checkForbidOverwrite(ctx: HandlerContext, ec?: string): boolean {
  const forbid = forbidsOverwrite(ctx.req.headers);
  if (forbid && ctx.storage.meta.getObject(ctx.bucket, ctx.key)) {
    throw ossError('FileAlreadyExists', { details: { Key: ctx.key }, ...(ec === undefined ? {} : { ec }) });
  }
  return forbid;
}

/** Object fields apart from those measured from the blob. */
export type ObjectFields = Omit<ObjectRecord, 'blobId' | 'size' | 'crc64'>;

/**
 * Commit `blob` and make it the object at `fields.bucket/fields.key` in one row swap; the blob it
 * replaces is deleted with it (BlobStore.install). With `forbidOverwrite` an existing key gives 409
 * FileAlreadyExists, and a bucket deleted meanwhile NoSuchBucket; the new blob is then dropped.
 */
export async function installObject(
  ctx: HandlerContext,
  blob: PendingBlob,
  fields: ObjectFields,
  forbidOverwrite: boolean,
): Promise<ObjectRecord> {
  return installBlob(ctx.storage, blob, fields, forbidOverwrite);
}

/** {@link installObject} outside a request (e.g. `--seed`), with the same errors. */
export async function installBlob(
  storage: Storage,
  blob: PendingBlob,
  fields: ObjectFields,
  forbidOverwrite: boolean,
): Promise<ObjectRecord> {
  const record: ObjectRecord = { ...fields, blobId: blob.blobId, size: blob.size, crc64: blob.crc64.toString() };
  // Commit, row swap and deletes (of the replaced blob, or of the new one when refused) in one step.
  const swapped = await storage.blobs.install(blob, () => storage.meta.putObject(record, { forbidOverwrite }));
  if (swapped === 'no-bucket') throw ossError('NoSuchBucket', { details: { BucketName: fields.bucket } });
  // ('changed' is for records sharing parts; a record with its own blob cannot get it.)
  if (typeof swapped === 'string') throw ossError('FileAlreadyExists', { details: { Key: fields.key } });
  return record;
}
