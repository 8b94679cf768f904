/** CopyObject: `PUT /<key>` with `x-oss-copy-source` (docs/rest-api.md §5.7). */
import { Readable } from 'node:stream';
import { buildCopyObjectResult, ossError } from '@ossbox/protocol';
import type { CopySource } from '../http/copy-source.js';
import { headerValue, httpMetaFromHeaders, md5Etag, parseAcl, quotedEtag } from '../http/object-headers.js';
import type { ObjectHttpMeta } from '../store/metadata-store.js';
import type { HandlerContext } from './handler.js';
import { requireBucket, sendXml } from './handler.js';
import { checkForbidOverwrite, installObject, receiveBlob } from './install-object.js';
import { openCopySource } from './read-copy-source.js';

/** Copy a whole object; COPY keeps the source's metadata, REPLACE takes the request's. */
export async function copyObject(ctx: HandlerContext, source: CopySource): Promise<void> {
  requireBucket(ctx);
  const { headers } = ctx.req;
  const directive = (headerValue(headers, 'x-oss-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw ossError('InvalidArgument', {
      message: 'Invalid metadata directive.',
      details: { ArgumentName: 'x-oss-metadata-directive', ArgumentValue: directive },
    });
  }
  const acl = parseAcl(headerValue(headers, 'x-oss-object-acl'), true) ?? 'default';
  const forbidOverwrite = checkForbidOverwrite(ctx);
  const opened = await openCopySource(ctx, source);
  if (opened === 'not-modified') {
    ctx.res.status(304).end();
    return;
  }
  const { object: src, blob: srcBlob } = opened;
  let blob;
  try {
    blob = await receiveBlob(ctx, src.size === 0 ? Readable.from([]) : srcBlob.stream(0, src.size - 1));
  } finally {
    await srcBlob.close();
  }
  const meta: ObjectHttpMeta =
    directive === 'REPLACE'
      ? httpMetaFromHeaders(headers, ctx.key)
      : {
          contentType: src.contentType,
          userMeta: src.userMeta,
          ...(src.cacheControl === undefined ? {} : { cacheControl: src.cacheControl }),
          ...(src.contentDisposition === undefined ? {} : { contentDisposition: src.contentDisposition }),
          ...(src.contentEncoding === undefined ? {} : { contentEncoding: src.contentEncoding }),
          ...(src.expires === undefined ? {} : { expires: src.expires }),
        };
  const object = await installObject(
    ctx,
    blob,
    {
      ...meta,
      bucket: ctx.bucket,
      key: ctx.key,
      // A multipart source keeps its composite ETag; other sources get the MD5 just measured.
      ...(src.type === 'Multipart'
        ? { etag: src.etag, type: 'Multipart' as const }
        : { etag: md5Etag(blob.md5), contentMd5: blob.md5.toString('base64'), type: 'Normal' as const }),
      storageClass: headerValue(headers, 'x-oss-storage-class') ?? src.storageClass,
      acl,
      lastModified: new Date(),
    },
    forbidOverwrite,
  );
  ctx.res.setHeader('ETag', quotedEtag(object.etag));
  ctx.res.setHeader('x-oss-hash-crc64ecma', object.crc64);
  sendXml(ctx, buildCopyObjectResult({ etag: quotedEtag(object.etag), lastModified: object.lastModified }));
}
