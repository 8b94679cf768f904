/** GetObject and HeadObject: `GET|HEAD /<key>` (oss-protocol.md §5.7). */
import { pipeline } from 'node:stream/promises';
import { ossError } from '@ossbox/protocol';
import { evaluateConditions } from '../http/conditions.js';
import { headerValue, setObjectHeaders } from '../http/object-headers.js';
import { resolveRange } from '../http/range.js';
import type { OpenBlob } from '../store/blob-store.js';
import type { ObjectRecord } from '../store/metadata-store.js';
import type { Handler, HandlerContext } from './handler.js';
import { requireObject } from './handler.js';

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
 * A query value as a header value: control characters are refused, and characters beyond Latin-1
 * (e.g. a UTF-8 file name in `response-content-disposition`) go out as their raw UTF-8 bytes,
 * which is what OSS sends and what Node writes for a Latin-1 string of those bytes.
 */
function headerSafe(param: string, value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) {
    throw ossError('InvalidArgument', {
      message: `The ${param} parameter contains control characters.`,
      details: { ArgumentName: param, ArgumentValue: value },
    });
  }
  // eslint-disable-next-line no-control-regex -- a range test, not a control-character match
  return /[^\u0000-\u00ff]/.test(value) ? Buffer.from(value, 'utf8').toString('latin1') : value;
}

/**
 * Read the object row and open its blob. A concurrent overwrite may delete the blob between the
 * two steps; reading the row again then gives the new version.
 */
async function openCurrent(ctx: HandlerContext): Promise<{ object: ObjectRecord; blob: OpenBlob }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const object = requireObject(ctx);
    const blob = await ctx.storage.blobs.open(object.blobId);
    if (blob) return { object, blob };
  }
  throw ossError('NoSuchKey', { details: { Key: ctx.key } });
}

/** Send an object (or its headers for HEAD) with range and conditional handling. */
export const getObject: Handler = async (ctx) => {
  const { req, res } = ctx;
  const { object, blob } = await openCurrent(ctx);
  try {
    const condition = evaluateConditions(req.headers, object);
    setObjectHeaders(res, object);
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
    if (range) {
      res.status(206);
      res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${object.size}`);
      res.setHeader('Content-Length', String(range.end - range.start + 1));
    } else {
      res.status(200);
      res.setHeader('Content-Length', String(object.size));
    }
    if (req.method === 'HEAD' || object.size === 0) {
      res.end();
      return;
    }
    const stream = blob.stream(range?.start ?? 0, range?.end ?? object.size - 1);
    try {
      await pipeline(stream, res);
    } catch (error) {
      // A client that stops reading is not a server error.
      if (!res.destroyed) throw error;
    }
  } finally {
    await blob.close();
  }
};
