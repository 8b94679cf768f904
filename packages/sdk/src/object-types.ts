/**
 * The option and result shapes of {@link Bucket}'s object and multipart operations
 * (docs/rest-api.md §5.7–§5.10).
 */
import type { Readable } from 'node:stream';
import type { CallbackInput } from './callback.js';
import type { CallbackResult, Progress } from './object-headers.js';
import type { UploadBody } from './upload-body.js';

/** Content of an upload: exactly one of `file` (a path, streamed) or `body`. */
export interface UploadContent {
  /** Path of a file to upload (streamed, retried from disk). */
  file?: string;
  /** Bytes, text, or a stream (a stream is sent once and never retried). */
  body?: UploadBody;
  /** Size of a stream `body` when known (sent as Content-Length; else chunked). */
  contentLength?: number;
}

/** Options of {@link Bucket.putObject}. */
export interface PutObjectOptions extends UploadContent {
  /**
   * Content-Type. Default: a `Content-Type` in `headers`, else guessed from the extension of
   * `file`, then of the key (`a.png` → `image/png`; unknown → `application/octet-stream`), as
   * ali-oss does (`guessContentType`). OSS itself does not guess: an upload sent without a
   * type is stored as `application/octet-stream`.
   */
  contentType?: string;
  /** User metadata, sent as `x-oss-meta-<name>`. */
  meta?: Record<string, string | number>;
  /** Extra request headers (Cache-Control, x-oss-object-acl, x-oss-forbid-overwrite, …). */
  headers?: Record<string, string>;
  /** Upload callback (a `Callback` or its options); a failed callback throws {@link CallbackError}. */
  callback?: CallbackInput;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/** Result of an upload. */
export interface PutObjectResult {
  /** ETag without quotes. */
  etag: string;
  /** Decimal CRC-64 of the stored object. */
  crc64: string | undefined;
  requestId: string | undefined;
  versionId?: string;
  /** The callback server's reply, when a callback was sent. */
  callback?: CallbackResult;
  /** Response headers (lowercase). */
  headers: Record<string, string>;
}

/** Conditional and range options of GetObject / HeadObject. */
export interface GetObjectOptions {
  /** Byte range: `{ start, end? }` (inclusive) or a raw `bytes=…` value. */
  range?: { start: number; end?: number } | string;
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: Date;
  ifUnmodifiedSince?: Date;
  /** Write the object to this path (atomically: temp file + rename) instead of returning a stream. */
  file?: string;
  /** Response header overrides such as `response-content-type`. */
  query?: Record<string, string>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Object metadata from response headers. */
export interface ObjectInfo {
  /** ETag without quotes. */
  etag: string | undefined;
  /** Content-Length of this response. */
  size: number | undefined;
  contentType: string | undefined;
  lastModified: Date | undefined;
  crc64: string | undefined;
  /** `Normal`, `Multipart` or `Appendable`. */
  objectType: string | undefined;
  versionId: string | undefined;
  meta: Record<string, string>;
  requestId: string | undefined;
  status: number;
  headers: Record<string, string>;
}

/** Result of {@link Bucket.getObject}: a stream, or nothing more when written to `file`. */
export interface GetObjectResult extends ObjectInfo {
  /** The content (absent when `file` was given). Full-object streams error with CrcMismatchError on corruption. */
  body?: Readable;
}

/** A part for CompleteMultipartUpload; with `crc64` and `size` on every part the whole object's CRC is checked. */
export interface CompletedPart {
  partNumber: number;
  etag: string;
  crc64?: string;
  size?: number;
}

/** Result of {@link Bucket.uploadPart}. */
export interface UploadPartResult {
  partNumber: number;
  /** ETag without quotes. */
  etag: string;
  crc64: string;
  size: number;
  requestId: string | undefined;
}

/** Result of {@link Bucket.completeMultipartUpload}. */
export interface CompleteMultipartUploadResult extends PutObjectResult {
  /** From the result XML (absent when a callback replaced it). */
  location?: string;
}

/** Options shared by simple requests. */
export interface RequestOptions {
  signal?: AbortSignal;
}
