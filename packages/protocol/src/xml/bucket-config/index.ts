/** Bucket configuration bodies (lifecycle, referer, website, …): parse, check, build. */
export { canonicalXml, readXmlTree } from './common.js';
export { parseBucketTagging, MAX_BUCKET_TAGS } from './bucket-tagging.js';
export { parseServerSideEncryptionRule } from './encryption.js';
export type { BucketEncryption } from './encryption.js';
export { buildListInventoryConfigurationsResult, parseInventoryConfiguration, INVENTORY_FIELDS, MAX_INVENTORY_CONFIGURATIONS } from './inventory.js';
export type { InventoryConfiguration } from './inventory.js';
export { parseLifecycleConfiguration, MAX_LIFECYCLE_RULES, TRANSITION_STORAGE_CLASSES } from './lifecycle.js';
export type { LifecycleAge, LifecycleRule, LifecycleTransition } from './lifecycle.js';
export { parseBucketLoggingStatus } from './logging.js';
export type { BucketLogging } from './logging.js';
export { MAX_BUCKET_POLICY_BYTES } from './policy.js';
export {
  buildRefererConfiguration,
  parseRefererConfiguration,
  DEFAULT_REFERER_CONFIGURATION,
  MAX_REFERER_XML_BYTES,
} from './referer.js';
export type { RefererConfiguration } from './referer.js';
export { buildBucketStat, parseBucketStat } from './stat.js';
export type { BucketStat, StorageClassStat } from './stat.js';
export {
  buildRequestPaymentConfiguration,
  buildVersioningConfiguration,
  parseRequestPaymentConfiguration,
  parseTransferAccelerationConfiguration,
  parseVersioningConfiguration,
} from './switches.js';
export type { RequestPayer, VersioningStatus } from './switches.js';
export { canonicalWebsiteConfiguration, parseWebsiteConfiguration, MAX_ROUTING_RULES } from './website.js';
export type { WebsiteConfiguration } from './website.js';
