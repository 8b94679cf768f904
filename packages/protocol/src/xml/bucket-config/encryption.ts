/**
 * Default server-side encryption of a bucket: `<ServerSideEncryptionRule>` of PutBucketEncryption
 * and GetBucketEncryption.
 *
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketencryption
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketencryption
 */
import { readRoot, requiredChild, requiredText, text } from '../read.js';
import { invalidArgument, oneOf } from './common.js';

/** The encryption new objects get when their upload asks for none. */
export interface BucketEncryption {
  /** `AES256`, `KMS` or `SM4`. */
  sseAlgorithm: 'AES256' | 'KMS' | 'SM4';
  /** `KMSMasterKeyID` (KMS only). */
  kmsMasterKeyId?: string;
  /** `KMSDataEncryption`: `SM4` (KMS only). */
  kmsDataEncryption?: 'SM4';
}

/**
 * Parse and check `<ServerSideEncryptionRule>`: SSEAlgorithm AES256, KMS or SM4; KMSMasterKeyID and
 * KMSDataEncryption (SM4) only with KMS. MalformedXML for the shape, InvalidArgument for values.
 */
export function parseServerSideEncryptionRule(xml: string): BucketEncryption {
  const rule = requiredChild(readRoot(xml, 'ServerSideEncryptionRule'), 'ApplyServerSideEncryptionByDefault');
  const sseAlgorithm = oneOf(requiredText(rule, 'SSEAlgorithm').trim(), ['AES256', 'KMS', 'SM4'], 'SSEAlgorithm');
  const config: BucketEncryption = { sseAlgorithm };
  const keyId = text(rule, 'KMSMasterKeyID')?.trim();
  const dataEncryption = text(rule, 'KMSDataEncryption')?.trim();
  if (keyId !== undefined && keyId !== '') {
    if (sseAlgorithm !== 'KMS') throw invalidArgument('KMSMasterKeyID is only allowed with KMS.', 'KMSMasterKeyID', keyId);
    config.kmsMasterKeyId = keyId;
  }
  if (dataEncryption !== undefined && dataEncryption !== '') {
    if (sseAlgorithm !== 'KMS') throw invalidArgument('KMSDataEncryption is only allowed with KMS.', 'KMSDataEncryption', dataEncryption);
    config.kmsDataEncryption = oneOf(dataEncryption, ['SM4'] as const, 'KMSDataEncryption');
  }
  return config;
}
