/**
 * Bucket bodies (docs/rest-api.md §5.9): BucketInfo, LocationConstraint, AccessControlPolicy and the
 * optional CreateBucketConfiguration of PutBucket.
 */
import { writeXmlDocument } from './document.js';
import { ownerTree, readBucketSummary, readOwner } from './listing.js';
import { readRoot, readRootText, requiredChild, requiredText, text } from './read.js';
import type { AccessControlPolicy, BucketInfo } from './types.js';

/**
 * `<BucketInfo><Bucket>` in the order of the §5.9 capture: CreationDate, ExtranetEndpoint,
 * IntranetEndpoint, Location, StorageClass, Name, Owner (DisplayName, ID), AccessControlList.
 * `Region` is not in that capture; it is written after `Location`, as in ListBuckets.
 */
export function buildBucketInfo(r: BucketInfo): string {
  return writeXmlDocument('BucketInfo', {
    Bucket: {
      CreationDate: r.creationDate,
      ExtranetEndpoint: r.extranetEndpoint,
      IntranetEndpoint: r.intranetEndpoint,
      Location: r.location,
      Region: r.region,
      StorageClass: r.storageClass,
      Name: r.name,
      Owner: { DisplayName: r.owner.displayName, ID: r.owner.id },
      AccessControlList: { Grant: r.acl },
    },
  });
}

/** Parse `<BucketInfo>`; throws MalformedXML. */
export function parseBucketInfo(xml: string): BucketInfo {
  const bucket = requiredChild(readRoot(xml, 'BucketInfo'), 'Bucket');
  return {
    ...readBucketSummary(bucket),
    owner: readOwner(requiredChild(bucket, 'Owner')),
    acl: requiredText(requiredChild(bucket, 'AccessControlList'), 'Grant'),
  };
}

/** `<LocationConstraint>oss-cn-hangzhou</LocationConstraint>` (GetBucketLocation). */
export function buildLocationConstraint(location: string): string {
  return writeXmlDocument('LocationConstraint', location);
}

/** Parse `<LocationConstraint>`; throws MalformedXML. */
export function parseLocationConstraint(xml: string): string {
  return readRootText(xml, 'LocationConstraint');
}

/** `<AccessControlPolicy><Owner/><AccessControlList><Grant/></AccessControlList></AccessControlPolicy>`. */
export function buildAccessControlPolicy(r: AccessControlPolicy): string {
  return writeXmlDocument('AccessControlPolicy', {
    Owner: ownerTree(r.owner),
    AccessControlList: { Grant: r.grant },
  });
}

/** Parse `<AccessControlPolicy>` (GetBucketAcl / GetObjectAcl); throws MalformedXML. */
export function parseAccessControlPolicy(xml: string): AccessControlPolicy {
  const root = readRoot(xml, 'AccessControlPolicy');
  return {
    owner: readOwner(requiredChild(root, 'Owner')),
    grant: requiredText(requiredChild(root, 'AccessControlList'), 'Grant'),
  };
}

/** `<CreateBucketConfiguration><StorageClass>` of PutBucket (optional body); undefined storage class when absent. */
export function parseCreateBucketConfiguration(xml: string): { storageClass?: string } {
  const storageClass = text(readRoot(xml, 'CreateBucketConfiguration'), 'StorageClass');
  return storageClass === undefined ? {} : { storageClass };
}
