/**
 * PostObject policy documents and form signatures (oss-protocol.md §5.11).
 * CONTRACT STUB: implemented by the protocol-signing task.
 */
import type { Credentials } from './signing/types.js';

/** A condition of a POST policy, normalised. */
export type PolicyCondition =
  | { type: 'eq'; field: string; value: string }
  | { type: 'starts-with'; field: string; value: string }
  | { type: 'content-length-range'; min: number; max: number };

/** A parsed POST policy. */
export interface PostPolicy {
  expiration: Date;
  conditions: PolicyCondition[];
}

/** Decode a Base64 policy; throws OssProtocolError (InvalidPolicyDocument / AccessDenied). */
export function parsePostPolicy(_policyBase64: string): PostPolicy {
  throw new Error('not implemented');
}

/**
 * Check a policy against the form: `fields` holds every form field with **lowercased** names
 * (plus `bucket`), `contentLength` the file size. Throws 403 AccessDenied with OSS's
 * "Invalid according to Policy: Policy Condition failed: …" message.
 */
export function checkPostPolicy(
  _policy: PostPolicy,
  _fields: Record<string, string>,
  _context: { bucket: string; contentLength: number; now?: Date },
): void {
  throw new Error('not implemented');
}

/**
 * Verify the form's V1 (`OSSAccessKeyId`/`Signature`) or V4 (`x-oss-credential`/`x-oss-signature`)
 * signature over the Base64 policy. Returns the access key id; `anonymous` when no signature
 * fields are present at all.
 */
export function verifyPostSignature(
  _fields: Record<string, string>,
  _options: { lookupSecret: (accessKeyId: string) => string | undefined; region: string; now?: Date },
): { kind: 'anonymous' } | { kind: 'v1' | 'v4'; accessKeyId: string } {
  throw new Error('not implemented');
}

/** Client side: the form fields that sign a policy (V1: OSSAccessKeyId, policy, Signature). */
export function signPostPolicyV1(_policyBase64: string, _credentials: Credentials): Record<string, string> {
  throw new Error('not implemented');
}

/** Client side: V4 form fields (x-oss-signature-version, x-oss-credential, x-oss-date, x-oss-signature). */
export function signPostPolicyV4(
  _policyBase64: string,
  _credentials: Credentials,
  _options: { region: string; date: Date },
): Record<string, string> {
  throw new Error('not implemented');
}
