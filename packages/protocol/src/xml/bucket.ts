/**
 * Bucket bodies (docs/rest-api.md §5.9): BucketInfo, LocationConstraint, AccessControlPolicy and the
 * optional CreateBucketConfiguration of PutBucket.
 */
import { writeXmlDocument } from './document.js';
import { ownerTree, readBucketSummary, readOwner } from './listing.js';
import { child, readRoot, readRootText, requiredChild, requiredText, text } from './read.js';
import type { AccessControlPolicy, BucketInfo } from './types.js';

/**
 * `<BucketInfo><Bucket>` in the order of the GetBucketInfo reference's sample response
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketinfo): CreationDate,
 * ExtranetEndpoint, IntranetEndpoint, Location, StorageClass, TransferAcceleration,
 * CrossRegionReplication, Name, ResourceGroupId, Owner (DisplayName, ID), AccessControlList,
 * Comment, BucketPolicy (LogBucket, LogPrefix). Elements that sample lacks: AccessMonitor and
 * BlockPublicAccess first and DataRedundancyType after CrossRegionReplication, as in a GetBucketInfo
 * answer OSS sent (quoted in the `aliyun-oss-client` crate's `Bucket::export_info` doc comment);
 * `Region` after `Location`, as in ListBuckets; Versioning and ServerSideEncryptionRule (in the
 * reference's element table, not its sample) after Comment and before BucketPolicy, where live
 * responses quoted in SDK tests put the encryption rule. Optional elements are written only when set.
 */
export function buildBucketInfo(r: BucketInfo): string {
  const sse = r.serverSideEncryptionRule;
  return writeXmlDocument('BucketInfo', {
    Bucket: {
      AccessMonitor: r.accessMonitor,
      BlockPublicAccess: r.blockPublicAccess,
      CreationDate: r.creationDate,
      ExtranetEndpoint: r.extranetEndpoint,
      IntranetEndpoint: r.intranetEndpoint,
      Location: r.location,
      Region: r.region,
      StorageClass: r.storageClass,
      TransferAcceleration: r.transferAcceleration,
      CrossRegionReplication: r.crossRegionReplication,
      DataRedundancyType: r.dataRedundancyType,
      Name: r.name,
      ResourceGroupId: r.resourceGroupId,
      Owner: { DisplayName: r.owner.displayName, ID: r.owner.id },
      AccessControlList: { Grant: r.acl },
      Comment: r.comment,
      Versioning: r.versioning,
      ServerSideEncryptionRule: sse && {
        SSEAlgorithm: sse.sseAlgorithm,
        KMSMasterKeyID: sse.kmsMasterKeyId,
        KMSDataEncryption: sse.kmsDataEncryption,
      },
      BucketPolicy: r.bucketPolicy && { LogBucket: r.bucketPolicy.logBucket, LogPrefix: r.bucketPolicy.logPrefix },
    },
  });
}

/** Parse `<BucketInfo>`; throws MalformedXML. Optional elements are read when present. */
export function parseBucketInfo(xml: string): BucketInfo {
  const bucket = requiredChild(readRoot(xml, 'BucketInfo'), 'Bucket');
  const info: BucketInfo = {
    ...readBucketSummary(bucket),
    owner: readOwner(requiredChild(bucket, 'Owner')),
    acl: requiredText(requiredChild(bucket, 'AccessControlList'), 'Grant'),
  };
  const texts = [
    ['accessMonitor', 'AccessMonitor'],
    ['blockPublicAccess', 'BlockPublicAccess'],
    ['comment', 'Comment'],
    ['crossRegionReplication', 'CrossRegionReplication'],
    ['dataRedundancyType', 'DataRedundancyType'],
    ['resourceGroupId', 'ResourceGroupId'],
    ['transferAcceleration', 'TransferAcceleration'],
    ['versioning', 'Versioning'],
  ] as const;
  for (const [field, element] of texts) {
    const value = text(bucket, element);
    if (value !== undefined) info[field] = value;
  }
  const sse = child(bucket, 'ServerSideEncryptionRule');
  if (sse !== undefined) {
    const rule: NonNullable<BucketInfo['serverSideEncryptionRule']> = { sseAlgorithm: text(sse, 'SSEAlgorithm') ?? '' };
    const keyId = text(sse, 'KMSMasterKeyID');
    const dataEncryption = text(sse, 'KMSDataEncryption');
    if (keyId !== undefined) rule.kmsMasterKeyId = keyId;
    if (dataEncryption !== undefined) rule.kmsDataEncryption = dataEncryption;
    info.serverSideEncryptionRule = rule;
  }
  const logging = child(bucket, 'BucketPolicy');
  if (logging !== undefined) info.bucketPolicy = { logBucket: text(logging, 'LogBucket') ?? '', logPrefix: text(logging, 'LogPrefix') ?? '' };
  return info;
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

/**
 * `<CreateBucketConfiguration>` of PutBucket (optional body): `StorageClass` and
 * `DataRedundancyType`, each undefined when absent.
 */
export function parseCreateBucketConfiguration(xml: string): { storageClass?: string; dataRedundancyType?: string } {
  const root = readRoot(xml, 'CreateBucketConfiguration');
  const storageClass = text(root, 'StorageClass');
  const dataRedundancyType = text(root, 'DataRedundancyType');
  return {
    ...(storageClass === undefined ? {} : { storageClass }),
    ...(dataRedundancyType === undefined ? {} : { dataRedundancyType }),
  };
}

/** `<CreateBucketConfiguration>` with the given elements (PutBucket's body), absent ones left out. */
export function buildCreateBucketConfiguration(r: { storageClass?: string; dataRedundancyType?: string }): string {
  return writeXmlDocument('CreateBucketConfiguration', {
    StorageClass: r.storageClass,
    DataRedundancyType: r.dataRedundancyType,
  });
}
