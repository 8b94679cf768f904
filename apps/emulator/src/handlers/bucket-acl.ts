/** PutBucketAcl and GetBucketAcl: `PUT|GET /?acl` on a bucket (docs/rest-api.md §5.9). */
import { buildAccessControlPolicy, ossError } from '@ossbox/protocol';
import { headerValue, parseAcl } from '../http/object-headers.js';
import type { Acl } from '../store/metadata-store.js';
import type { Handler } from './handler.js';
import { OWNER, requireBucket, sendXml } from './handler.js';

/** Set the bucket ACL from `x-oss-acl`. */
export const putBucketAcl: Handler = (ctx) => {
  requireBucket(ctx);
  const acl = parseAcl(headerValue(ctx.req.headers, 'x-oss-acl'), false) as Acl | undefined;
  if (acl === undefined) {
    throw ossError('InvalidArgument', {
      message: 'The x-oss-acl header is required.',
      details: { ArgumentName: 'x-oss-acl', ArgumentValue: '' },
    });
  }
  ctx.storage.meta.setBucketAcl(ctx.bucket, acl);
  ctx.res.status(200).end();
};

/** Return the bucket ACL. */
export const getBucketAcl: Handler = (ctx) => {
  const bucket = requireBucket(ctx);
  sendXml(ctx, buildAccessControlPolicy({ owner: OWNER, grant: bucket.acl }));
};
