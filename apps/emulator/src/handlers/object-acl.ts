/** PutObjectAcl and GetObjectAcl: `PUT|GET /<key>?acl` (docs/rest-api.md §5.9). */
import { buildAccessControlPolicy, ossError } from '@ossbox/protocol';
import { ACL_ECS, headerValue, parseAcl } from '../http/object-headers.js';
import type { Handler } from './handler.js';
import { OWNER, requireObject, sendXml } from './handler.js';

/** Set the object ACL from `x-oss-object-acl`. */
export const putObjectAcl: Handler = (ctx) => {
  requireObject(ctx);
  const acl = parseAcl(headerValue(ctx.req.headers, 'x-oss-object-acl'), true);
  if (acl === undefined) {
    throw ossError('InvalidArgument', {
      message: 'The x-oss-object-acl header is required.',
      ec: ACL_ECS.objectEmpty,
      details: { ArgumentName: 'x-oss-object-acl', ArgumentValue: '' },
    });
  }
  ctx.storage.meta.setObjectAcl(ctx.bucket, ctx.key, acl);
  ctx.res.status(200).end();
};

/** Return the object ACL (`default` when it inherits the bucket's). */
export const getObjectAcl: Handler = (ctx) => {
  const object = requireObject(ctx);
  sendXml(ctx, buildAccessControlPolicy({ owner: OWNER, grant: object.acl }));
};
