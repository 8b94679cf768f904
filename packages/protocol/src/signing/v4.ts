/**
 * Signature V4 (`OSS4-HMAC-SHA256`), oss-protocol.md §5.5, header and presigned forms.
 * CONTRACT STUB: implemented by the protocol-signing task.
 */
import type { Credentials, SignableRequest } from './types.js';

/** Options for V4 signing. */
export interface V4Options {
  /** Short region id, e.g. `cn-hangzhou` (a leading `oss-` is stripped). */
  region: string;
  /** Extra header names to sign (AdditionalHeaders). */
  additionalHeaders?: string[];
  /** Product, default `oss`. */
  product?: string;
}

/** The V4 canonical request (six parts joined by `\n`). Requires `x-oss-date` in the headers. */
export function canonicalRequestV4(_req: SignableRequest, _additionalHeaders?: string[]): string {
  throw new Error('not implemented');
}

/**
 * The `Authorization` header value for a request that already carries `x-oss-date` and
 * `x-oss-content-sha256`.
 */
export function authorizationV4(_req: SignableRequest, _credentials: Credentials, _options: V4Options): string {
  throw new Error('not implemented');
}

/**
 * Query parameters to add to a URL to presign it with V4 (`x-oss-signature-version`,
 * `x-oss-credential`, `x-oss-date`, `x-oss-expires`, optional `x-oss-additional-headers`,
 * `x-oss-security-token`, and `x-oss-signature`). `expiresIn` is in seconds.
 */
export function presignV4(
  _req: SignableRequest,
  _credentials: Credentials,
  _options: V4Options & { date: Date; expiresIn: number },
): Record<string, string> {
  throw new Error('not implemented');
}
