/** GetObjectMeta: `HEAD /<key>?objectMeta`, the light HEAD (docs/rest-api.md §5.7). */
import { quotedEtag } from '../http/object-headers.js';
import type { Handler } from './handler.js';
import { requireObject } from './handler.js';

/** ETag, size, Last-Modified and CRC-64 of an object, no body. */
export const getObjectMeta: Handler = (ctx) => {
  const object = requireObject(ctx);
  ctx.res
    .status(200)
    .set({
      ETag: quotedEtag(object.etag),
      'Content-Length': String(object.size),
      'Last-Modified': object.lastModified.toUTCString(),
      'x-oss-hash-crc64ecma': object.crc64,
    })
    .end();
};
