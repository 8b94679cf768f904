/**
 * Server side: authenticate an incoming request signed in any of the four ways (V1 header,
 * V4 header, V1 presigned, V4 presigned) or not at all. Throws OssProtocolError with the OSS
 * code (`InvalidAccessKeyId`, `SignatureDoesNotMatch` with `StringToSign` in details,
 * `RequestTimeTooSkewed`, `AccessDenied` for expired URLs, …).
 * CONTRACT STUB: implemented by the protocol-signing task.
 */
import type { SignableRequest } from './types.js';

/** How the verifier finds secrets and judges time. */
export interface VerifyOptions {
  /** Returns the secret for an access key id, or undefined when unknown. */
  lookupSecret: (accessKeyId: string) => string | undefined;
  /** Region the server accepts in V4 credentials scope. */
  region: string;
  /** Current time (injectable for tests). */
  now?: Date;
  /** Allowed clock skew for header-signed requests, default 15 minutes. */
  maxSkewMs?: number;
}

/** Outcome of a successful authentication. */
export type AuthResult =
  | { kind: 'anonymous' }
  | { kind: 'v1' | 'v4' | 'presigned-v1' | 'presigned-v4'; accessKeyId: string; securityToken?: string };

/** Authenticate a request; returns `{ kind: 'anonymous' }` when it carries no signature at all. */
export function verifyRequest(_req: SignableRequest, _options: VerifyOptions): AuthResult {
  throw new Error('not implemented');
}
