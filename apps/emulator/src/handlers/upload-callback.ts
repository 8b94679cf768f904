/**
 * Upload callbacks on the handler side (docs/callback-protocol.md §1-§3): reading and validating the
 * callback a request carries **before anything is stored**, then, once the object is stored,
 * rendering the body, delivering it and answering with the outcome: 200 with the receiver's JSON
 * byte for byte, or 203 `CallbackFailed`; the object stays stored either way (§3.4).
 */
import {
  decodeCallback,
  decodeCallbackVars,
  OssProtocolError,
  ossError,
  renderCallbackBody,
  renderErrorXml,
} from '@ossbox/protocol';
import type { CallbackParams, CallbackSystemVars, CallbackVars } from '@ossbox/protocol';
import { headerValue, quotedEtag } from '../http/object-headers.js';
import type { ObjectRecord } from '../store/metadata-store.js';
import type { ImageModules } from '../image/load.js';
import { loadImageModules, MAX_SOURCE_BYTES } from '../image/load.js';
import type { HandlerContext } from './handler.js';
import { sendDocument } from '../http/send-document.js';

/** The operations that accept a callback (§1.1). */
export type CallbackOperation = 'PutObject' | 'PostObject' | 'CompleteMultipartUpload';

/** A validated callback and its custom variables. */
export interface UploadCallback {
  params: CallbackParams;
  vars: CallbackVars;
}

/**
 * The callback of a PutObject or CompleteMultipartUpload request: the `x-oss-callback` /
 * `x-oss-callback-var` headers, or the `callback` / `callback-var` query parameters of a
 * presigned URL (§1.2). Throws 400 InvalidArgument for any problem of §1.7; undefined when the
 * request asks for no callback (a lone `callback-var` is ignored, it has nothing to fill).
 */
export function requestCallback(ctx: HandlerContext): UploadCallback | undefined {
  const { query } = ctx.address;
  const header = headerValue(ctx.req.headers, 'x-oss-callback');
  const headerVars = headerValue(ctx.req.headers, 'x-oss-callback-var');
  const queryValue = query.callback;
  const queryVars = query['callback-var'];
  const both = (header !== undefined && queryValue !== undefined) || (headerVars !== undefined && queryVars !== undefined);
  if (both) {
    // §1.2: the header and the query parameter together (EC page 0007-00000027), with the
    // messages of OSS's HTTP 400 page (https://www.alibabacloud.com/help/en/oss/support/http-400-status-code).
    const name = header !== undefined && queryValue !== undefined ? 'callback' : 'callback-var';
    throw ossError('InvalidArgument', {
      message: `Either the ${name} query string parameter or the x-oss-${name} header should be specified, not both.`,
      ec: '0007-00000027',
      details: { ArgumentName: name, ArgumentValue: '' },
    });
  }
  const value = header ?? queryValue;
  if (value === undefined) return undefined;
  const params = decodeCallback(value);
  const varsValue = headerVars ?? queryVars;
  return { params, vars: varsValue === undefined ? {} : decodeCallbackVars(varsValue) };
}

/**
 * The request-side checks that need the engine: it must be configured, and in strict mode the
 * URLs must not point at private, loopback or IPv6 addresses (400, EC 0007-00000008). Run before
 * storing.
 */
export async function acceptCallback(ctx: HandlerContext, callback: UploadCallback): Promise<void> {
  if (!ctx.callbacks) {
    throw ossError('NotImplemented', {
      message: 'Upload callbacks need the callback engine; start the emulator with startEmulator() or pass callbacks to createApp().',
    });
  }
  await ctx.callbacks.checkUrls(callback.params.urls);
}

/** The headers an upload answers with, kept on the callback's 200 and 203 too (§3.2, §3.3). */
export function uploadHeaders(object: ObjectRecord): Record<string, string> {
  const headers: Record<string, string> = { ETag: quotedEtag(object.etag), 'x-oss-hash-crc64ecma': object.crc64 };
  // Only single-request uploads (PutObject, PostObject) have a Content-MD5 (§5.12).
  if (object.contentMd5 !== undefined) headers['Content-MD5'] = object.contentMd5;
  return headers;
}

/** The uploader's address as OSS would see it (IPv4-mapped IPv6 written as plain IPv4). */
function clientIp(ctx: HandlerContext): string {
  const address = ctx.req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

/**
 * The image dimensions of a stored object, from the probe behind `image/info`; undefined for
 * non-images, for objects over the image service's 20 MB source limit, and (logged) when sharp
 * cannot be loaded.
 */
async function readImageInfo(ctx: HandlerContext, object: ObjectRecord): Promise<CallbackSystemVars['imageInfo']> {
  if (object.size === 0 || object.size > MAX_SOURCE_BYTES) return undefined;
  let probeImage: ImageModules['probeImage'];
  try {
    ({ probeImage } = await loadImageModules());
  } catch (error) {
    // The object is stored and its callback must still go out: empty, as for a non-image.
    ctx.logger.warn({ key: object.key }, `imageInfo left empty: ${(error as Error).message}`);
    return undefined;
  }
  const blob = await ctx.storage.blobs.open(object);
  // Replaced or deleted since it was stored: nothing to read, as for a non-image.
  if (!blob) return undefined;
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of blob.stream(0, object.size - 1)) chunks.push(chunk as Buffer);
  } catch (error) {
    // A Multipart object's parts are opened as read: gone too when it was replaced meanwhile.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const probe = await probeImage(Buffer.concat(chunks));
  return probe && { width: probe.width, height: probe.height, format: probe.format };
}

/**
 * §1.5 system variables for a stored object. `vpcId` is always empty (no VPC in front of an
 * emulator). `imageInfo` is probed only when the template uses it.
 */
async function callbackSystemVars(
  ctx: HandlerContext,
  operation: CallbackOperation,
  object: ObjectRecord,
  template: string,
): Promise<CallbackSystemVars> {
  const vars: CallbackSystemVars = {
    bucket: object.bucket,
    object: object.key,
    etag: object.etag,
    size: object.size,
    mimeType: object.contentType,
    crc64: object.crc64,
    vpcId: '',
    clientIp: clientIp(ctx),
    reqId: ctx.state.requestId,
    operation,
  };
  // ${contentMd5} exists for PutObject and PostObject only (§1.5).
  if (operation !== 'CompleteMultipartUpload' && object.contentMd5 !== undefined) vars.contentMd5 = object.contentMd5;
  if (template.includes('${imageInfo.')) {
    const info = await readImageInfo(ctx, object);
    if (info) vars.imageInfo = info;
  }
  return vars;
}

/**
 * Deliver the callback for a stored object and answer the uploader: 200 + the receiver's JSON
 * (replacing whatever body the operation would have sent, §3.2), or 203 `CallbackFailed` with
 * the engine's message and EC (§3.3). The upload headers are on both.
 */
export async function respondWithCallback(
  ctx: HandlerContext,
  operation: CallbackOperation,
  object: ObjectRecord,
  callback: UploadCallback,
): Promise<void> {
  const engine = ctx.callbacks!;
  const body = renderCallbackBody(
    callback.params.body,
    callback.params.bodyType,
    await callbackSystemVars(ctx, operation, object, callback.params.body),
    callback.vars,
  );
  const outcome = await engine.deliver({
    params: callback.params,
    body,
    requestId: ctx.state.requestId,
    bucket: object.bucket,
    key: object.key,
    operation,
  });
  const { res } = ctx;
  res.set(uploadHeaders(object));
  if (outcome.ok) {
    // Set directly: Express would append `; charset=utf-8`, and OSS sends the bare type (§3.2).
    res.status(200);
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Content-Length', String(outcome.body.length));
    res.end(outcome.body);
    return;
  }
  const error = new OssProtocolError('CallbackFailed', { message: outcome.message, ec: outcome.ec });
  const xml = renderErrorXml(error.toDocument(ctx.state.requestId, ctx.req.headers.host ?? ''));
  res.setHeader('x-oss-ec', outcome.ec);
  sendDocument(res, error.status, 'application/xml', xml);
}
