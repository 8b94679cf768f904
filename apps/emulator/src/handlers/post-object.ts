/**
 * PostObject: `POST /` on a bucket host, or `POST /<bucket>` in path style, with an HTML form
 * (docs/rest-api.md §5.11). Only the form authenticates: V1 (`OSSAccessKeyId`/`Signature`) or V4
 * (`x-oss-credential`/`x-oss-signature`) over the Base64 policy, whose conditions are enforced;
 * a form without a signature is anonymous and needs a public-read-write bucket.
 *
 * Everything that can be checked from the fields (signature, policy, key, ACL, callback) is
 * checked when the file part starts, before any of its bytes are stored; the policy's
 * `content-length-range` bounds the stream itself. A form refused by its fields is answered once
 * the body has been read (the file's bytes dropped), since a part after the file turns any such
 * refusal into MalformedPOSTRequest (middleware/post-form.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  buildPostResponse,
  checkPostPolicy,
  decodeCallback,
  ossError,
  parsePostPolicy,
  validateCallbackVars,
  verifyPostSignature,
} from '@ossbox/protocol';
import type { PostPolicy } from '@ossbox/protocol';
import { bucketEncryptionOf } from '../bucket-config/encryption.js';
import { httpMetaFromHeaders, md5Etag, parseAcl, quotedEtag, setEncryptionHeaders } from '../http/object-headers.js';
import { forbidsOverwrite, storageClassFrom } from '../http/upload-headers.js';
import { checkMd5, parseContentMd5 } from '../http/read-body.js';
import { validateObjectName } from '../http/object-name.js';
import { receivePostForm } from '../middleware/post-form.js';
import type { FileAcceptance, PostFormFile } from '../middleware/post-form.js';
import type { BucketRecord, ObjectAcl, ObjectHttpMeta, ObjectRecord } from '../store/metadata-store.js';
import { checkAccess } from '../access/check-access.js';
import type { Handler, HandlerContext } from './handler.js';
import { objectLocation, requireBucket } from './handler.js';
import { MAX_OBJECT_SIZE, checkBlob, installObject } from './install-object.js';
import { acceptCallback, respondWithCallback } from './upload-callback.js';
import type { UploadCallback } from './upload-callback.js';
import { sendDocument, sendNoContent } from '../http/send-document.js';

/** Form fields stored as object metadata under the same name as the PutObject header (§5.11). */
const HEADER_FIELDS = new Set([
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
  'x-oss-object-acl',
  'x-oss-server-side-encryption',
  'x-oss-server-side-data-encryption',
  'x-oss-server-side-encryption-key-id',
  'x-oss-tagging',
  'x-oss-storage-class',
  'x-oss-forbid-overwrite',
]);

/** What a validated form asks for, decided before the file is stored. */
interface PostObjectRequest {
  key: string;
  meta: ObjectHttpMeta;
  acl: ObjectAcl;
  storageClass: string;
  forbidOverwrite: boolean;
  /** Raw MD5 from a `Content-MD5` field. */
  expectedMd5?: Buffer;
  /** The policy's `content-length-range` conditions, checked once the size is known. */
  sizePolicy?: PostPolicy;
  /** Policy check time: the request's arrival, so a long upload does not expire half way. */
  checkedAt: Date;
  successStatus: 200 | 201 | 204;
  /** A parseable `success_action_redirect`. */
  redirect?: URL;
  callback?: UploadCallback;
}

/** The form's `callback` field and `x:<name>` fields (§1.2b), validated; undefined without `callback`. */
function formCallback(fields: ReadonlyMap<string, string>): UploadCallback | undefined {
  const value = fields.get('callback');
  if (value === undefined) return undefined;
  const params = decodeCallback(value);
  const vars: Record<string, string> = {};
  // Field names are case-insensitive and arrive lowercased, which is the case `x:` vars need (§1.4).
  for (const [name, field] of fields) if (name.startsWith('x:')) vars[name] = field;
  return { params, vars: validateCallbackVars(vars) };
}


/**
 * `success_action_status`: 200 and 204 answer with an empty body, 201 with XML; anything else,
 * or nothing, is 204 (§5.11; S3 treats an invalid value the same way).
 */
function successStatusOf(value: string | undefined): 200 | 201 | 204 {
  return value === '200' ? 200 : value === '201' ? 201 : 204;
}

/** `success_action_redirect` when it parses as an http(s) URL (§5.11: "when it can be parsed"). */
function redirectOf(value: string | undefined): URL | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Signature and the POST policy (all but its size conditions); access is checked once the key is known. */
function authorize(ctx: HandlerContext, fields: ReadonlyMap<string, string>, now: Date) {
  const record = Object.fromEntries(fields);
  const signed = verifyPostSignature(record, { lookupSecret: ctx.principals.lookupSecret, region: ctx.config.region, now });
  // STS: the token is the `x-oss-security-token` form field (PostObject doc, form fields).
  const token = fields.get('x-oss-security-token');
  const auth = signed.kind !== 'anonymous' && token ? { ...signed, securityToken: token } : signed;
  ctx.state.auth = auth;
  ctx.state.principal = ctx.principals.principalOf(auth, now);
  const policyField = fields.get('policy');
  if (policyField === undefined) return undefined;
  const policy = parsePostPolicy(policyField);
  if (auth.kind === 'v4') {
    // §5.11: a V4 policy must itself pin the signing fields (the STS token too, when one is sent).
    const pinned = ['x-oss-signature-version', 'x-oss-credential', 'x-oss-date', ...(token ? ['x-oss-security-token'] : [])];
    for (const field of pinned) {
      if (!policy.conditions.some((c) => c.type !== 'content-length-range' && c.field === field)) {
        throw ossError('InvalidPolicyDocument', {
          message: `Invalid Policy: a V4-signed policy must contain a condition on ${field}.`,
        });
      }
    }
  }
  const sizeConditions = policy.conditions.filter((c) => c.type === 'content-length-range');
  // The key is matched as written in the form, `${filename}` unexpanded: "The value of a form field
  // is extended after OSS checks the policy" (PostObject reference, Appendix: Policy).
  checkPostPolicy(
    { expiration: policy.expiration, conditions: policy.conditions.filter((c) => c.type !== 'content-length-range') },
    record,
    { bucket: ctx.bucket, contentLength: 0, now },
  );
  return sizeConditions.length > 0 ? { expiration: policy.expiration, conditions: sizeConditions } : undefined;
}

/**
 * Validate the fields that precede the file, in OSS's order: authentication and policy first,
 * then the object's own parameters and the callback. Throws the OSS error for the first problem.
 */
function preparePostObject(
  ctx: HandlerContext,
  bucket: BucketRecord,
  fields: ReadonlyMap<string, string>,
  file: PostFormFile,
  checkedAt: Date,
): PostObjectRequest {
  const sizePolicy = authorize(ctx, fields, checkedAt);
  const rawKey = fields.get('key');
  if (rawKey === undefined) {
    // The HTTP 400 page's InvalidArgument message for a form missing a field it must have
    // (https://www.alibabacloud.com/help/en/oss/support/http-400-status-code); the page names no
    // field [unverified that OSS sends it for `key`].
    throw ossError('InvalidArgument', {
      message: 'The bucket POST must contain the specified field name.',
      details: { ArgumentName: 'key', ArgumentValue: '' },
    });
  }
  const key = validateObjectName(rawKey.replaceAll('${filename}', file.filename));
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of fields) {
    if (HEADER_FIELDS.has(name) || name.startsWith('x-oss-meta-')) headers[name] = value;
  }
  // §5.11 / PostObject doc: a form without a signature may only write to a public-read-write
  // bucket, unless the bucket policy grants it (checkAccess). Policy conditions on `oss:x-oss-*`
  // keys read the form's fields.
  checkAccess(ctx, { operation: 'PostObject', bucket: ctx.bucket, key, access: 'write', ossHeaders: headers });
  // §5.11 priority: x-oss-content-type > the file part's type > the Content-Type field; with none of
  // them, httpMetaFromHeaders stores application/octet-stream (no guess from the key).
  const contentType = fields.get('x-oss-content-type') || file.contentType || fields.get('content-type');
  if (contentType) headers['content-type'] = contentType;
  const request: PostObjectRequest = {
    key,
    meta: httpMetaFromHeaders(headers, bucketEncryptionOf(ctx.storage.meta, ctx.bucket)),
    acl: parseAcl(fields.get('x-oss-object-acl'), true) ?? 'default',
    storageClass: storageClassFrom(headers, bucket.storageClass),
    forbidOverwrite: forbidsOverwrite(headers),
    checkedAt,
    successStatus: successStatusOf(fields.get('success_action_status')),
  };
  const expectedMd5 = parseContentMd5(fields.get('content-md5'));
  if (expectedMd5) request.expectedMd5 = expectedMd5;
  if (sizePolicy) request.sizePolicy = sizePolicy;
  const redirect = redirectOf(fields.get('success_action_redirect'));
  if (redirect) request.redirect = redirect;
  const callback = formCallback(fields);
  if (callback) request.callback = callback;
  if (request.forbidOverwrite && ctx.storage.meta.getObject(ctx.bucket, key)) {
    throw ossError('FileAlreadyExists', { details: { Key: key } });
  }
  return request;
}

/** How large the file may be: the policy's tightest `content-length-range`, else 5 GB. */
function acceptanceOf(request: PostObjectRequest, bucket: string): FileAcceptance {
  const ranges = (request.sizePolicy?.conditions ?? []).flatMap((c) => (c.type === 'content-length-range' ? [c.max] : []));
  const maxSize = Math.min(MAX_OBJECT_SIZE, ...ranges);
  return {
    maxSize,
    tooLarge() {
      if (request.sizePolicy && maxSize < MAX_OBJECT_SIZE) {
        // Produces the range's own EntityTooLarge (EC 0006-00000003) naming the violated range.
        checkPostPolicy(request.sizePolicy, {}, { bucket, contentLength: maxSize + 1, now: request.checkedAt });
      }
      // EC page https://help.aliyun.com/en/oss/user-guide/0006-00000003: a PostObject file over 5 GB.
      return ossError('EntityTooLarge', { ec: '0006-00000003' });
    },
  };
}

/** Send the response for a stored form upload without a callback (§5.11). */
function sendPostObjectResult(ctx: HandlerContext, request: PostObjectRequest, object: ObjectRecord): void {
  const etag = quotedEtag(object.etag);
  ctx.res.set({ ETag: etag, 'x-oss-hash-crc64ecma': object.crc64 });
  setEncryptionHeaders(ctx.res, object.serverSideEncryption);
  if (object.contentMd5 !== undefined) ctx.res.setHeader('Content-MD5', object.contentMd5);
  if (request.redirect) {
    // The redirect wins over success_action_status (§5.11). OSS documents neither the status nor
    // the query it appends; this is S3's behaviour: 303 to the URL plus bucket, key and ETag
    // [unverified].
    const location = new URL(request.redirect);
    location.searchParams.append('bucket', ctx.bucket);
    location.searchParams.append('key', object.key);
    location.searchParams.append('etag', etag);
    ctx.res.status(303).setHeader('Location', location.toString());
    ctx.res.end();
    return;
  }
  if (request.successStatus === 201) {
    const xml = buildPostResponse({
      bucket: ctx.bucket,
      location: objectLocation({ ...ctx, key: object.key }),
      key: object.key,
      etag,
    });
    sendDocument(ctx.res, 201, 'application/xml', xml);
    return;
  }
  if (request.successStatus === 204) sendNoContent(ctx.res);
  else ctx.res.status(request.successStatus).end();
}

/** Receive the form and store its file as the object (no response yet). */
async function receivePostObject(
  ctx: HandlerContext,
): Promise<{ request: PostObjectRequest; object: ObjectRecord }> {
  const bucket = requireBucket(ctx);
  const checkedAt = new Date();
  let request: PostObjectRequest | undefined;
  const form = await receivePostForm(ctx.req, ctx.res, {
    blobs: ctx.storage.blobs,
    async beforeFile(fields, file) {
      request = preparePostObject(ctx, bucket, fields, file, checkedAt);
      if (request.callback) await acceptCallback(ctx, request.callback);
      return acceptanceOf(request, ctx.bucket);
    },
  });
  const accepted = request!;
  const { blob } = form;
  await checkBlob(blob, () => {
    if (accepted.sizePolicy) {
      checkPostPolicy(accepted.sizePolicy, {}, { bucket: ctx.bucket, contentLength: blob.size, now: checkedAt });
    }
    checkMd5(accepted.expectedMd5, blob.md5);
  });
  const object = await installObject(
    ctx,
    blob,
    {
      ...accepted.meta,
      bucket: ctx.bucket,
      key: accepted.key,
      etag: md5Etag(blob.md5),
      contentMd5: blob.md5.toString('base64'),
      type: 'Normal',
      storageClass: accepted.storageClass,
      acl: accepted.acl,
      lastModified: new Date(),
    },
    accepted.forbidOverwrite,
  );
  return { request: accepted, object };
}

/**
 * The PostObject handler: store the form's file, then answer per `success_action_*`, or with the
 * callback's outcome when the form carries one. How a callback combines with
 * `success_action_status` / `success_action_redirect` is undocumented (docs/rest-api.md §5.11)
 * [unverified]; we take the callback rules of docs/callback-protocol.md §3 as they stand for every upload: the
 * receiver's reply replaces the body with status 200 (as it replaces CompleteMultipartUpload's
 * XML), a failure is the 203, and neither redirects.
 */
export const postObject: Handler = async (ctx) => {
  const { request, object } = await receivePostObject(ctx);
  if (request.callback) await respondWithCallback(ctx, 'PostObject', object, request.callback);
  else sendPostObjectResult(ctx, request, object);
};
