/**
 * PutBucketCors, GetBucketCors and DeleteBucketCors: `PUT|GET|DELETE /?cors` on a bucket.
 *
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketcors
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketcors
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/deletebucketcors
 */
import {
  buildCorsConfiguration,
  MAX_CORS_XML_BYTES,
  ossError,
  parseCorsConfiguration,
  validateCorsConfiguration,
} from '@ossbox/protocol';
import { deleteBucketCorsConfig, getBucketCorsConfig, putBucketCorsConfig } from '../cors/bucket-cors.js';
import { checkBodyMd5, readSmallBody } from '../http/read-body.js';
import type { Handler } from './handler.js';
import { requireBucket, sendXml } from './handler.js';
import { sendNoContent } from '../http/send-document.js';

const noSuchBucket = (bucket: string) => ossError('NoSuchBucket', { details: { BucketName: bucket } });

/**
 * Replace the bucket's rules with the `<CORSConfiguration>` body (at most 16 KB). Everything is
 * checked before anything is stored, so a rejected body leaves the previous rules in place.
 */
export const putBucketCors: Handler = async (ctx) => {
  requireBucket(ctx);
  const body = await readSmallBody(ctx.req, MAX_CORS_XML_BYTES);
  checkBodyMd5(ctx.req, body);
  const config = parseCorsConfiguration(body.toString('utf8'));
  validateCorsConfiguration(config);
  // The bucket may have been deleted while the body was arriving.
  if (!putBucketCorsConfig(ctx.storage.meta, ctx.bucket, config)) throw noSuchBucket(ctx.bucket);
  ctx.res.status(200).end();
};

/** The bucket's rules; NoSuchCORSConfiguration (404) when it has none. */
export const getBucketCors: Handler = (ctx) => {
  requireBucket(ctx);
  const config = getBucketCorsConfig(ctx.storage.meta, ctx.bucket);
  if (!config) throw ossError('NoSuchCORSConfiguration', { details: { BucketName: ctx.bucket } });
  sendXml(ctx, buildCorsConfiguration(config));
};

/** Drop the bucket's rules: 204, also when it had none. */
export const deleteBucketCors: Handler = (ctx) => {
  requireBucket(ctx);
  deleteBucketCorsConfig(ctx.storage.meta, ctx.bucket);
  sendNoContent(ctx.res);
};
