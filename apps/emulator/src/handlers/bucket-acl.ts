/** PutBucketAcl and GetBucketAcl: `PUT|GET /?acl` on a bucket (docs/rest-api.md §5.9). */
import { buildAccessControlPolicy, ossError } from '@ossbox/protocol';
import { headerValue, parseAcl } from '../http/object-headers.js';
import type { Acl } from '../store/metadata-store.js';
import { callerKeyId } from './bucket.js';
import type { Handler } from './handler.js';
import { OWNER, requireBucket, sendXml } from './handler.js';

/**
 * Set the bucket ACL from `x-oss-acl`. "If the specified bucket does not exist, a new bucket is
 * created" (https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketacl).
 */
export const putBucketAcl: Handler = (ctx) => {
  const acl = parseAcl(headerValue(ctx.req.headers, 'x-oss-acl'), false) as Acl | undefined;
  if (acl === undefined) {
    throw ossError('InvalidArgument', {
      message: 'The x-oss-acl header is required.',
      details: { ArgumentName: 'x-oss-acl', ArgumentValue: '' },
    });
  }
  const created = ctx.storage.meta.createBucket({
    name: ctx.bucket,
    acl,
    storageClass: 'Standard',
    createdAt: new Date(),
    owner: callerKeyId(ctx),
  });
  if (!created) ctx.storage.meta.setBucketAcl(ctx.bucket, acl);
  // As PutBucket's answer: ali-oss reads the bucket name from it, and its suite, run against OSS,
  // expects putBucketACL() to return that name.
  ctx.res.setHeader('Location', `/${ctx.bucket}`);
  ctx.res.status(200).end();
};

/** Return the bucket ACL. */
export const getBucketAcl: Handler = (ctx) => {
  const bucket = requireBucket(ctx);
  sendXml(ctx, buildAccessControlPolicy({ owner: OWNER, grant: bucket.acl }));
};
