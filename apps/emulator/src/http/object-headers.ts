/**
 * Object metadata in and out of HTTP headers (docs/rest-api.md §5.7): what PutObject,
 * InitiateMultipartUpload and CopyObject (REPLACE) store, and what GET/HEAD return.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Response } from 'express';
import { ossError } from '@ossbox/protocol';
import type { ObjectAcl, ObjectHttpMeta, ObjectRecord, ServerSideEncryption } from '../store/metadata-store.js';
import { setRestoreHeader } from './archive-state.js';
import { checkStoredHeaderValue, checkUserMetaName, checkUserMetaSize } from './stored-headers.js';
import { checkTrafficLimit, headerValue, refuseUnsupportedHeaders, serverSideEncryptionFrom, taggingFrom } from './upload-headers.js';

const OBJECT_ACLS: readonly ObjectAcl[] = ['default', 'private', 'public-read', 'public-read-write'];

export { headerValue };

/**
 * The Content-Type of an object whose request names none. OSS does not guess from the key's
 * extension: the official SDKs guess before sending (ali-oss `mime.getType`, oss2
 * `utils.set_content_type`, the Go SDK's `TypeByExtension`), and a request without one, such as a
 * presigned PUT, stores `application/octet-stream` (oss2's `test_put_object_with_sign_url`;
 * [How OSS determines Content-Type](https://www.alibabacloud.com/help/doc-detail/39522.htm)).
 */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/**
 * Read the stored metadata (Content-Type, Cache-Control, …, `x-oss-meta-*`, server-side
 * encryption, tags) from a request, validating each header (./upload-headers.ts). Without
 * Content-Type, {@link DEFAULT_CONTENT_TYPE}; without `x-oss-server-side-encryption`, the object
 * gets `bucketEncryption` (the bucket's default).
 */
export function httpMetaFromHeaders(headers: IncomingHttpHeaders, bucketEncryption?: ServerSideEncryption): ObjectHttpMeta {
  refuseUnsupportedHeaders(headers);
  checkTrafficLimit(headers);
  const meta: ObjectHttpMeta = {
    contentType: headerValue(headers, 'content-type') || DEFAULT_CONTENT_TYPE,
    userMeta: {},
  };
  const cacheControl = headerValue(headers, 'cache-control');
  const contentDisposition = headerValue(headers, 'content-disposition');
  const contentEncoding = headerValue(headers, 'content-encoding');
  const contentLanguage = headerValue(headers, 'content-language');
  const expires = headerValue(headers, 'expires');
  const serverSideEncryption = serverSideEncryptionFrom(headers) ?? bucketEncryption;
  const tags = taggingFrom(headers);
  if (cacheControl !== undefined) meta.cacheControl = cacheControl;
  if (contentDisposition !== undefined) meta.contentDisposition = contentDisposition;
  if (contentEncoding !== undefined) meta.contentEncoding = contentEncoding;
  if (contentLanguage !== undefined) meta.contentLanguage = contentLanguage;
  if (expires !== undefined) meta.expires = expires;
  if (serverSideEncryption !== undefined) meta.serverSideEncryption = serverSideEncryption;
  if (tags !== undefined && Object.keys(tags).length > 0) meta.tags = tags;
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-oss-meta-') && value !== undefined) {
      const metaName = name.slice('x-oss-meta-'.length);
      checkUserMetaName(metaName);
      meta.userMeta[metaName] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  checkUserMetaSize(meta.userMeta);
  // Everything stored here is sent back as a header by GET and HEAD (./stored-headers.ts).
  const stored: [string, string | undefined][] = [
    ['Content-Type', meta.contentType],
    ['Cache-Control', meta.cacheControl],
    ['Content-Disposition', meta.contentDisposition],
    ['Content-Encoding', meta.contentEncoding],
    ['Content-Language', meta.contentLanguage],
    ['Expires', meta.expires],
    ...Object.entries(meta.userMeta).map(([name, value]): [string, string] => [`x-oss-meta-${name}`, value]),
  ];
  for (const [name, value] of stored) if (value !== undefined) checkStoredHeaderValue(name, value);
  return meta;
}

/**
 * ECs of an ACL value OSS does not know: `x-oss-object-acl`,
 * https://help.aliyun.com/zh/oss/support/0017-00000104, or …/0017-00000105 when empty;
 * `x-oss-acl` (PutBucket, PutBucketAcl), https://help.aliyun.com/en/oss/user-guide/0015-00000204.
 */
export const ACL_ECS = { objectInvalid: '0017-00000104', objectEmpty: '0017-00000105', bucketInvalid: '0015-00000204' } as const;

/** Validate an ACL header value; `allowDefault` for objects. */
export function parseAcl(value: string | undefined, allowDefault: boolean): ObjectAcl | undefined {
  if (value === undefined) return undefined;
  const acl = value.trim().toLowerCase() as ObjectAcl;
  if (!OBJECT_ACLS.includes(acl) || (!allowDefault && acl === 'default')) {
    const ec = !allowDefault ? ACL_ECS.bucketInvalid : value.trim() === '' ? ACL_ECS.objectEmpty : ACL_ECS.objectInvalid;
    throw ossError('InvalidArgument', {
      message: 'no such bucket access control exists',
      ec,
      details: { ArgumentName: allowDefault ? 'x-oss-object-acl' : 'x-oss-acl', ArgumentValue: value },
    });
  }
  return acl;
}


/** The ETag of a single-PUT object or a part: its MD5 in upper-case hex. */
export function md5Etag(md5: Buffer): string {
  return md5.toString('hex').toUpperCase();
}

/** Quoted ETag as OSS sends it. */
export function quotedEtag(etag: string): string {
  return `"${etag}"`;
}

/** ETags compare without quotes and case-insensitively (clients echo what they were sent). */
export function sameEtag(a: string, b: string): boolean {
  const strip = (s: string) => s.trim().replace(/^W\//, '').replace(/^"|"$/g, '').toUpperCase();
  return strip(a) === strip(b);
}

/**
 * `x-oss-server-side-encryption` (and its data-encryption and key-id companions) as OSS echoes it
 * on every response about an encrypted object: PutObject, AppendObject, CopyObject,
 * InitiateMultipartUpload, UploadPart, CompleteMultipartUpload, GetObject, HeadObject (each
 * reference's "Response headers").
 */
export function setEncryptionHeaders(res: Response, sse: ServerSideEncryption | undefined): void {
  if (sse === undefined) return;
  res.setHeader('x-oss-server-side-encryption', sse.algorithm);
  if (sse.dataEncryption !== undefined) res.setHeader('x-oss-server-side-data-encryption', sse.dataEncryption);
  if (sse.keyId !== undefined) res.setHeader('x-oss-server-side-encryption-key-id', sse.keyId);
}

/** Set the headers GET, HEAD and GetObjectMeta return for an object. */
export function setObjectHeaders(res: Response, object: ObjectRecord): void {
  res.setHeader('ETag', quotedEtag(object.etag));
  res.setHeader('Last-Modified', object.lastModified.toUTCString());
  res.setHeader('x-oss-object-type', object.type);
  res.setHeader('x-oss-storage-class', object.storageClass);
  res.setHeader('x-oss-hash-crc64ecma', object.crc64);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Type', object.contentType);
  if (object.contentMd5 !== undefined) res.setHeader('Content-MD5', object.contentMd5);
  if (object.cacheControl !== undefined) res.setHeader('Cache-Control', object.cacheControl);
  if (object.contentDisposition !== undefined) res.setHeader('Content-Disposition', object.contentDisposition);
  if (object.contentEncoding !== undefined) res.setHeader('Content-Encoding', object.contentEncoding);
  if (object.contentLanguage !== undefined) res.setHeader('Content-Language', object.contentLanguage);
  setEncryptionHeaders(res, object.serverSideEncryption);
  const tagCount = Object.keys(object.tags ?? {}).length;
  if (tagCount > 0) res.setHeader('x-oss-tagging-count', String(tagCount));
  if (object.expires !== undefined) res.setHeader('Expires', object.expires);
  if (object.type === 'Appendable') res.setHeader('x-oss-next-append-position', String(object.size));
  setRestoreHeader(res, object);
  for (const [name, value] of Object.entries(object.userMeta)) res.setHeader(`x-oss-meta-${name}`, value);
}
