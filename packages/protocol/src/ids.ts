/**
 * Random identifiers in the shapes OSS uses (docs/rest-api.md §5.2, §5.10).
 */
import { randomBytes } from 'node:crypto';

/**
 * A new `x-oss-request-id`: 24 uppercase hex characters, like `566B6BEF6078C0E44874A4AD` (§5.2).
 *
 * @example
 * ```ts
 * res.setHeader('x-oss-request-id', newRequestId());
 * ```
 */
export function newRequestId(): string {
  return randomBytes(12).toString('hex').toUpperCase();
}

/** A new multipart upload id: 32 uppercase hex characters, like `97BD544A65DB46F9A8735C93917A960F` (§5.10). */
export function newUploadId(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}
