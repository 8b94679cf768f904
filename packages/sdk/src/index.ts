/**
 * @ossbox/sdk: a typed Alibaba Cloud OSS client (undici) with first-class upload callbacks,
 * CallbackError, CRC-64 checks and checkpointed resumable uploads.
 */
export { Client } from './client.js';
export type { ClientOptions, ResolvedConfig } from './client-options.js';
export type { CredentialsProvider, ProvidedCredentials } from './credentials.js';
export { assumeRole } from './sts.js';
export type { AssumeRoleOptions, AssumeRoleResult } from './sts.js';
export { Bucket } from './bucket.js';
export type {
  CompletedPart,
  CompleteMultipartUploadResult,
  GetObjectOptions,
  GetObjectResult,
  ObjectInfo,
  PutObjectOptions,
  PutObjectResult,
  RequestOptions,
  UploadContent,
  UploadPartResult,
} from './object-types.js';
export { Callback } from './callback.js';
export { DEFAULT_CONTENT_TYPE, guessContentType } from './content-type.js';
export type { CallbackInput, CallbackOptions } from './callback.js';
export type { CallbackResult, Progress } from './object-headers.js';
export type { ResumableUploadOptions, ResumableUploadResult } from './resumable-upload.js';
export type { CheckpointData, CheckpointPart } from './checkpoint.js';
export type { SignatureUrlOptions } from './signature-url.js';
export type { PostPolicyForm, PostPolicyOptions } from './post-policy.js';
export type { UploadBody } from './upload-body.js';
export {
  AbortError,
  CallbackError,
  CheckpointError,
  CrcMismatchError,
  InvalidArgumentError,
  NetworkError,
  NoSuchBucketError,
  NoSuchKeyError,
  NoSuchUploadError,
  OssError,
  TimeoutError,
} from './errors.js';
export type { CallbackErrorOptions, OssErrorOptions } from './errors.js';
export type {
  ListBucketsResult,
  ListedObject,
  ListedPart,
  ListedUpload,
  ListMultipartUploadsResult,
  ListObjectsResult,
  ListPartsResult,
} from '@ossbox/protocol';
