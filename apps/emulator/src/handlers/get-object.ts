/** GetObject and HeadObject: `GET|HEAD /<key>` (docs/rest-api.md §5.7). */
import { ossError } from '@ossbox/protocol';
import { checkReadable } from '../http/archive-state.js';
import { evaluateConditions } from '../http/conditions.js';
import { gzipApplies, sendGzipped, setGzipHeaders } from '../http/gzip-response.js';
import { headerValue, setObjectHeaders } from '../http/object-headers.js';
import { resolveRange } from '../http/range.js';
import type { Handler } from './handler.js';
import { requireBucket } from './handler.js';
import { openObject } from './open-object.js';
import { linkView } from './symlink.js';

/** `response-*` query parameters and the header each overrides. */
const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'Content-Type',
  'response-content-language': 'Content-Language',
  'response-expires': 'Expires',
  'response-cache-control': 'Cache-Control',
  'response-content-disposition': 'Content-Disposition',
  'response-content-encoding': 'Content-Encoding',
};

/**
 * A query value as a header value: control characters are refused; other characters (e.g. a UTF-8
 * file name in `response-content-disposition`) go out as their UTF-8 bytes, as every response
 * header does (middleware/header-text.ts).
 */
function headerSafe(param: string, value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) {
    throw ossError('InvalidArgument', {
      message: `The ${param} parameter contains control characters.`,
      details: { ArgumentName: param, ArgumentValue: value },
    });
  }
  return value;
}

/** Send an object (or its headers for HEAD) with range and conditional handling. */
export const getObject: Handler = async (ctx) => {
  const { req, res } = ctx;
  requireBucket(ctx);
  if (headerValue(req.headers, 'x-oss-multi-range-behavior') !== undefined) {
    // Multi-range answers (multipart/byteranges) are opt-in on OSS and not emulated (http/range.ts).
    throw ossError('NotImplemented', { message: 'x-oss-multi-range-behavior is not supported by ossbox.' });
  }
  const opened = await openObject(ctx, ctx.bucket, ctx.key, undefined, true);
  if (!opened) throw ossError('NoSuchKey', { details: { Key: ctx.key } });
  const { object, blob, link } = opened;
  try {
    if (req.method !== 'HEAD') checkReadable(object);
    // Through a link: the target's bytes with the link's metadata (linkView).
    const shown = link ? linkView(link, object) : object;
    const condition = evaluateConditions(req.headers, shown);
    setObjectHeaders(res, shown);
    for (const [param, header] of Object.entries(RESPONSE_OVERRIDES)) {
      const value = ctx.address.query[param];
      if (value !== undefined) res.setHeader(header, headerSafe(param, value));
    }
    if (condition === 'not-modified') {
      res.status(304).end();
      return;
    }
    const standard = headerValue(req.headers, 'x-oss-range-behavior')?.toLowerCase() === 'standard';
    const range = resolveRange(headerValue(req.headers, 'range'), object.size, standard);
    // A response-content-encoding override names the encoding itself: nothing is compressed then.
    const gzip =
      !range &&
      ctx.address.query['response-content-encoding'] === undefined &&
      gzipApplies(shown, object.size, headerValue(req.headers, 'accept-encoding'));
    if (range) {
      res.status(206);
      res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${object.size}`);
      res.setHeader('Content-Length', String(range.end - range.start + 1));
    } else {
      res.status(200);
      res.setHeader('Content-Length', String(object.size));
    }
    if (gzip) setGzipHeaders(res);
    if (req.method === 'HEAD' || object.size === 0) {
      res.end();
      return;
    }
    try {
      if (gzip) await sendGzipped(res, blob, object.size);
      else await blob.send(res, range?.start ?? 0, range?.end ?? object.size - 1);
    } catch (error) {
      // A client that stops reading is not a server error.
      if (!res.destroyed) throw error;
    }
  } finally {
    await blob.close();
  }
};
