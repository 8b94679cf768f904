/**
 * Bucket basics (docs/rest-api.md §5.9): PutBucket, DeleteBucket, GetBucketInfo,
 * GetBucketLocation, and a HEAD on the bucket.
 */
import {
  buildBucketInfo,
  buildCreateBucketConfiguration,
  buildLocationConstraint,
  ossError,
  parseCreateBucketConfiguration,
} from '@ossbox/protocol';
import type { BucketSummary } from '@ossbox/protocol';
import { bucketInfoSettings } from '../bucket-config/bucket-info.js';
import { headerValue, parseAcl } from '../http/object-headers.js';
import { readSmallBody } from '../http/read-body.js';
import { parseStorageClass } from '../http/upload-headers.js';
import type { Acl, BucketRecord } from '../store/metadata-store.js';
import type { EmulatorConfig } from '../config.js';
import type { Handler, HandlerContext } from './handler.js';
import { OWNER, requireBucket, sendXml } from './handler.js';
import { sendNoContent } from '../http/send-document.js';

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

/** The access key id that signed the request (bucket operations are never anonymous). */
export function callerKeyId(ctx: HandlerContext): string {
  const auth = ctx.state.auth;
  return auth && auth.kind !== 'anonymous' ? auth.accessKeyId : '';
}

/** Whether the caller's key pair owns `bucket` (start-up buckets belong to the first key pair). */
function ownsBucket(ctx: HandlerContext, bucket: BucketRecord): boolean {
  return (bucket.owner ?? ctx.config.accessKeys[0]?.accessKeyId) === callerKeyId(ctx);
}

/**
 * Create a bucket. PUT on a bucket the caller already owns succeeds (200) and applies `x-oss-acl`
 * when sent; a bucket of another key pair is 409 `BucketAlreadyExists` (EC 0015-00000102), and
 * asking for another storage class than the bucket has is 409 too.
 *
 * Why re-creation succeeds and sets the ACL: the official Go SDK's older `SetBucketACL`
 * (github.com/aliyun/aliyun-oss-go-sdk, oss/client.go before it moved to `?acl`) is exactly
 * `PUT /<bucket>` with `x-oss-acl`, and its live `TestSetBucketAcl` (oss/client_test.go) expects
 * 200 and then reads the new ACL back with GetBucketACL; PutBucketAcl in turn creates a missing
 * bucket (https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketacl), so OSS
 * treats the two as one create-or-update. (The same SDK's newer sample/create_bucket.go comments
 * that a repeated CreateBucket "does nothing, the ACL is ignored"; we follow the test, which ran
 * against OSS.) Errors:
 * https://help.aliyun.com/document_detail/480049.html (0015-00000102, bucket of another user) and
 * https://help.aliyun.com/en/oss/user-guide/http-status-code-409 (storage class of an existing bucket).
 */
export const putBucket: Handler = async (ctx) => {
  const acl = parseAcl(headerValue(ctx.req.headers, 'x-oss-acl'), false) as Acl | undefined;
  const body = await readSmallBody(ctx.req);
  const config = body.length > 0 ? parseCreateBucketConfiguration(body.toString('utf8')) : {};
  const storageClass = parseStorageClass(config.storageClass, 'StorageClass', 'bucket');
  const dataRedundancyType = parseDataRedundancyType(config.dataRedundancyType);
  const created = ctx.storage.meta.createBucket({
    name: ctx.bucket,
    acl: acl ?? 'private',
    // Objects inherit the bucket's class (http/upload-headers.ts).
    storageClass: storageClass ?? 'Standard',
    createdAt: new Date(),
    owner: callerKeyId(ctx),
  });
  if (!created) {
    const existing = ctx.storage.meta.getBucket(ctx.bucket);
    if (!existing || !ownsBucket(ctx, existing)) {
      throw ossError('BucketAlreadyExists', { ec: '0015-00000102', details: { BucketName: ctx.bucket } });
    }
    if (storageClass !== undefined && storageClass !== existing.storageClass) {
      // The Code OSS sends with this message is not documented [unverified]; the status and text are.
      throw ossError('BucketAlreadyExists', {
        message: "Cannot modify existing bucket's storage class",
        details: { BucketName: ctx.bucket },
      });
    }
    if (acl !== undefined) ctx.storage.meta.setBucketAcl(ctx.bucket, acl);
  } else if (dataRedundancyType !== undefined) {
    // Kept as the configuration GetBucketInfo reads (bucket-config/bucket-info.ts); re-creating a
    // bucket does not change it.
    ctx.storage.meta.putBucketConfig(ctx.bucket, 'redundancy', buildCreateBucketConfiguration({ dataRedundancyType }));
  }
  ctx.res.setHeader('Location', `/${ctx.bucket}`);
  ctx.res.status(200).end();
};

/**
 * PutBucket's `DataRedundancyType`: `LRS` or `ZRS`
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/putbucket); another value is
 * InvalidArgument naming it [unverified: the reference names no error for it].
 */
function parseDataRedundancyType(value: string | undefined): 'LRS' | 'ZRS' | undefined {
  if (value === undefined || value === 'LRS' || value === 'ZRS') return value;
  throw ossError('InvalidArgument', {
    message: 'The DataRedundancyType must be LRS or ZRS.',
    details: { ArgumentName: 'DataRedundancyType', ArgumentValue: value },
  });
}

/**
 * Delete an empty bucket: 204, or 409 BucketNotEmpty when objects or unfinished multipart uploads
 * remain. Only uploads left: OSS says so, as the official Java SDK's
 * UploadPartTest.testUnormalAbortMultipartUpload expects of it (message starting "The bucket has
 * Multipart Uploads."; the EC is the objects case's [unverified]).
 */
export const deleteBucket: Handler = (ctx) => {
  const outcome = ctx.storage.meta.deleteBucket(ctx.bucket);
  if (outcome === 'missing') throw ossError('NoSuchBucket', { details: { BucketName: ctx.bucket } });
  if (outcome === 'not-empty') throw ossError('BucketNotEmpty', { details: { BucketName: ctx.bucket } });
  if (outcome === 'has-uploads') {
    throw ossError('BucketNotEmpty', { message: 'The bucket has Multipart Uploads.', details: { BucketName: ctx.bucket } });
  }
  sendNoContent(ctx.res);
};

/** `GET /?bucketInfo`. */
export const getBucketInfo: Handler = (ctx) => {
  const bucket = requireBucket(ctx);
  sendXml(ctx, buildBucketInfo({ ...bucketSummary(bucket, ctx.config), owner: OWNER, acl: bucket.acl, ...bucketInfoSettings(ctx.storage.meta, ctx.bucket) }));
};

/** `GET /?location`. */
export const getBucketLocation: Handler = (ctx) => {
  requireBucket(ctx);
  sendXml(ctx, buildLocationConstraint(`oss-${ctx.config.region}`));
};

/**
 * `HEAD /` on a bucket (GetBucketMeta): 200 when it exists, with `x-oss-bucket-region` naming its
 * region as GetBucketLocation does (`oss-cn-hangzhou`), which the official PHP SDK's
 * OssClientBucketTest::testBucket reads (`getBucketMeta`, against OSS).
 */
export const headBucket: Handler = (ctx) => {
  requireBucket(ctx);
  ctx.res.setHeader('x-oss-bucket-region', `oss-${ctx.config.region}`);
  ctx.res.status(200).end();
};
