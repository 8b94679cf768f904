/**
 * Bucket inventory: `<InventoryConfiguration>` of PutBucketInventory / GetBucketInventory and the
 * `<ListInventoryConfigurationsResult>` of ListBucketInventory.
 *
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketinventory
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/listbucketinventory
 */
import { writeXmlDocument } from '../document.js';
import { boolean, child, readRoot, requiredChild, requiredText, texts } from '../read.js';
import { invalidArgument, oneOf, readXmlTree } from './common.js';

/** The checked parts of an inventory configuration (the whole document is stored). */
export interface InventoryConfiguration {
  id: string;
  isEnabled: boolean;
  /** Destination bucket name (from `acs:oss:::<bucket>`). */
  destinationBucket: string;
}

/** At most this many inventory configurations per bucket. */
export const MAX_INVENTORY_CONFIGURATIONS = 1000;

/** `OptionalFields` a configuration may list. */
export const INVENTORY_FIELDS = [
  'Size', 'LastModifiedDate', 'ETag', 'StorageClass', 'IsMultipartUploaded', 'EncryptionStatus',
  'ObjectAcl', 'TaggingCount', 'ObjectType', 'Crc64',
] as const;

/**
 * Parse and check `<InventoryConfiguration>`: `Id` (1–64 letters, digits, `-` or `_`) equal to the
 * `inventoryId` of the request; `IsEnabled`; a CSV `OSSBucketDestination` whose `Bucket` is
 * `acs:oss:::<name>`; `Schedule/Frequency` Daily or Weekly; `IncludedObjectVersions` All or
 * Current; known `OptionalFields`. Throws MalformedXML or InvalidArgument.
 */
export function parseInventoryConfiguration(xml: string, inventoryId: string): InventoryConfiguration {
  const root = readRoot(xml, 'InventoryConfiguration');
  const id = requiredText(root, 'Id').trim();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw invalidArgument('The inventory Id is invalid.', 'Id', id);
  if (id !== inventoryId) throw invalidArgument('The inventory Id must equal the inventoryId parameter.', 'inventoryId', inventoryId);
  const isEnabled = boolean(root, 'IsEnabled');
  if (isEnabled === undefined) throw invalidArgument('IsEnabled must be true or false.', 'IsEnabled', '');
  const destination = requiredChild(requiredChild(root, 'Destination'), 'OSSBucketDestination');
  oneOf(requiredText(destination, 'Format').trim(), ['CSV'], 'Format');
  const bucketArn = requiredText(destination, 'Bucket').trim();
  const match = /^acs:oss:::([a-z0-9][a-z0-9-]{1,61}[a-z0-9])$/.exec(bucketArn);
  if (!match) throw invalidArgument('The destination Bucket must be acs:oss:::<bucket>.', 'Bucket', bucketArn);
  oneOf(requiredText(requiredChild(root, 'Schedule'), 'Frequency').trim(), ['Daily', 'Weekly'], 'Frequency');
  oneOf(requiredText(root, 'IncludedObjectVersions').trim(), ['All', 'Current'], 'IncludedObjectVersions');
  const fields = child(root, 'OptionalFields');
  for (const field of fields ? texts(fields, 'Field') : []) oneOf(field.trim(), INVENTORY_FIELDS, 'Field');
  return { id, isEnabled, destinationBucket: match[1]! };
}

/**
 * `<ListInventoryConfigurationsResult>` of stored `<InventoryConfiguration>` documents (as
 * GetBucketInventory returns each), with `IsTruncated` and `NextContinuationToken` when truncated.
 */
export function buildListInventoryConfigurationsResult(documents: readonly string[], nextContinuationToken?: string): string {
  return writeXmlDocument('ListInventoryConfigurationsResult', {
    InventoryConfiguration: documents.map((doc) => readXmlTree(doc, 'InventoryConfiguration')),
    IsTruncated: nextContinuationToken !== undefined,
    NextContinuationToken: nextContinuationToken,
  });
}
