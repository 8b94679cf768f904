/**
 * What {@link Bucket}'s operations share around one request: argument checks, the request headers
 * of a conditional or ranged GET, and the result shapes read from a response.
 */
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { Crc64 } from '@ossbox/protocol';
import { assertObjectKey } from './client-options.js';
import { CrcMismatchError, InvalidArgumentError } from './errors.js';
import { bareEtag } from './etag.js';
import { metaFromHeaders } from './object-headers.js';
import type { CallbackResult } from './object-headers.js';
import type { GetObjectOptions, ObjectInfo, PutObjectResult } from './object-types.js';
import type { OssResponse } from './transport.js';

export function assertPart(key: string, partNumber: number): void {
  assertObjectKey(key);
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
    throw new InvalidArgumentError('partNumber must be an integer between 1 and 10000', 'partNumber');
  }
}

export function objectInfo(res: OssResponse): ObjectInfo {
  const h = res.headers;
  return {
    etag: bareEtag(h['etag']),
    size: h['content-length'] === undefined ? undefined : Number(h['content-length']),
    contentType: h['content-type'],
    lastModified: h['last-modified'] === undefined ? undefined : new Date(h['last-modified']),
    crc64: h['x-oss-hash-crc64ecma'],
    objectType: h['x-oss-object-type'],
    versionId: h['x-oss-version-id'],
    meta: metaFromHeaders(h),
    requestId: res.requestId,
    status: res.status,
    headers: h,
  };
}

export function uploadResult(res: OssResponse, sentCrc: bigint | undefined, callback: CallbackResult | undefined): PutObjectResult {
  const result: PutObjectResult = {
    etag: bareEtag(res.headers['etag']) ?? '',
    crc64: res.headers['x-oss-hash-crc64ecma'] ?? sentCrc?.toString(),
    requestId: res.requestId,
    headers: res.headers,
  };
  const versionId = res.headers['x-oss-version-id'];
  if (versionId !== undefined) result.versionId = versionId;
  if (callback !== undefined) result.callback = callback;
  return result;
}

/** A stream pass-through that fails at the end when the CRC-64 differs from the server's. */
export class CrcVerifier extends Transform {
  private readonly crc = new Crc64();
  constructor(private readonly expected: string) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.crc.update(chunk);
    callback(null, chunk);
  }
  override _flush(callback: TransformCallback): void {
    const actual = this.crc.toString();
    callback(actual === this.expected ? null : new CrcMismatchError(actual, this.expected));
  }
}

export function conditionalHeaders(options: GetObjectOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  const { range } = options;
  if (typeof range === 'string') headers['range'] = range;
  else if (range !== undefined) {
    if (!Number.isInteger(range.start) || range.start < 0 || (range.end !== undefined && (!Number.isInteger(range.end) || range.end < range.start))) {
      throw new InvalidArgumentError('range must be { start, end? } with 0 <= start <= end', 'range');
    }
    headers['range'] = `bytes=${range.start}-${range.end ?? ''}`;
  }
  if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch;
  if (options.ifNoneMatch !== undefined) headers['if-none-match'] = options.ifNoneMatch;
  if (options.ifModifiedSince !== undefined) headers['if-modified-since'] = options.ifModifiedSince.toUTCString();
  if (options.ifUnmodifiedSince !== undefined) headers['if-unmodified-since'] = options.ifUnmodifiedSince.toUTCString();
  return headers;
}
