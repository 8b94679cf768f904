/**
 * Small helpers shared by the operations: request headers from options, typed values from
 * response headers, the callback result and CRC checks.
 */
import { crc64Combine } from '@ossbox/protocol';
import { CrcMismatchError, InvalidArgumentError } from './errors.js';
import type { Callback } from './callback.js';
import type { OssResponse } from './transport.js';

/**
 * Upload progress, in bytes. Two counts, because bytes written to the connection are not yet
 * stored: a bar driven by `sent` reaches 100 % while OSS is still receiving, and, for an upload
 * with a callback, before OSS has called your server.
 *
 * @example
 * ```ts
 * onProgress: ({ loaded, sent, total }) => bar.update(loaded / total!, { sending: sent / total! })
 * ```
 */
export interface Progress {
  /**
   * Bytes OSS has acknowledged: a request's body counts once OSS has answered it (PutObject and
   * AppendObject: the whole body at the answer, which for an upload with a callback comes after
   * the callback; resumableUpload: each part when its UploadPart is answered, parts found by a
   * resume from the start). `loaded === total` means every byte is stored. Never decreases.
   */
  loaded: number;
  /**
   * Bytes written to the connection so far, acknowledged or not (`loaded` plus what is in
   * flight): smooth, for a transfer rate. Never decreases, even when a retry sends bytes again.
   */
  sent: number;
  /** Size of the upload; undefined for a stream of unknown length. */
  total: number | undefined;
  /** Set when a multipart part has just been acknowledged. */
  part?: { number: number; size: number };
}

/** The callback server's reply, passed through by OSS on success (docs/callback-protocol.md §3.2). */
export interface CallbackResult {
  /** The reply bytes, exactly as your server sent them. */
  body: Buffer;
  /** The reply parsed as JSON; absent when it is not JSON (never an exception). */
  json?: unknown;
}

/**
 * Headers common to uploads: content type (`contentType`, else a Content-Type in `headers`),
 * `x-oss-meta-*`, extra headers, callback.
 *
 * Uploads that store a type pass `contentType` from `uploadContentType` (./content-type.ts),
 * which guesses one when the caller gave none, since OSS stores `application/octet-stream` for a
 * request without one. Without either (CompleteMultipartUpload, UploadPart), no Content-Type is
 * sent: V1 signs an absent one as the empty string and V4 only lists it when present
 * (docs/rest-api.md §5.3, §5.5).
 */
export function uploadHeaders(options: {
  contentType?: string | undefined;
  meta?: Record<string, string | number> | undefined;
  headers?: Record<string, string> | undefined;
  callback?: Callback | undefined;
}): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  for (const [name, value] of Object.entries(options.meta ?? {})) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new InvalidArgumentError(`Invalid metadata name "${name}": letters, digits, "-" and "_" only.`, 'meta');
    headers[`x-oss-meta-${name.toLowerCase()}`] = String(value);
  }
  if (options.callback !== undefined) Object.assign(headers, options.callback.toHeaders());
  return headers;
}

/** `x-oss-meta-*` response headers without the prefix. */
export function metaFromHeaders(headers: Record<string, string>): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (name.startsWith('x-oss-meta-')) meta[name.slice(11)] = value;
  return meta;
}

/** The callback reply; JSON only when it parses (ali-oss issues #898, #977: never throw on non-JSON). */
export function toCallbackResult(body: Buffer): CallbackResult {
  const result: CallbackResult = { body };
  if (body.length > 0) {
    try {
      result.json = JSON.parse(body.toString('utf8'));
    } catch {
      // Not JSON: the raw bytes are the result.
    }
  }
  return result;
}

/** Throw CrcMismatchError when the server's `x-oss-hash-crc64ecma` differs from ours. */
export function checkCrc(local: bigint | undefined, res: Pick<OssResponse, 'headers' | 'requestId' | 'status'>, enabled: boolean): void {
  const server = res.headers['x-oss-hash-crc64ecma'];
  if (!enabled || local === undefined || server === undefined) return;
  if (server.trim() !== local.toString()) {
    throw new CrcMismatchError(local.toString(), server, { status: res.status, requestId: res.requestId, headers: res.headers });
  }
}

/** CRC-64 of parts concatenated in order, from each part's CRC and size (zlib-style combine). */
export function combinePartCrcs(parts: ReadonlyArray<{ crc64: string; size: number }>): bigint | undefined {
  let crc: bigint | undefined;
  for (const part of parts) {
    const value = BigInt(part.crc64);
    crc = crc === undefined ? value : crc64Combine(crc, value, part.size);
  }
  return crc;
}

/** Read a whole (small) response body. */
export async function readAll(res: OssResponse): Promise<Buffer> {
  return Buffer.from(await res.body.arrayBuffer());
}

/** Discard a response body we do not need. */
export async function discard(res: OssResponse): Promise<void> {
  await res.body.dump();
}
