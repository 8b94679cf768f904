/**
 * Random identifiers in the shapes OSS uses (docs/rest-api.md §5.2, §5.10).
 */
import { randomFillSync } from 'node:crypto';

/**
 * Random bytes drawn from the operating system's CSPRNG a page at a time: `randomBytes(n)` per id
 * cost ~8 µs (a call into OpenSSL and its fork check, a `getpid` system call, each time), a slice of
 * this pool ~0.3 µs, and the emulator makes two or more ids per request. Each byte is handed out
 * once; the pool is refilled in place when it runs short.
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

/**
 * `byteCount` random bytes (from the CSPRNG, as `crypto.randomBytes`) as 2 × `byteCount` lowercase
 * hex characters.
 *
 * @param byteCount - bytes of randomness, at most 4096
 * @throws RangeError when `byteCount` is not an integer from 0 to 4096
 * @example
 * ```ts
 * const blobId = randomHex(16); // 32 hex characters
 * ```
 */
export function randomHex(byteCount: number): string {
  if (!Number.isInteger(byteCount) || byteCount < 0 || byteCount > pool.length) {
    throw new RangeError(`randomHex: byteCount must be an integer from 0 to ${pool.length}, got ${byteCount}`);
  }
  if (poolOffset + byteCount > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + byteCount);
  poolOffset += byteCount;
  return hex;
}

/**
 * A new `x-oss-request-id`: 24 uppercase hex characters, like `566B6BEF6078C0E44874A4AD` (§5.2).
 *
 * @example
 * ```ts
 * res.setHeader('x-oss-request-id', newRequestId());
 * ```
 */
export function newRequestId(): string {
  return randomHex(12).toUpperCase();
}

/** The microseconds of the last upload id, so ids made within one millisecond still increase. */
let lastUploadMicros = 0n;

/**
 * A new multipart upload id: 32 uppercase hex characters, the first 16 the initiation time in
 * microseconds since the epoch and the rest random, so ids sort in the order the uploads were
 * initiated (within one process, strictly). That is OSS's shape: the ListMultipartUploads
 * example `0004B999EF518A1FE585B0C9360DC4C8` decodes to 2012-02-23T04:18:23.075Z and is listed
 * with `<Initiated>2012-02-23T04:18:23.000Z</Initiated>`, the next upload of the key
 * (`0004B999EF5A239B…`) 0.56 s later
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/listmultipartuploads).
 * Clients page on that order: the official Go SDK's TestListMultipartUploads sends
 * `upload-id-marker=EEE` and expects every upload of the marker key to sort before it.
 *
 * @param initiated - when the upload is initiated (default: now)
 * @example
 * ```ts
 * const initiated = new Date();
 * store.createUpload({ uploadId: newUploadId(initiated), initiated, … });
 * ```
 */
export function newUploadId(initiated: Date = new Date()): string {
  const micros = BigInt(initiated.getTime()) * 1000n;
  // Same millisecond as the last id: one microsecond after it. An earlier time (a given date, a
  // clock set back) is taken as it is.
  const sameMillisecond = micros <= lastUploadMicros && lastUploadMicros - micros < 1000n;
  lastUploadMicros = sameMillisecond ? lastUploadMicros + 1n : micros;
  return lastUploadMicros.toString(16).toUpperCase().padStart(16, '0') + randomHex(8).toUpperCase();
}
