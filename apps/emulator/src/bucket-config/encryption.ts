/**
 * Default encryption (PutBucketEncryption) applied: an upload that asks for no
 * `x-oss-server-side-encryption` gets the bucket's, recorded and echoed on the upload's response
 * and on GET/HEAD like a requested one (the bytes are stored as sent).
 * https://www.alibabacloud.com/help/en/oss/user-guide/server-side-encryption-8
 */
import { parseServerSideEncryptionRule } from '@ossbox/protocol';
import type { MetadataStore, ServerSideEncryption } from '../store/metadata-store.js';
import { storedConfig } from './store.js';

/** The encryption a new object of `bucket` gets by default, or undefined when the bucket has none. */
export function bucketEncryptionOf(meta: MetadataStore, bucket: string): ServerSideEncryption | undefined {
  const rule = storedConfig(meta, bucket, 'encryption', parseServerSideEncryptionRule);
  if (rule === undefined) return undefined;
  const sse: ServerSideEncryption = { algorithm: rule.sseAlgorithm };
  if (rule.kmsDataEncryption !== undefined) sse.dataEncryption = rule.kmsDataEncryption;
  if (rule.kmsMasterKeyId !== undefined) sse.keyId = rule.kmsMasterKeyId;
  return sse;
}
