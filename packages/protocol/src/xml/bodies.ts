/**
 * XML bodies of the OSS operations ossbox serves and calls (docs/rest-api.md §5.7–§5.11), built and
 * parsed with fast-xml-parser. `build*` functions return a document starting with the XML declaration.
 * `parse*` functions throw OssProtocolError('MalformedXML') on bodies that are not well formed or
 * lack required elements. ETags are kept exactly as given (quoted, as OSS sends them in XML).
 */
export type * from './types.js';
export {
  buildInitiateMultipartUploadResult,
  parseInitiateMultipartUploadResult,
  buildCompleteMultipartUpload,
  parseCompleteMultipartUpload,
  buildCompleteMultipartUploadResult,
  parseCompleteMultipartUploadResult,
  buildListPartsResult,
  parseListPartsResult,
  buildListMultipartUploadsResult,
  parseListMultipartUploadsResult,
} from './multipart.js';
export {
  buildListObjectsResult,
  parseListObjectsResult,
  buildListObjectsV2Result,
  parseListObjectsV2Result,
  buildListBucketsResult,
  parseListBucketsResult,
} from './listing.js';
export {
  buildBucketInfo,
  parseBucketInfo,
  buildLocationConstraint,
  parseLocationConstraint,
  buildAccessControlPolicy,
  parseAccessControlPolicy,
  buildCreateBucketConfiguration,
  parseCreateBucketConfiguration,
} from './bucket.js';
export {
  buildCorsConfiguration,
  parseCorsConfiguration,
  validateCorsConfiguration,
  CORS_METHODS,
  MAX_CORS_RULES,
  MAX_CORS_XML_BYTES,
} from './cors.js';
export {
  buildCopyObjectResult,
  parseCopyObjectResult,
  buildCopyPartResult,
  parseCopyPartResult,
  buildDeleteRequest,
  parseDeleteRequest,
  buildDeleteResult,
  parseDeleteResult,
  buildPostResponse,
  parsePostResponse,
} from './object.js';
export { buildTagging, parseTagging } from './tagging.js';
export type { Tag } from './tagging.js';
export { buildRestoreRequest, parseRestoreRequest } from './restore.js';
export type { RestoreRequest } from './restore.js';
export { buildListLiveChannelResult, parseListLiveChannelResult } from './live-channel.js';
export type { ListLiveChannelResult } from './live-channel.js';
export { buildStyle, buildStyleContent, buildStyleList, parseStyle, parseStyleContent, parseStyleList } from './style.js';
export type { StyleInfo } from './style.js';
