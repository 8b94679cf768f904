/**
 * Bucket basics (docs/rest-api.md §5.9): PutBucket, DeleteBucket, GetBucketInfo,
 * GetBucketLocation, and a HEAD on the bucket.
 */
import { buildBucketInfo, buildLocationConstraint, ossError, parseCreateBucketConfiguration } from '@ossbox/protocol';
import type { BucketSummary } from '@ossbox/protocol';
import { headerValue, parseAcl } from '../http/object-headers.js';
import { readSmallBody } from '../http/read-body.js';
import { parseStorageClass } from '../http/upload-headers.js';
import type { Acl, BucketRecord } from '../store/metadata-store.js';
import type { EmulatorConfig } from '../config.js';
import type { Handler } from './handler.js';
import { OWNER, requireBucket, sendXml } from './handler.js';

/** The summary ListBuckets and GetBucketInfo print for a bucket. */
export function bucketSummary(bucket: BucketRecord, config: EmulatorConfig): BucketSummary {
  return {
    name: bucket.name,
    creationDate: bucket.createdAt,
    location: `oss-${config.region}`,
    region: config.region,
    extranetEndpoint: `oss-${config.region}.aliyuncs.com`,
    intranetEndpoint: `oss-${config.region}-internal.aliyuncs.com`,
    storageClass: bucket.storageClass,
  };
}

/** Create a bucket; 409 BucketAlreadyExists when the name is taken. */
export const putBucket: Handler = async (ctx) => {
  const acl = (parseAcl(headerValue(ctx.req.headers, 'x-oss-acl'), false) ?? 'private') as Acl;
  const body = await readSmallBody(ctx.req);
  const config = body.length > 0 ? parseCreateBucketConfiguration(body.toString('utf8')) : {};
  const created = ctx.storage.meta.createBucket({
    name: ctx.bucket,
    acl,
    // Objects inherit the bucket's class (http/upload-headers.ts).
    storageClass: parseStorageClass(config.storageClass, 'StorageClass') ?? 'Standard',
    createdAt: new Date(),
  });
  if (!created) throw ossError('BucketAlreadyExists', { details: { BucketName: ctx.bucket } });
  ctx.res.setHeader('Location', `/${ctx.bucket}`);
  ctx.res.status(200).end();
};

/** Delete an empty bucket: 204, or 409 BucketNotEmpty when objects or uploads remain. */
export const deleteBucket: Handler = (ctx) => {
  const outcome = ctx.storage.meta.deleteBucket(ctx.bucket);
  if (outcome === 'missing') throw ossError('NoSuchBucket', { details: { BucketName: ctx.bucket } });
  if (outcome === 'not-empty') throw ossError('BucketNotEmpty', { details: { BucketName: ctx.bucket } });
  ctx.res.status(204).end();
};

/** `GET /?bucketInfo`. */
export const getBucketInfo: Handler = (ctx) => {
  const bucket = requireBucket(ctx);
  sendXml(ctx, buildBucketInfo({ ...bucketSummary(bucket, ctx.config), owner: OWNER, acl: bucket.acl }));
};

/** `GET /?location`. */
export const getBucketLocation: Handler = (ctx) => {
  requireBucket(ctx);
  sendXml(ctx, buildLocationConstraint(`oss-${ctx.config.region}`));
};

/** `HEAD /` on a bucket: 200 when it exists. */
export const headBucket: Handler = (ctx) => {
  requireBucket(ctx);
  ctx.res.status(200).end();
};
