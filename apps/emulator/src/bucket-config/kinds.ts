/**
 * Every bucket configuration that is a stored document with Put/Get(/Delete) operations on one
 * sub-resource, in one table: how its body is checked, what is stored, and what Get answers when
 * nothing is stored. The handlers (./handlers.ts) and the operation table (../operations.ts) are
 * driven by it, so each configuration is described once.
 */
import {
  buildRefererConfiguration,
  buildRequestPaymentConfiguration,
  buildTagging,
  buildVersioningConfiguration,
  canonicalWebsiteConfiguration,
  canonicalXml,
  DEFAULT_REFERER_CONFIGURATION,
  MAX_BUCKET_POLICY_BYTES,
  MAX_REFERER_XML_BYTES,
  ossError,
  parseBucketLoggingStatus,
  parseBucketTagging,
  parseLifecycleConfiguration,
  parseRefererConfiguration,
  parseRequestPaymentConfiguration,
  parseServerSideEncryptionRule,
  parseTagging,
  parseTransferAccelerationConfiguration,
  parseVersioningConfiguration,
  parseWebsiteConfiguration,
} from '@ossbox/protocol';
import type { HandlerContext } from '../handlers/handler.js';
import { acceptBucketPolicy } from './bucket-policy.js';

/** One configuration kind. Operation names are the OSS API reference's. */
export interface BucketConfigKind {
  /** The sub-resource (`?lifecycle`), also its name in the `bucket_configs` table. */
  name: string;
  put: string;
  get: string;
  /** No Delete operation: DELETE on the sub-resource is 405 MethodNotAllowed. */
  delete?: string;
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** `Content-Type` of the Get answer (the policy is JSON, everything else XML). */
  contentType: string;
  /**
   * Check a Put body (OSS errors: MalformedXML, InvalidArgument, …) and return the document to
   * store, or undefined when the body switches the configuration off.
   */
  accept(body: string, ctx: HandlerContext): string | undefined;
  /** What Get answers when nothing is stored: a default document, or throws the OSS error. */
  absent(bucket: string): string;
  /** The document left after a Delete (default: none). DeleteBucketTags may remove only some tags. */
  afterDelete?(stored: string, ctx: HandlerContext): string | undefined;
}

const XML = 'application/xml';
const SMALL = 64 * 1024;
const LARGE = 2 * 1024 * 1024;

const missing = (code: string) => (bucket: string): string => {
  throw ossError(code, { details: { BucketName: bucket } });
};

/** The configurations, by sub-resource. */
export const BUCKET_CONFIG_KINDS: readonly BucketConfigKind[] = [
  {
    // https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketlifecycle
    name: 'lifecycle',
    put: 'PutBucketLifecycle',
    get: 'GetBucketLifecycle',
    delete: 'DeleteBucketLifecycle',
    maxBytes: LARGE,
    contentType: XML,
    accept: (body) => (parseLifecycleConfiguration(body), canonicalXml(body, 'LifecycleConfiguration')),
    absent: missing('NoSuchLifecycle'),
  },
  {
    // https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketreferer; no Delete
    // operation exists (ali-oss's deleteBucketReferer puts the default configuration).
    name: 'referer',
    put: 'PutBucketReferer',
    get: 'GetBucketReferer',
    maxBytes: MAX_REFERER_XML_BYTES,
    contentType: XML,
    accept: (body) => buildRefererConfiguration(parseRefererConfiguration(body)),
    absent: () => buildRefererConfiguration(DEFAULT_REFERER_CONFIGURATION),
  },
  {
    // https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketwebsite
    name: 'website',
    put: 'PutBucketWebsite',
    get: 'GetBucketWebsite',
    delete: 'DeleteBucketWebsite',
    maxBytes: SMALL,
    contentType: XML,
    accept: (body) => (parseWebsiteConfiguration(body), canonicalWebsiteConfiguration(body)),
    absent: missing('NoSuchWebsiteConfiguration'),
  },
  {
    // https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketlogging: the target
    // bucket must exist; an empty <BucketLoggingStatus/> turns logging off.
    name: 'logging',
    put: 'PutBucketLogging',
    get: 'GetBucketLogging',
    delete: 'DeleteBucketLogging',
    maxBytes: SMALL,
    contentType: XML,
    accept(body, ctx) {
      const logging = parseBucketLoggingStatus(body);
      if (logging === undefined) return undefined;
      if (!ctx.storage.meta.getBucket(logging.targetBucket)) {
        throw ossError('InvalidTargetBucketForLogging', { details: { TargetBucket: logging.targetBucket } });
      }
      return canonicalXml(body, 'BucketLoggingStatus');
    },
    absent: () => canonicalXml('<BucketLoggingStatus/>', 'BucketLoggingStatus'),
  },
  {
    // https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketpolicy: stored as sent.
    name: 'policy',
    put: 'PutBucketPolicy',
    get: 'GetBucketPolicy',
    delete: 'DeleteBucketPolicy',
    maxBytes: MAX_BUCKET_POLICY_BYTES,
    contentType: 'application/json',
    accept: acceptBucketPolicy,
    absent: missing('NoSuchBucketPolicy'),
  },
  {
    // https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketencryption
    name: 'encryption',
    put: 'PutBucketEncryption',
    get: 'GetBucketEncryption',
    delete: 'DeleteBucketEncryption',
    maxBytes: SMALL,
    contentType: XML,
    accept: (body) => (parseServerSideEncryptionRule(body), canonicalXml(body, 'ServerSideEncryptionRule')),
    absent: missing('NoSuchServerSideEncryptionRule'),
  },
  {
    // https://www.alibabacloud.com/help/en/oss/developer-reference/putbuckettags; DeleteBucketTags
    // with `?tagging=k1,k2` removes only those keys
    // (https://www.alibabacloud.com/help/en/oss/developer-reference/deletebuckettags).
    name: 'tagging',
    put: 'PutBucketTags',
    get: 'GetBucketTags',
    delete: 'DeleteBucketTags',
    maxBytes: SMALL,
    contentType: XML,
    accept: (body) => buildTagging(parseBucketTagging(body)),
    absent: () => buildTagging([]),
    afterDelete(stored, ctx) {
      const only = ctx.address.query.tagging;
      if (!only) return undefined;
      const removed = new Set(only.split(','));
      const left = parseTagging(stored).filter((tag) => !removed.has(tag.key));
      return left.length > 0 ? buildTagging(left) : undefined;
    },
  },
  {
    // https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketversioning: the status
    // is stored and reported; objects are not versioned (docs/fidelity.md).
    name: 'versioning',
    put: 'PutBucketVersioning',
    get: 'GetBucketVersioning',
    maxBytes: SMALL,
    contentType: XML,
    accept: (body) => buildVersioningConfiguration(parseVersioningConfiguration(body)),
    absent: () => buildVersioningConfiguration(undefined),
  },
  {
    // https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketrequestpayment
    name: 'requestPayment',
    put: 'PutBucketRequestPayment',
    get: 'GetBucketRequestPayment',
    maxBytes: SMALL,
    contentType: XML,
    accept: (body) => buildRequestPaymentConfiguration(parseRequestPaymentConfiguration(body)),
    absent: () => buildRequestPaymentConfiguration('BucketOwner'),
  },
  {
    // https://www.alibabacloud.com/help/en/oss/developer-reference/putbuckettransferacceleration
    name: 'transferAcceleration',
    put: 'PutBucketTransferAcceleration',
    get: 'GetBucketTransferAcceleration',
    maxBytes: SMALL,
    contentType: XML,
    accept: (body) => (parseTransferAccelerationConfiguration(body), canonicalXml(body, 'TransferAccelerationConfiguration')),
    absent: missing('NoSuchTransferAccelerationConfiguration'),
  },
];
