/**
 * Bucket policies (PutBucketPolicy, https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketpolicy):
 * checked with the RAM policy grammar that STS role and session policies use (policy/), so what
 * PutBucketPolicy accepts is exactly what authorization evaluates (access/check-access.ts).
 */
import { ossError } from '@ossbox/protocol';
import { parsePolicy, PolicyGrammarError } from '../policy/index.js';
import type { PolicyDocument, PolicyStatement } from '../policy/index.js';
import type { MetadataStore } from '../store/metadata-store.js';
import { storedConfig } from './store.js';

/**
 * Check a PutBucketPolicy body and return it to store as sent (GetBucketPolicy returns the text
 * unchanged, as the official Java SDK's BucketPolicyTest asserts). A body outside the grammar is
 * `InvalidPolicyDocument`, the code that test expects for `{unnormal-policy-text}`
 * (aliyun-oss-java-sdk src/test/java/com/aliyun/oss/integrationtests/BucketPolicyTest.java); its
 * EC is not documented.
 *
 * @throws OssProtocolError `InvalidPolicyDocument` (400).
 */
export function acceptBucketPolicy(body: string): string {
  try {
    parsePolicy(body);
  } catch (error) {
    if (!(error instanceof PolicyGrammarError)) throw error;
    throw ossError('InvalidPolicyDocument', { message: `Invalid policy: ${error.message}`, ec: undefined });
  }
  return body;
}

/** `acs:oss:<region>:<account>:` — the part of an OSS ARN before the bucket. */
const ARN_SCOPE = /^acs:oss:[^:]*:[^:]*:/;

/**
 * A stored policy as the evaluator reads it. Two readings are the emulator's:
 * - The region and account of each Resource are not compared (rewritten to `*`): the emulator
 *   has one account, bucket names are unique in it, and a policy copied from OSS names the real
 *   account's id.
 * - A statement without `Principal` applies to everyone, as `Principal: []` does (OSS requires
 *   the element; the official .NET SDK's SetBucketPolicyTest still stores a policy without it)
 *   [unverified].
 */
function readStoredPolicy(document: string): PolicyDocument {
  let policy: PolicyDocument;
  try {
    policy = parsePolicy(document);
  } catch {
    // Stored by an older emulator, which only checked Version and Statement: it grants nothing
    // and denies nothing until it is put again.
    return { Version: '1', Statement: [] };
  }
  const statements = policy.Statement.map((statement): PolicyStatement => {
    const scoped: PolicyStatement = { ...statement, Principal: statement.Principal ?? ['*'] };
    if (statement.Resource)
      scoped.Resource = statement.Resource.map((r) => r.replace(ARN_SCOPE, 'acs:oss:*:*:'));
    if (statement.NotResource)
      scoped.NotResource = statement.NotResource.map((r) => r.replace(ARN_SCOPE, 'acs:oss:*:*:'));
    return scoped;
  });
  return { Version: policy.Version, Statement: statements };
}

/** The bucket's policy, or undefined when it has none (or the bucket does not exist). */
export function bucketPolicyOf(meta: MetadataStore, bucket: string): PolicyDocument | undefined {
  return storedConfig(meta, bucket, 'policy', readStoredPolicy);
}
