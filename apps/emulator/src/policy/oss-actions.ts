/**
 * Which RAM action each OSS operation needs, and the resource ARN it acts on. The mapping is the
 * "Permissions" table of each operation's API page (e.g. InitiateMultipartUpload, UploadPart and
 * CompleteMultipartUpload need `oss:PutObject`:
 * https://www.alibabacloud.com/help/en/oss/developer-reference/initiatemultipartupload) and the
 * action list of https://www.alibabacloud.com/help/en/oss/user-guide/how-oss-works-with-ram.
 */

/** OSS operation name (as `operations.ts` names them) → the RAM action it is authorized as. */
const ACTION_OF_OPERATION: Readonly<Record<string, string>> = {
  ListBuckets: 'oss:ListBuckets',
  PutBucket: 'oss:PutBucket',
  DeleteBucket: 'oss:DeleteBucket',
  HeadBucket: 'oss:GetBucketInfo',
  GetBucketInfo: 'oss:GetBucketInfo',
  GetBucketLocation: 'oss:GetBucketLocation',
  GetBucketAcl: 'oss:GetBucketAcl',
  PutBucketAcl: 'oss:PutBucketAcl',
  GetBucketCors: 'oss:GetBucketCors',
  PutBucketCors: 'oss:PutBucketCors',
  DeleteBucketCors: 'oss:DeleteBucketCors',
  GetBucketPolicy: 'oss:GetBucketPolicy',
  PutBucketPolicy: 'oss:PutBucketPolicy',
  DeleteBucketPolicy: 'oss:DeleteBucketPolicy',
  ListObjects: 'oss:ListObjects',
  ListObjectsV2: 'oss:ListObjects',
  ListMultipartUploads: 'oss:ListMultipartUploads',
  DeleteMultipleObjects: 'oss:DeleteObject',
  PostObject: 'oss:PutObject',
  PutObject: 'oss:PutObject',
  CopyObject: 'oss:PutObject',
  AppendObject: 'oss:PutObject',
  InitiateMultipartUpload: 'oss:PutObject',
  UploadPart: 'oss:PutObject',
  UploadPartCopy: 'oss:PutObject',
  CompleteMultipartUpload: 'oss:PutObject',
  AbortMultipartUpload: 'oss:AbortMultipartUpload',
  ListParts: 'oss:ListParts',
  GetObject: 'oss:GetObject',
  HeadObject: 'oss:GetObject',
  GetObjectMeta: 'oss:GetObject',
  DeleteObject: 'oss:DeleteObject',
  GetObjectAcl: 'oss:GetObjectAcl',
  PutObjectAcl: 'oss:PutObjectAcl',
  GetObjectTagging: 'oss:GetObjectTagging',
  PutObjectTagging: 'oss:PutObjectTagging',
  DeleteObjectTagging: 'oss:DeleteObjectTagging',
  // PutSymlink needs oss:PutObject, GetSymlink oss:GetObject
  // (https://www.alibabacloud.com/help/en/oss/developer-reference/putsymlink, Permissions).
  PutSymlink: 'oss:PutObject',
  GetSymlink: 'oss:GetObject',
  // Processing on GET reads the object; saving the result is oss:PostProcessTask on the source
  // (https://www.alibabacloud.com/help/en/oss/user-guide/sys-or-saveas, "Required permissions").
  ProcessImage: 'oss:GetObject',
  ProcessObjectSave: 'oss:PostProcessTask',
  // https://www.alibabacloud.com/help/en/oss/developer-reference/putbuckettags, Permissions.
  PutBucketTags: 'oss:PutBucketTagging',
  GetBucketTags: 'oss:GetBucketTagging',
  DeleteBucketTags: 'oss:DeleteBucketTagging',
};

/** The RAM action of an OSS operation: the table above, else `oss:<OperationName>`. */
export function ramActionOf(operation: string): string {
  return ACTION_OF_OPERATION[operation] ?? `oss:${operation}`;
}

/**
 * The OSS resource ARN a request acts on: `acs:oss:<region>:<account>:<bucket>/<key>` for an
 * object, `…:<bucket>` for a bucket, `…:*` for the service (ListBuckets).
 */
export function ossResourceArn(region: string, account: string, bucket?: string, key?: string): string {
  const base = `acs:oss:${region}:${account}:`;
  if (bucket === undefined) return `${base}*`;
  return key === undefined ? `${base}${bucket}` : `${base}${bucket}/${key}`;
}
