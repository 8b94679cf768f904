/**
 * The names of the OSS operations the emulator implements, as the API reference spells them (fault
 * rules match on them). In a module without handler imports, so config and fault rules can use it
 * without loading the handlers.
 */
import { BUCKET_CONFIG_KINDS } from './bucket-config/kinds.js';

/**
 * Every name `resolveOperation` (operations.ts) returns besides the bucket configurations'.
 * `op()` only takes these, so a new operation must be listed here to compile.
 */
export const FIXED_OPERATION_NAMES = [
  'ListBuckets',
  'PutBucket', 'DeleteBucket', 'HeadBucket', 'GetBucketInfo', 'GetBucketLocation', 'GetBucketStat',
  'GetBucketAcl', 'PutBucketAcl', 'GetBucketCors', 'PutBucketCors', 'DeleteBucketCors',
  'PutBucketInventory', 'GetBucketInventory', 'ListBucketInventory', 'DeleteBucketInventory',
  'ListObjects', 'ListObjectsV2', 'ListMultipartUploads', 'DeleteMultipleObjects', 'PostObject',
  'PutObject', 'GetObject', 'HeadObject', 'GetObjectMeta', 'CopyObject', 'AppendObject', 'DeleteObject',
  'GetObjectAcl', 'PutObjectAcl', 'GetObjectTagging', 'PutObjectTagging', 'DeleteObjectTagging',
  'PutSymlink', 'GetSymlink', 'RestoreObject',
  'InitiateMultipartUpload', 'UploadPart', 'UploadPartCopy', 'CompleteMultipartUpload',
  'AbortMultipartUpload', 'ListParts',
  'ListLiveChannel',
  'PutStyle', 'GetStyle', 'ListStyle', 'DeleteStyle', 'ProcessImage', 'ProcessObjectSave',
] as const;

/** A name from {@link FIXED_OPERATION_NAMES}. */
export type OperationName = (typeof FIXED_OPERATION_NAMES)[number];

/** Every operation name: the fixed ones and each bucket configuration's Put/Get/Delete. */
export const OPERATION_NAMES: readonly string[] = Object.freeze([
  ...FIXED_OPERATION_NAMES,
  ...BUCKET_CONFIG_KINDS.flatMap((kind) => [kind.put, kind.get, ...(kind.delete === undefined ? [] : [kind.delete])]),
]);
