/** Reading request bodies (streamed, or small XML documents with a size cap), and checking their Content-MD5. */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { finished, PassThrough, type Readable } from 'node:stream';
import type { Request } from 'express';
import { ossError } from '@ossbox/protocol';
import { headerValue } from './object-headers.js';

/** Largest XML request body accepted (a 10000-part Complete list fits comfortably). */
const MAX_XML_BODY = 2 * 1024 * 1024;

/**
 * The request body as a stream its reader may destroy on a failure of its own (disk full, size
 * limit, bad XML) without destroying the request: destroying an `IncomingMessage` destroys its
 * socket, and the client would get a connection reset instead of the OSS error. A client that
 * goes away, or a body timed out by the server (http/connection-guard.ts), still ends the
 * stream with that error.
 */
export function requestBody(req: IncomingMessage): Readable {
  const body = new PassThrough();
  // Start reading the request only when the body is read: the first read is what sends
  // `100 Continue` (expect-continue.ts), so checks made after this call still refuse first.
  const read = body._read.bind(body);
  let piped = false;
  body._read = (size: number) => {
    if (!piped) {
      piped = true;
      req.pipe(body);
    }
    read(size);
  };
  finished(req, (error) => {
    if (error) body.destroy(error);
  });
  return body;
}

/** Read the whole body (at most `limit` bytes, else MalformedXML). */
export async function readSmallBody(req: Request, limit = MAX_XML_BODY): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of requestBody(req) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw ossError('MalformedXML', { message: `The XML you provided was larger than ${limit} bytes.` });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Parse a `Content-MD5` header into the raw 16-byte digest; a value that is not Base64 of 16 bytes
 * is InvalidDigest with EC 0017-00000502 (docs/rest-api.md §5.12).
 */
export function expectedMd5(req: Request): Buffer | undefined {
  return parseContentMd5(headerValue(req.headers, 'content-md5'));
}

/** {@link expectedMd5} for a value from elsewhere (the PostObject `Content-MD5` form field). */
export function parseContentMd5(value: string | undefined): Buffer | undefined {
  if (value === undefined) return undefined;
  const digest = Buffer.from(value.trim(), 'base64');
  if (digest.length !== 16 || digest.toString('base64') !== value.trim()) {
    throw ossError('InvalidDigest', { ec: '0017-00000502', details: { 'Content-MD5': value } });
  }
  return digest;
}

/** Throw InvalidDigest (EC 0017-00000503) when the body's MD5 differs from the header. */
export function checkMd5(expected: Buffer | undefined, actual: Buffer): void {
  if (expected !== undefined && !expected.equals(actual)) {
    throw ossError('InvalidDigest', { ec: '0017-00000503', details: { 'Content-MD5': expected.toString('base64') } });
  }
}

/** Content-MD5 check for a small body already in memory. */
export function checkBodyMd5(req: Request, body: Buffer): void {
  checkMd5(expectedMd5(req), createHash('md5').update(body).digest());
}
