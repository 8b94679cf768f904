/**
 * Header values as the text clients mean. Node hands request header values over as Latin-1
 * strings (one character per byte), while clients send UTF-8 (`x-oss-meta-author: 张三`) and sign
 * its UTF-8 text (ali-oss, the Go, Python and Ruby SDKs all hash the UTF-8 bytes of their string
 * values), and OSS returns the same bytes on GET/HEAD. So, in one place each way:
 *
 * - in: every request header value that is valid UTF-8 is decoded to its text before anything
 *   reads it (signature checks, metadata, callbacks, conditions); a value that is not valid UTF-8
 *   stays as Node read it (Latin-1: browsers send `é` as one byte and sign the text `é`);
 * - out: every response header value goes out as the UTF-8 bytes of its text, so stored metadata
 *   and `response-content-disposition` overrides travel as the bytes the client sent.
 */
import type { RequestHandler } from 'express';
import { headerBytes, headerText } from '@ossbox/protocol';

function outgoing(value: number | string | readonly string[]): number | string | string[] {
  if (typeof value === 'string') return headerBytes(value);
  if (typeof value === 'number') return value;
  return value.map(headerBytes);
}

/** Middleware: decode request header values, and encode every response header value set later. */
export function headerTextMiddleware(): RequestHandler {
  return (req, res, next) => {
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') req.headers[name] = headerText(value);
      else if (Array.isArray(value)) req.headers[name] = value.map(headerText);
    }
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) => setHeader(name, outgoing(value));
    next();
  };
}
