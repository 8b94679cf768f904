/** DeleteMultipleObjects: `POST /?delete` (docs/rest-api.md §5.7). */
import { buildDeleteResult, ossError, parseDeleteRequest } from '@ossbox/protocol';
import { checkBodyMd5, readSmallBody } from '../http/read-body.js';
import { checkAccess } from '../access/check-access.js';
import { validateObjectName } from '../http/object-name.js';
import { strictUtf8 } from '../strict-utf8.js';
import type { Handler } from './handler.js';
import { encodingTypeOf, requireBucket, sendXml } from './handler.js';

/** At most 1000 keys per request, as OSS and S3. */
const MAX_KEYS = 1000;

/**
 * The body as text. Bytes that are not UTF-8 make the document not well-formed XML (MalformedXML):
 * decoding them to U+FFFD would name, and delete, another key than the one the client meant.
 */
function xmlText(body: Buffer): string {
  const text = strictUtf8(body);
  if (text === undefined) throw ossError('MalformedXML');
  return text;
}

/** Delete every listed key; quiet mode lists nothing back. */
export const deleteMultipleObjects: Handler = async (ctx) => {
  requireBucket(ctx);
  const encodingType = encodingTypeOf(ctx);
  const body = await readSmallBody(ctx.req);
  checkBodyMd5(ctx.req, body);
  const request = parseDeleteRequest(xmlText(body));
  if (request.keys.length > MAX_KEYS) {
    throw ossError('MalformedXML', { message: `A delete request may list at most ${MAX_KEYS} objects.` });
  }
  // Every listed key obeys the naming rule (http/object-name.ts); one bad key refuses the request
  // before anything is deleted, as OSS's result has no per-key error element.
  for (const key of request.keys) validateObjectName(key);
  // oss:DeleteObject on every listed key (bucket policy, STS policies, ACLs); one refused key
  // refuses the request before anything is deleted.
  for (const key of request.keys) checkAccess(ctx, { operation: 'oss:DeleteObject', bucket: ctx.bucket, key, access: 'write' });
  const blobIds: string[] = [];
  for (const key of request.keys) {
    const freed = ctx.storage.meta.deleteObject(ctx.bucket, key);
    if (freed !== undefined) blobIds.push(...freed);
  }
  await ctx.storage.blobs.delete(blobIds);
  const result: Parameters<typeof buildDeleteResult>[0] = { deleted: request.quiet ? [] : request.keys };
  if (encodingType) result.encodingType = encodingType;
  sendXml(ctx, buildDeleteResult(result));
};
