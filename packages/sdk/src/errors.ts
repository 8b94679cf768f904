/**
 * The SDK's error classes. Every error is an {@link OssError} with a stable `code`, so both
 * `instanceof` and `err.code === '…'` work (undici's model: one class per failure family).
 * Server errors keep the server's code (`NoSuchKey`, `SignatureDoesNotMatch`, …); client-side
 * failures use the codes listed on each class.
 */

/** Fields shared by every {@link OssError}. */
export interface OssErrorOptions {
  /** HTTP status, when a response was received. */
  status?: number;
  requestId?: string;
  hostId?: string;
  /** OSS error EC, e.g. `0007-00000203`. */
  ec?: string;
  /** The server's string to sign, on `SignatureDoesNotMatch`. */
  stringToSign?: string;
  /** Response headers (lowercase names). */
  headers?: Record<string, string>;
  /** Other child elements of the error XML (Key, BucketName, ArgumentName, …). */
  details?: Record<string, string>;
  cause?: unknown;
}

/**
 * Base class of every error the SDK throws.
 *
 * @example
 * ```ts
 * try { await bucket.getObject('missing') }
 * catch (e) { if (e instanceof OssError && e.code === 'NoSuchKey') console.log(e.requestId) }
 * ```
 */
export class OssError extends Error {
  override name = 'OssError';
  /** Stable machine-readable code: the server's `<Code>` or the client-side code of the subclass. */
  readonly code: string;
  /** HTTP status, or undefined when no response was received. */
  readonly status: number | undefined;
  /** `x-oss-request-id` of the failed request: quote it to Alibaba Cloud support. */
  readonly requestId: string | undefined;
  /** The endpoint host that answered (`<HostId>`). */
  readonly hostId: string | undefined;
  /** OSS error EC, e.g. `0007-00000203` (from `<EC>` or `x-oss-ec`). */
  readonly ec: string | undefined;
  /** The server's string to sign (signature errors only): compare it with your own. */
  readonly stringToSign: string | undefined;
  /** Response headers, lowercase names ({} without a response). */
  readonly headers: Record<string, string>;
  /** Extra elements of the error XML. */
  readonly details: Record<string, string>;

  constructor(code: string, message: string, options: OssErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.requestId = options.requestId;
    this.hostId = options.hostId;
    this.ec = options.ec;
    this.stringToSign = options.stringToSign;
    this.headers = options.headers ?? {};
    this.details = options.details ?? {};
  }
}

/** A bad option or argument, detected before anything is sent. Code `InvalidArgument`. */
export class InvalidArgumentError extends OssError {
  override name = 'InvalidArgumentError';
  /** The option or argument at fault, when known. */
  readonly argument: string | undefined;
  constructor(message: string, argument?: string, options: OssErrorOptions = {}) {
    super('InvalidArgument', message, options);
    this.argument = argument;
  }
}

/** The caller's AbortSignal fired. Code `Aborted`. */
export class AbortError extends OssError {
  override name = 'AbortError';
  constructor(message = 'The operation was aborted.', options: OssErrorOptions = {}) {
    super('Aborted', message, options);
  }
}

/** The connection failed or broke before a complete response arrived. Code `NetworkError`. */
export class NetworkError extends OssError {
  override name = 'NetworkError';
  constructor(message: string, options: OssErrorOptions = {}) {
    super('NetworkError', message, options);
  }
}

/** No response (headers or body data) within `timeoutMs`. Code `Timeout`. */
export class TimeoutError extends OssError {
  override name = 'TimeoutError';
  constructor(message: string, options: OssErrorOptions = {}) {
    super('Timeout', message, options);
  }
}

/** The CRC-64 computed locally differs from `x-oss-hash-crc64ecma`. Code `CrcMismatch`. */
export class CrcMismatchError extends OssError {
  override name = 'CrcMismatchError';
  /** Decimal CRC-64 computed by the client. */
  readonly clientCrc64: string;
  /** Decimal CRC-64 reported by the server. */
  readonly serverCrc64: string;
  constructor(clientCrc64: string, serverCrc64: string, options: OssErrorOptions = {}) {
    super(
      'CrcMismatch',
      `CRC-64 mismatch: the client computed ${clientCrc64} but OSS reported ${serverCrc64}; the data was corrupted in transit.`,
      options,
    );
    this.clientCrc64 = clientCrc64;
    this.serverCrc64 = serverCrc64;
  }
}

/** A resumable-upload checkpoint file that cannot be used (unreadable, corrupt, wrong checksum). Code `CheckpointBroken`. */
export class CheckpointError extends OssError {
  override name = 'CheckpointError';
  /** Path of the checkpoint file. */
  readonly checkpoint: string;
  constructor(checkpoint: string, message: string, options: OssErrorOptions = {}) {
    super('CheckpointBroken', `Checkpoint ${checkpoint} is broken: ${message}`, options);
    this.checkpoint = checkpoint;
  }
}

/** Server code `NoSuchKey` (404). */
export class NoSuchKeyError extends OssError {
  override name = 'NoSuchKeyError';
}

/** Server code `NoSuchBucket` (404). */
export class NoSuchBucketError extends OssError {
  override name = 'NoSuchBucketError';
}

/** Server code `NoSuchUpload` (404): the multipart upload was completed, aborted or never existed. */
export class NoSuchUploadError extends OssError {
  override name = 'NoSuchUploadError';
}

/** What a {@link CallbackError} knows about the stored object. */
export interface CallbackErrorOptions extends OssErrorOptions {
  bucket: string;
  key: string;
  /** ETag of the stored object, without quotes (OSS keeps the upload's headers on a 203). */
  etag: string;
  /** Decimal CRC-64 of the stored object. */
  crc64: string | undefined;
  versionId: string | undefined;
  /** The server's `<Message>`, e.g. `Error status : 502.` */
  serverMessage: string;
}

/**
 * OSS stored the object, then the upload callback failed (HTTP 203, `CallbackFailed`,
 * docs/callback-protocol.md §3.3–§3.4). The object **exists** (`uploaded` is always true): do not upload it
 * again; deal with the callback (your server was down, replied non-200, non-JSON, too slow, …).
 *
 * @example
 * ```ts
 * try { await bucket.putObject('a.txt', { body: 'hi', callback }) }
 * catch (e) {
 *   if (e instanceof CallbackError) console.log(`${e.key} stored (ETag ${e.etag}), callback failed: ${e.serverMessage}`);
 * }
 * ```
 */
export class CallbackError extends OssError {
  override name = 'CallbackError';
  /** Always true: the object was stored before the callback ran. */
  readonly uploaded = true as const;
  /** Bucket of the stored object. */
  readonly bucket: string;
  /** Key of the stored object. */
  readonly key: string;
  /**
   * ETag of the stored object (no quotes). Always present: OSS answers a failed callback with the
   * upload's own headers (docs/callback-protocol.md §3.3); a 203 without an ETag is not reported
   * as a CallbackError but as a plain {@link OssError} with code `CallbackFailed`.
   */
  readonly etag: string;
  /** `x-oss-hash-crc64ecma` of the stored object, when the response carried one. */
  readonly crc64: string | undefined;
  /** Version id of the stored object, on versioned buckets. */
  readonly versionId: string | undefined;
  /** The server's `<Message>` about the callback failure, e.g. `Error status : 301.` */
  readonly serverMessage: string;
  declare readonly status: 203;

  constructor(options: CallbackErrorOptions) {
    super(
      'CallbackFailed',
      `The object ${options.bucket}/${options.key} was stored (ETag ${options.etag}), but the upload callback failed: ${options.serverMessage}`,
      { ...options, status: 203 },
    );
    this.bucket = options.bucket;
    this.key = options.key;
    this.etag = options.etag;
    this.crc64 = options.crc64;
    this.versionId = options.versionId;
    this.serverMessage = options.serverMessage;
  }
}
