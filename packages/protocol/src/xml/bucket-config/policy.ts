/**
 * Bucket policy bodies (JSON, not XML): PutBucketPolicy / GetBucketPolicy.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketpolicy
 * The grammar is the RAM policy language, checked where it is evaluated (the emulator's policy
 * module), so validation and enforcement share one parser.
 */

/** Largest policy PutBucketPolicy accepts, in bytes (bucket policies are limited to 16 KB). */
export const MAX_BUCKET_POLICY_BYTES = 16 * 1024;
