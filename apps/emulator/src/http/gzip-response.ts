/**
 * GZIP compression of GetObject and HeadObject answers, as OSS does it
 * (https://www.alibabacloud.com/help/en/oss/how-do-i-compress-objects-that-i-download-from-oss-in-the-gzip-format):
 * a request whose `Accept-Encoding` allows gzip, for an object of at least 1 KB whose Content-Type
 * is one of the listed text types, gets the object gzip-compressed, with `Content-Encoding: gzip`
 * and `Vary: Accept-Encoding`, and without `ETag`, `Content-Length` and `Accept-Ranges`.
 *
 * Not in the doc, so chosen here [unverified]: an object stored with a Content-Encoding of its own
 * is sent as stored (compressing it again would change what the stored encoding describes), and
 * a Range request is answered uncompressed (a byte range of the compressed form means nothing to
 * the client, whose `Content-Range` counts stored bytes).
 */
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Response } from 'express';
import type { OpenBlob } from '../store/blob-store.js';
import type { ObjectHttpMeta } from '../store/metadata-store.js';

/** The Content-Types OSS compresses (media type only, parameters ignored). */
const GZIP_CONTENT_TYPES = new Set([
  'text/cache-manifest',
  'text/xml',
  'text/css',
  'text/html',
  'text/plain',
  'application/javascript',
  'application/x-javascript',
  'application/rss+xml',
  'application/json',
  'text/json',
]);

/** Objects smaller than this (1 KB) are never compressed. */
export const GZIP_MIN_SIZE = 1024;

/** Whether an `Accept-Encoding` value allows gzip (`gzip`, `x-gzip` or `*`, with a q-value above 0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  const weights = new Map<string, number>();
  for (const item of acceptEncoding.split(',')) {
    const [coding = '', ...params] = item.split(';').map((part) => part.trim().toLowerCase());
    if (coding === '') continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(coding, Number.isFinite(weight) ? weight : 0);
  }
  const explicit = weights.get('gzip') ?? weights.get('x-gzip');
  if (explicit !== undefined) return explicit > 0;
  return (weights.get('*') ?? 0) > 0;
}

/**
 * Whether OSS would send an object of `size` bytes with the headers of `shown` (the object, or a
 * symlink's view of its target) gzip-compressed for a request with this `Accept-Encoding`.
 */
export function gzipApplies(shown: ObjectHttpMeta, size: number, acceptEncoding: string | undefined): boolean {
  if (size < GZIP_MIN_SIZE || shown.contentEncoding !== undefined) return false;
  const mediaType = shown.contentType.split(';')[0]!.trim().toLowerCase();
  return GZIP_CONTENT_TYPES.has(mediaType) && acceptsGzip(acceptEncoding);
}

/** Turn the headers already set for the object into those of its compressed form. */
export function setGzipHeaders(res: Response): void {
  res.removeHeader('ETag');
  res.removeHeader('Content-Length');
  res.removeHeader('Accept-Ranges');
  res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Vary', 'Accept-Encoding');
}

/** Send the whole blob gzip-compressed (the response is chunked). */
export async function sendGzipped(res: Response, blob: OpenBlob, size: number): Promise<void> {
  await pipeline(blob.stream(0, size - 1), createGzip(), res);
}
