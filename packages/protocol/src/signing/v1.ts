/**
 * Signature V1 (`Authorization: OSS <AccessKeyId>:<Signature>`, HMAC-SHA1), oss-protocol.md §5.3,
 * and presigned V1 URLs (§5.4). CONTRACT STUB: implemented by the protocol-signing task.
 */
import type { Credentials, SignableRequest } from './types.js';

/** The V1 string to sign for a header-signed request (date line = x-oss-date || Date). */
export function stringToSignV1(_req: SignableRequest): string {
  throw new Error('not implemented');
}

/** The `Authorization` header value `OSS <id>:<base64 signature>` for the request as given. */
export function authorizationV1(_req: SignableRequest, _credentials: Credentials): string {
  throw new Error('not implemented');
}

/**
 * Query parameters to add to a URL to presign it with V1 (`OSSAccessKeyId`, `Expires`,
 * `Signature`, plus `security-token` with STS). `expires` is an absolute Unix time in seconds.
 */
export function presignV1(
  _req: SignableRequest,
  _credentials: Credentials,
  _expires: number,
): Record<string, string> {
  throw new Error('not implemented');
}
