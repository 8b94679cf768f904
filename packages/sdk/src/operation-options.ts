/**
 * The option names of every Bucket operation. TypeScript flags a misspelt name only in an object
 * literal; from JavaScript or a spread object it was ignored: `{ mime }` (ali-oss's put) stored
 * application/octet-stream, `{ 'max-keys': 5 }` (ali-oss's list) listed 100, `{ perfix }` listed
 * everything. Each operation now refuses a name it does not know, as the Client does.
 */
import { refuseUnknownOption } from './client-options.js';
import type { GetObjectOptions, PutObjectOptions } from './object-types.js';
import type { PostPolicyOptions } from './post-policy.js';
import type { ResumableUploadOptions } from './resumable-upload.js';
import type { SignatureUrlOptions } from './signature-url.js';

const SIGNAL = { signal: true } as const;
const HEADERS = { contentType: true, meta: true, headers: true } as const;

const UPLOAD = { file: true, body: true, contentLength: true, ...HEADERS, onProgress: true, ...SIGNAL } as const;
const APPEND_OBJECT = { ...UPLOAD, position: true } as const;
const PUT_OBJECT = { ...UPLOAD, callback: true } satisfies Record<keyof PutObjectOptions, true>;

const HEAD_OBJECT = { ifMatch: true, ifNoneMatch: true, ifModifiedSince: true, ifUnmodifiedSince: true, headers: true, ...SIGNAL } as const;
const GET_OBJECT = { ...HEAD_OBJECT, range: true, file: true, query: true } satisfies Record<keyof GetObjectOptions, true>;

const RESUMABLE_UPLOAD = {
  partSize: true,
  parallel: true,
  checkpoint: true,
  restartOnBrokenCheckpoint: true,
  callback: true,
  onProgress: true,
  ...HEADERS,
  ...SIGNAL,
} satisfies Record<keyof ResumableUploadOptions, true>;

const SIGNATURE_URL = {
  method: true,
  expires: true,
  callback: true,
  query: true,
  contentType: true,
  headers: true,
  version: true,
  date: true,
} satisfies Record<keyof SignatureUrlOptions, true>;

const POST_POLICY = {
  key: true,
  keyPrefix: true,
  expires: true,
  contentLengthRange: true,
  contentType: true,
  successActionStatus: true,
  callback: true,
  conditions: true,
  version: true,
  date: true,
} satisfies Record<keyof PostPolicyOptions, true>;

/** The known option names of each Bucket method. */
export const OPERATION_OPTIONS = {
  putObject: PUT_OBJECT,
  appendObject: APPEND_OBJECT,
  getObject: GET_OBJECT,
  headObject: HEAD_OBJECT,
  objectExists: SIGNAL,
  deleteObject: SIGNAL,
  deleteObjects: { ...SIGNAL, quiet: true },
  copyObject: { ...SIGNAL, ...HEADERS, metadataDirective: true },
  listObjectsPage: { ...SIGNAL, prefix: true, delimiter: true, marker: true, maxKeys: true },
  listObjects: { ...SIGNAL, prefix: true, delimiter: true, maxKeys: true },
  initiateMultipartUpload: { ...SIGNAL, ...HEADERS },
  uploadPart: { ...SIGNAL, file: true, body: true, contentLength: true, start: true, length: true, onProgress: true },
  completeMultipartUpload: { ...SIGNAL, callback: true, headers: true },
  abortMultipartUpload: SIGNAL,
  listParts: { ...SIGNAL, partNumberMarker: true, maxParts: true },
  listUploads: { ...SIGNAL, prefix: true, delimiter: true, keyMarker: true, uploadIdMarker: true, maxUploads: true },
  resumableUpload: RESUMABLE_UPLOAD,
  signatureUrl: SIGNATURE_URL,
  createPostPolicy: POST_POLICY,
} as const;

/** ali-oss's option names (put, list, multipartUpload) spelt differently here. */
const ALI_OSS_NAMES: Record<string, string> = { mime: 'contentType', progress: 'onProgress', 'max-keys': 'maxKeys' };

/** Throw InvalidArgumentError for the first option name `operation` does not know. */
export function checkOperationOptions(operation: keyof typeof OPERATION_OPTIONS, options: object | undefined): void {
  if (options === undefined || options === null || typeof options !== 'object') return;
  const known: Readonly<Record<string, true>> = OPERATION_OPTIONS[operation];
  // ali-oss's name only where this operation has the option; its per-request timeout everywhere.
  const instead: Record<string, string> = { timeout: "the Client's timeoutMs" };
  for (const [name, ours] of Object.entries(ALI_OSS_NAMES)) if (Object.hasOwn(known, ours)) instead[name] = ours;
  refuseUnknownOption(options, known, instead, operation);
}
