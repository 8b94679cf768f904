/**
 * What ACLs let an anonymous caller do: `read` needs `public-read` or `public-read-write`,
 * `write` needs `public-read-write`; the object's own ACL governs unless it is `default`, then
 * the bucket's (https://www.alibabacloud.com/help/en/oss/user-guide/object-acl).
 */
import { ossError } from '@ossbox/protocol';
import type { BucketRecord, MetadataStore, ObjectRecord } from '../store/metadata-store.js';

/** The ACL that governs an object: its own unless `default`, else its bucket's. */
function effectiveAcl(bucket: BucketRecord, object: ObjectRecord | undefined): string {
  return object && object.acl !== 'default' ? object.acl : bucket.acl;
}

/** Whether an anonymous caller may read `object` (or list `bucket` when no object is given). */
export function anonymousMayRead(bucket: BucketRecord, object?: ObjectRecord): boolean {
  const acl = effectiveAcl(bucket, object);
  return acl === 'public-read' || acl === 'public-read-write';
}

/** Whether an anonymous caller may run a read or write on `bucketName` (and `key`); NoSuchBucket when it does not exist. */
export function anonymousAllowed(
  meta: MetadataStore,
  access: 'read' | 'write',
  bucketName: string,
  key: string | undefined,
): boolean {
  const bucket = meta.getBucket(bucketName);
  if (!bucket) throw ossError('NoSuchBucket', { details: { BucketName: bucketName } });
  const object = key === undefined ? undefined : meta.getObject(bucketName, key);
  if (access === 'read') return anonymousMayRead(bucket, object);
  return effectiveAcl(bucket, object) === 'public-read-write';
}
