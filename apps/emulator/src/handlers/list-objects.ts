/** ListObjects (v1, `GET /`) and ListObjectsV2 (`GET /?list-type=2`) (docs/rest-api.md §5.8). */
import { buildListObjectsResult, buildListObjectsV2Result, ossError } from '@ossbox/protocol';
import type { ListedObject, ListObjectsResult, ListObjectsV2Result } from '@ossbox/protocol';
import { restoreInfo } from '../http/archive-state.js';
import { quotedEtag } from '../http/object-headers.js';
import type { ListObjectsPage, ObjectRecord } from '../store/metadata-store.js';
import type { Handler, HandlerContext } from './handler.js';
import { encodingTypeOf, integerParam, OWNER, requireBucket, sendXml } from './handler.js';

function listed(object: ObjectRecord, withOwner: boolean): ListedObject {
  const entry: ListedObject = {
    key: object.key,
    lastModified: object.lastModified,
    etag: quotedEtag(object.etag),
    type: object.type,
    size: object.size,
    storageClass: object.storageClass,
  };
  if (withOwner) entry.owner = OWNER;
  // Archived objects being or having been restored carry <RestoreInfo>, as their x-oss-restore.
  const restore = restoreInfo(object);
  if (restore !== undefined) entry.restoreInfo = restore;
  return entry;
}

function listPage(ctx: HandlerContext, after: string): { page: ListObjectsPage; prefix: string; delimiter: string; maxKeys: number } {
  requireBucket(ctx);
  const prefix = ctx.address.query.prefix ?? '';
  const delimiter = ctx.address.query.delimiter ?? '';
  // EC page https://help.aliyun.com/zh/oss/user-guide/0015-00000402 (ListObjects max-keys out of
  // range); ListObjectsV2 is given the same [unverified: its page is not found].
  const maxKeys = integerParam(ctx, 'max-keys', 100, 1, 1000, '0015-00000402');
  const page = ctx.storage.meta.listObjects({ bucket: ctx.bucket, prefix, delimiter, after, maxKeys });
  return { page, prefix, delimiter, maxKeys };
}

/** ListObjects v1: prefix, delimiter, marker, max-keys (default 100, at most 1000), encoding-type. */
export const listObjects: Handler = (ctx) => {
  const encodingType = encodingTypeOf(ctx);
  const marker = ctx.address.query.marker ?? '';
  const { page, prefix, delimiter, maxKeys } = listPage(ctx, marker);
  const result: ListObjectsResult = {
    name: ctx.bucket,
    prefix,
    marker,
    maxKeys,
    delimiter,
    isTruncated: page.isTruncated,
    contents: page.objects.map((o) => listed(o, true)),
    commonPrefixes: page.commonPrefixes,
  };
  if (page.nextMarker !== undefined) result.nextMarker = page.nextMarker;
  if (encodingType) result.encodingType = encodingType;
  sendXml(ctx, buildListObjectsResult(result));
};

/** Continuation tokens are the Base64 (URL alphabet) of the last key listed; opaque to clients. */
function encodeToken(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (encodeToken(key) !== token) {
    // EC page https://help.aliyun.com/zh/oss/user-guide/0015-00000404 (not a token OSS gave out).
    throw ossError('InvalidArgument', {
      message: 'The continuation token provided is incorrect.',
      ec: '0015-00000404',
      details: { ArgumentName: 'continuation-token', ArgumentValue: token },
    });
  }
  return key;
}

/** ListObjectsV2: continuation-token, start-after, fetch-owner, plus the v1 parameters. */
export const listObjectsV2: Handler = (ctx) => {
  const encodingType = encodingTypeOf(ctx);
  const { query } = ctx.address;
  const token = query['continuation-token'];
  const startAfter = query['start-after'];
  const after = token !== undefined && token !== '' ? decodeToken(token) : (startAfter ?? '');
  const { page, prefix, delimiter, maxKeys } = listPage(ctx, after);
  const result: ListObjectsV2Result = {
    name: ctx.bucket,
    prefix,
    maxKeys,
    delimiter,
    isTruncated: page.isTruncated,
    keyCount: page.objects.length + page.commonPrefixes.length,
    contents: page.objects.map((o) => listed(o, query['fetch-owner'] === 'true')),
    commonPrefixes: page.commonPrefixes,
  };
  if (startAfter !== undefined) result.startAfter = startAfter;
  if (token !== undefined) result.continuationToken = token;
  if (page.nextMarker !== undefined) result.nextContinuationToken = encodeToken(page.nextMarker);
  if (encodingType) result.encodingType = encodingType;
  sendXml(ctx, buildListObjectsV2Result(result));
};
