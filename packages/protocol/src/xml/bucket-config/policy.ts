/**
 * Bucket policy bodies (JSON, not XML): PutBucketPolicy / GetBucketPolicy.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketpolicy
 */
import { ossError } from '../../errors.js';

/** Largest policy PutBucketPolicy accepts, in bytes (bucket policies are limited to 16 KB). */
export const MAX_BUCKET_POLICY_BYTES = 16 * 1024;

/**
 * The policy must be a JSON object with `Version` `"1"` and a non-empty `Statement` list (the
 * grammar of each statement is checked by whoever evaluates the policy). The code OSS sends for a
 * policy it cannot read is not documented [unverified]: `InvalidPolicyDocument`.
 */
export function checkBucketPolicyJson(text: string): Record<string, unknown> {
  const fail = (reason: string) => ossError('InvalidPolicyDocument', { message: `Invalid policy: ${reason}`, ec: undefined });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw fail(`not valid JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail('the policy must be a JSON object');
  const doc = value as Record<string, unknown>;
  if (doc.Version !== '1') throw fail('Version must be "1"');
  if (!Array.isArray(doc.Statement) || doc.Statement.length === 0) throw fail('Statement must be a non-empty list');
  return doc;
}
