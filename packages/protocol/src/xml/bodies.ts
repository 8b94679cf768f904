/**
 * XML bodies of the OSS operations ossbox serves and calls (oss-protocol.md §5.7–§5.11), built and
 * parsed with fast-xml-parser. `build*` functions return a document starting with the XML declaration.
 * `parse*` functions throw OssProtocolError('MalformedXML') on bodies that are not well formed or
 * lack required elements. ETags are kept exactly as given (quoted, as OSS sends them in XML).
 * CONTRACT STUB: implemented by the protocol-errors-xml task (it may split this file into modules).
 */

/** An object owner. */
export interface Owner {
  id: string;
  displayName: string;
}

export interface InitiateMultipartUploadResult {
  bucket: string;
  key: string;
  uploadId: string;
}

/** One part in a CompleteMultipartUpload request. */
export interface CompletePart {
  partNumber: number;
  etag: string;
}

export interface CompleteMultipartUploadResult {
  location: string;
  bucket: string;
  key: string;
  etag: string;
  encodingType?: 'url';
}

export interface ListedPart {
  partNumber: number;
  lastModified: Date;
  etag: string;
  size: number;
  hashCrc64ecma?: string;
}

export interface ListPartsResult {
  bucket: string;
  key: string;
  uploadId: string;
  partNumberMarker: number;
  nextPartNumberMarker: number;
  maxParts: number;
  isTruncated: boolean;
  storageClass: string;
  parts: ListedPart[];
  encodingType?: 'url';
}

export interface ListedUpload {
  key: string;
  uploadId: string;
  initiated: Date;
}

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

export interface ListedObject {
  key: string;
  lastModified: Date;
  etag: string;
  type: 'Normal' | 'Multipart' | 'Appendable';
  size: number;
  storageClass: string;
  owner?: Owner;
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

export interface BucketSummary {
  name: string;
  creationDate: Date;
  location: string;
  region: string;
  extranetEndpoint: string;
  intranetEndpoint: string;
  storageClass: string;
}

export interface ListBucketsResult {
  owner: Owner;
  buckets: BucketSummary[];
  prefix?: string;
  marker?: string;
  maxKeys?: number;
  isTruncated?: boolean;
  nextMarker?: string;
}

export interface BucketInfo extends BucketSummary {
  owner: Owner;
  acl: string;
}

export interface CopyObjectResult {
  etag: string;
  lastModified: Date;
}

/** DeleteMultipleObjects request. */
export interface DeleteRequest {
  quiet: boolean;
  keys: string[];
}

export interface DeleteResult {
  deleted: string[];
  encodingType?: 'url';
}

/** The 201 body of PostObject (element names unverified, oss-protocol.md §5.11). */
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

function todo(): never {
  throw new Error('not implemented');
}

export const buildInitiateMultipartUploadResult = (_r: InitiateMultipartUploadResult): string => todo();
export const parseInitiateMultipartUploadResult = (_xml: string): InitiateMultipartUploadResult => todo();
export const buildCompleteMultipartUpload = (_parts: CompletePart[]): string => todo();
export const parseCompleteMultipartUpload = (_xml: string): CompletePart[] => todo();
export const buildCompleteMultipartUploadResult = (_r: CompleteMultipartUploadResult): string => todo();
export const parseCompleteMultipartUploadResult = (_xml: string): CompleteMultipartUploadResult => todo();
export const buildListPartsResult = (_r: ListPartsResult): string => todo();
export const parseListPartsResult = (_xml: string): ListPartsResult => todo();
export const buildListMultipartUploadsResult = (_r: ListMultipartUploadsResult): string => todo();
export const parseListMultipartUploadsResult = (_xml: string): ListMultipartUploadsResult => todo();
export const buildListObjectsResult = (_r: ListObjectsResult): string => todo();
export const parseListObjectsResult = (_xml: string): ListObjectsResult => todo();
export const buildListObjectsV2Result = (_r: ListObjectsV2Result): string => todo();
export const parseListObjectsV2Result = (_xml: string): ListObjectsV2Result => todo();
export const buildListBucketsResult = (_r: ListBucketsResult): string => todo();
export const parseListBucketsResult = (_xml: string): ListBucketsResult => todo();
export const buildBucketInfo = (_r: BucketInfo): string => todo();
export const buildLocationConstraint = (_location: string): string => todo();
export const buildAccessControlPolicy = (_r: AccessControlPolicy): string => todo();
export const parseAccessControlPolicy = (_xml: string): AccessControlPolicy => todo();
export const buildCopyObjectResult = (_r: CopyObjectResult): string => todo();
export const parseCopyObjectResult = (_xml: string): CopyObjectResult => todo();
export const buildDeleteRequest = (_r: DeleteRequest): string => todo();
export const parseDeleteRequest = (_xml: string): DeleteRequest => todo();
export const buildDeleteResult = (_r: DeleteResult): string => todo();
export const parseDeleteResult = (_xml: string): DeleteResult => todo();
export const buildPostResponse = (_r: PostResponse): string => todo();
/** `<CreateBucketConfiguration><StorageClass>` of PutBucket (optional body); undefined storage class when absent. */
export const parseCreateBucketConfiguration = (_xml: string): { storageClass?: string } => todo();
