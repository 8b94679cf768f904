/**
 * Image processing: GetObject with `x-oss-process=image/…` (or `style/<name>`), and the synchronous
 * `POST /<key>?x-oss-process` whose body ends in `|sys/saveas,o_<key>,b_<bucket>` (Base64) and
 * stores the result (https://www.alibabacloud.com/help/en/oss/user-guide/sys-saveas; ali-oss
 * `processObjectSave`). Both read the source through the store's open path (links followed,
 * archived objects refused) and the same pipeline (../image/pipeline.ts).
 */
import { pipeline } from 'node:stream/promises';
import { ossError } from '@ossbox/protocol';
import { checkAccess } from '../access/check-access.js';
import { checkReadable } from '../http/archive-state.js';
import { readSmallBody } from '../http/read-body.js';
import type { ProcessOutput } from '../image/pipeline.js';
import { loadImageModules, MAX_SOURCE_BYTES } from '../image/load.js';
import { imageError } from '../image/process-string.js';
import { imageActionsOf } from '../image/styles.js';
import { objectNameFromBytes } from '../http/object-name.js';
import type { Handler, HandlerContext } from './handler.js';
import { requireBucket } from './handler.js';
import { installObject, receiveBlob } from './install-object.js';
import { openObject } from './open-object.js';
import { md5Etag } from '../http/object-headers.js';
import { sendDocument } from '../http/send-document.js';

/** Run `value` on the request's object. */
async function processSource(ctx: HandlerContext, value: string): Promise<ProcessOutput> {
  requireBucket(ctx);
  const actions = imageActionsOf(ctx.storage.meta, ctx.bucket, value);
  const opened = await openObject(ctx, ctx.bucket, ctx.key, undefined, true);
  if (!opened) throw ossError('NoSuchKey', { details: { Key: ctx.key } });
  const { object, blob } = opened;
  let source: Buffer;
  try {
    checkReadable(object);
    if (object.size > MAX_SOURCE_BYTES) throw ossError('ImageTooLarge', { message: `The source image exceeds ${MAX_SOURCE_BYTES} bytes.` });
    const chunks: Buffer[] = [];
    if (object.size > 0) for await (const chunk of blob.stream(0, object.size - 1)) chunks.push(chunk as Buffer);
    source = Buffer.concat(chunks);
  } finally {
    await blob.close();
  }
  const { processImage } = await loadImageModules();
  return processImage(source, actions);
}

/** `GET /<key>?x-oss-process=…`: the processed image (streamed), or the `info` JSON. */
export const getProcessedObject: Handler = async (ctx) => {
  const output = await processSource(ctx, ctx.address.query['x-oss-process'] ?? '');
  const { res } = ctx;
  if (output.kind === 'info') {
    sendDocument(res, 200, 'application/json', output.body);
    return;
  }
  res.status(200).setHeader('Content-Type', output.contentType);
  try {
    await pipeline(output.body, res);
  } catch (error) {
    // A client that stops reading is not a server error.
    if (!res.destroyed) throw error;
  }
};

/** A `sys/saveas` parameter's bytes: Base64, URL-safe or not, as ali-oss sends it. */
function base64Param(params: Map<string, string>, name: string): Buffer | undefined {
  const raw = params.get(name);
  if (raw === undefined) return undefined;
  const decoded = Buffer.from(raw, 'base64');
  if (decoded.length === 0) throw imageError(`The sys/saveas ${name} parameter is not Base64.`);
  return decoded;
}

/** Split `<process>|sys/saveas,o_…,b_…` into the process and the target. */
function parseSaveAs(body: string): { process: string; key: string; bucket?: string } {
  const value = new URLSearchParams(body).get('x-oss-process');
  if (value === null || value === '') throw ossError('MissingArgument', { message: 'The body has no x-oss-process.', details: { ArgumentName: 'x-oss-process' } });
  const bar = value.lastIndexOf('|');
  const save = bar < 0 ? '' : value.slice(bar + 1);
  if (!save.startsWith('sys/saveas')) throw imageError('The x-oss-process body must end with |sys/saveas,o_<object>.');
  const params = new Map<string, string>();
  for (const part of save.split(',').slice(1)) {
    const underscore = part.indexOf('_');
    if (underscore > 0) params.set(part.slice(0, underscore), part.slice(underscore + 1));
  }
  const key = base64Param(params, 'o');
  if (key === undefined) throw imageError('sys/saveas needs the target object o_<Base64 name>.');
  const bucket = base64Param(params, 'b')?.toString('utf8');
  return { process: value.slice(0, bar), key: objectNameFromBytes(key), ...(bucket === undefined ? {} : { bucket }) };
}

/**
 * `POST /<key>?x-oss-process`: process the object and store the result as `o` in bucket `b` (the
 * source's by default); 200 with OSS's JSON `{"bucket","fileSize","object","status":"OK"}`, where
 * `bucket` echoes `b` and is empty when the request names none (as the official Python SDK's
 * test_process_object expects of OSS).
 */
export const processObjectSave: Handler = async (ctx) => {
  const save = parseSaveAs((await readSmallBody(ctx.req)).toString('utf8'));
  const targetBucket = save.bucket ?? ctx.bucket;
  const bucket = ctx.storage.meta.getBucket(targetBucket);
  if (!bucket) throw ossError('NoSuchBucket', { details: { BucketName: targetBucket } });
  // Saving writes the target: oss:PutObject on it, under its bucket's policy
  // (https://www.alibabacloud.com/help/en/oss/user-guide/sys-or-saveas, "Required permissions").
  checkAccess(ctx, { operation: 'oss:PutObject', bucket: targetBucket, key: save.key, access: 'owner' });
  const output = await processSource(ctx, save.process);
  if (output.kind === 'info') throw imageError('sys/saveas cannot save the info action.');
  const blob = await receiveBlob(ctx, output.body);
  const object = await installObject(
    ctx,
    blob,
    {
      contentType: output.contentType,
      userMeta: {},
      bucket: targetBucket,
      key: save.key,
      etag: md5Etag(blob.md5),
      contentMd5: blob.md5.toString('base64'),
      type: 'Normal',
      storageClass: bucket.storageClass,
      acl: 'default',
      lastModified: new Date(),
    },
    false,
  );
  const result = { bucket: save.bucket ?? '', fileSize: object.size, object: object.key, status: 'OK' };
  sendDocument(ctx.res, 200, 'application/json', JSON.stringify(result));
};
