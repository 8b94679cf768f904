/**
 * Typed shapes of the OSS XML bodies (docs/rest-api.md §5.7–§5.11). ETags are kept exactly as
 * given (quoted, as OSS sends them in XML); dates are `Date`s, written in whole seconds
 * (`formatXmlDate`). `encodingType: 'url'` means the key-like fields are URL-encoded on the wire.
 */

import type { Tag } from './tagging.js';

/** An object or bucket owner. */
export interface Owner {
  id: string;
  displayName: string;
}

/** `<InitiateMultipartUploadResult>` (§5.10). */
export interface InitiateMultipartUploadResult {
  bucket: string;
  key: string;
  uploadId: string;
  /** When `'url'`, `Key` is URL-encoded on the wire. */
  encodingType?: 'url';
}

/** One part in a CompleteMultipartUpload request. */
export interface CompletePart {
  partNumber: number;
  etag: string;
}

/** `<CompleteMultipartUploadResult>` (§5.10); with `encodingType: 'url'` the `Key` is URL-encoded. */
export interface CompleteMultipartUploadResult {
  location: string;
  bucket: string;
  key: string;
  etag: string;
  encodingType?: 'url';
}

/** One `<Part>` of a ListParts result. */
export interface ListedPart {
  partNumber: number;
  lastModified: Date;
  etag: string;
  size: number;
  /** Decimal CRC-64/ECMA of the part. */
  hashCrc64ecma?: string;
}

/** `<ListPartsResult>` (§5.10). */
export interface ListPartsResult {
  bucket: string;
  key: string;
  uploadId: string;
  partNumberMarker: number;
  /** The last part listed; undefined (an empty element) when the page lists none. */
  nextPartNumberMarker?: number;
  maxParts: number;
  isTruncated: boolean;
  storageClass: string;
  parts: ListedPart[];
  encodingType?: 'url';
}

/** One `<Upload>` of a ListMultipartUploads result. */
export interface ListedUpload {
  key: string;
  uploadId: string;
  initiated: Date;
}

/** `<ListMultipartUploadsResult>` (§5.10). */
export interface ListMultipartUploadsResult {
  bucket: string;
  keyMarker: string;
  uploadIdMarker: string;
  nextKeyMarker: string;
  nextUploadIdMarker: string;
  delimiter: string;
  prefix: string;
  maxUploads: number;
  isTruncated: boolean;
  uploads: ListedUpload[];
  commonPrefixes: string[];
  encodingType?: 'url';
}

/** One `<Contents>` entry of a listing (§5.8). */
export interface ListedObject {
  key: string;
  lastModified: Date;
  etag: string;
  /** Parsers pass other server values (e.g. `Symlink`) through unchanged rather than failing the listing. */
  type: 'Normal' | 'Multipart' | 'Appendable' | 'Symlink';
  size: number;
  storageClass: string;
  owner?: Owner;
  /**
   * `<RestoreInfo>` of an archived object being or having been restored: the value its
   * `x-oss-restore` header has (`ongoing-request="true"`, or `ongoing-request="false",
   * expiry-date="…"`); absent otherwise (ListObjects / ListObjectsV2 references, "RestoreInfo").
   */
  restoreInfo?: string;
}

/** ListObjects (v1) result. With `encodingType: 'url'` the builder URL-encodes keys, prefixes, markers. */
export interface ListObjectsResult {
  name: string;
  prefix: string;
  marker: string;
  maxKeys: number;
  delimiter: string;
  isTruncated: boolean;
  nextMarker?: string;
  contents: ListedObject[];
  commonPrefixes: string[];
  encodingType?: 'url';
}

/** ListObjectsV2 result. */
export interface ListObjectsV2Result {
  name: string;
  prefix: string;
  startAfter?: string;
  continuationToken?: string;
  nextContinuationToken?: string;
  maxKeys: number;
  delimiter: string;
  isTruncated: boolean;
  keyCount: number;
  contents: ListedObject[];
  commonPrefixes: string[];
  encodingType?: 'url';
}

/** One `<Bucket>` of ListBuckets (§5.8). */
export interface BucketSummary {
  name: string;
  creationDate: Date;
  location: string;
  region: string;
  extranetEndpoint: string;
  intranetEndpoint: string;
  storageClass: string;
}

/**
 * One `<Bucket>` of a ListBuckets answer: the summary, and the bucket's tags
 * (`<Tagging><TagSet><Tag>…`) when the listing was filtered by tags (§5.8).
 */
export interface ListedBucket extends BucketSummary {
  tags?: Tag[];
  /** `ResourceGroupId`: sent when the request names a resource group (`x-oss-resource-group-id`). */
  resourceGroupId?: string;
}

/** `<ListAllMyBucketsResult>` (§5.8); the paging fields appear only when paging. */
export interface ListBucketsResult {
  owner: Owner;
  buckets: ListedBucket[];
  prefix?: string;
  marker?: string;
  maxKeys?: number;
  isTruncated?: boolean;
  nextMarker?: string;
}

/** `<BucketInfo><Bucket>` (§5.9). */
export interface BucketInfo extends BucketSummary {
  /** `AccessMonitor`: access tracking, `Enabled` or `Disabled`. */
  accessMonitor?: string;
  /** `BlockPublicAccess`: `true` or `false`. */
  blockPublicAccess?: string;
  /** `Comment`: the bucket's description (empty when none). */
  comment?: string;
  /** `CrossRegionReplication`: `Enabled` or `Disabled`. */
  crossRegionReplication?: string;
  /** `DataRedundancyType`: `LRS` or `ZRS`. */
  dataRedundancyType?: string;
  /** `ResourceGroupId`: `rg-default-id` for the default resource group. */
  resourceGroupId?: string;
  owner: Owner;
  /** Bucket ACL: `private`, `public-read` or `public-read-write`. */
  acl: string;
  /** `TransferAcceleration`: `Enabled` or `Disabled`. */
  transferAcceleration?: string;
  /** `Versioning`: `Enabled` or `Suspended`; OSS leaves it out for a bucket never versioned. */
  versioning?: string;
  /** `ServerSideEncryptionRule`: the default encryption; `SSEAlgorithm` is `None` without one. */
  serverSideEncryptionRule?: { sseAlgorithm: string; kmsMasterKeyId?: string; kmsDataEncryption?: string };
  /** `BucketPolicy`: where access logs go (`LogBucket`, `LogPrefix`; both empty when logging is off). */
  bucketPolicy?: { logBucket: string; logPrefix: string };
}

/** `<CopyObjectResult>` (§5.7), also the shape of `<CopyPartResult>` (§5.10). */
export interface CopyObjectResult {
  etag: string;
  lastModified: Date;
}

/** DeleteMultipleObjects request. */
export interface DeleteRequest {
  quiet: boolean;
  keys: string[];
}

/** DeleteMultipleObjects response (§5.7). */
export interface DeleteResult {
  deleted: string[];
  encodingType?: 'url';
}

/** The 201 body of PostObject (element names unverified, docs/rest-api.md §5.11). */
export interface PostResponse {
  bucket: string;
  location: string;
  key: string;
  etag: string;
}

/** ACL as in `<AccessControlPolicy>`. */
export interface AccessControlPolicy {
  owner: Owner;
  grant: string;
}

/** One `<CORSRule>` of a bucket's CORS configuration (PutBucketCors / GetBucketCors). */
export interface CorsRule {
  /** `AllowedOrigin`: origins such as `https://example.com`, each with at most one `*` wildcard. */
  allowedOrigins: string[];
  /** `AllowedMethod`: `GET`, `PUT`, `DELETE`, `POST` or `HEAD`. */
  allowedMethods: string[];
  /** `AllowedHeader`: request headers a preflight may ask for (case-insensitive), `*` wildcards allowed. */
  allowedHeaders: string[];
  /** `ExposeHeader`: response headers the page's script may read (no wildcards). */
  exposeHeaders: string[];
  /** `MaxAgeSeconds`: how long a browser may cache the preflight answer. */
  maxAgeSeconds?: number;
}

/** `<CORSConfiguration>`: rules in matching order (the first match wins) and `ResponseVary`. */
export interface CorsConfiguration {
  rules: CorsRule[];
  /** `ResponseVary`: send `Vary: Origin` on the bucket's responses; default false. */
  responseVary: boolean;
}
