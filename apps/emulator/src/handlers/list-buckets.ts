/** ListBuckets (GetService): `GET /` on the bare endpoint (docs/rest-api.md §5.8). */
import { buildListBucketsResult, ossError } from '@ossbox/protocol';
import type { ListBucketsResult } from '@ossbox/protocol';
import { bucketSummary } from './bucket.js';
import type { Handler } from './handler.js';
import { integerParam, OWNER, sendXml } from './handler.js';

/** What can begin a bucket name (config.ts BUCKET_NAME): lowercase letters, digits, `-` not first. */
const BUCKET_NAME_PREFIX = /^(?:[a-z0-9][a-z0-9-]{0,62})?$/;

/**
 * A `prefix` no bucket name can start with is InvalidArgument, EC 0017-00000290
 * (https://www.alibabacloud.com/help/en/oss/user-guide/0017-00000290: "the prefix parameter in a
 * request, such as ListBuckets, is invalid"); the official Go SDK's TestIsBucketExist expects
 * `prefix=BucketNameInvalid` to fail rather than list nothing.
 */
function bucketPrefix(value: string): string {
  if (!BUCKET_NAME_PREFIX.test(value)) {
    throw ossError('InvalidArgument', {
      message: 'The prefix is not the start of a valid bucket name.',
      ec: '0017-00000290',
      details: { ArgumentName: 'prefix', ArgumentValue: value },
    });
  }
  return value;
}

/** List buckets with prefix/marker/max-keys paging (default 100, at most 1000). */
export const listBuckets: Handler = (ctx) => {
  const prefix = bucketPrefix(ctx.address.query.prefix ?? '');
  const marker = ctx.address.query.marker ?? '';
  const maxKeys = integerParam(ctx, 'max-keys', 100, 1, 1000);
  const page = ctx.storage.meta.listBuckets(prefix, marker, maxKeys);
  const result: ListBucketsResult = {
    owner: OWNER,
    buckets: page.buckets.map((b) => bucketSummary(b, ctx.config)),
  };
  const paging = ['prefix', 'marker', 'max-keys'].some((p) => p in ctx.address.query);
  if (paging || page.isTruncated) {
    result.prefix = prefix;
    result.marker = marker;
    result.maxKeys = maxKeys;
    result.isTruncated = page.isTruncated;
    const last = page.buckets[page.buckets.length - 1];
    if (page.isTruncated && last) result.nextMarker = last.name;
  }
  sendXml(ctx, buildListBucketsResult(result));
};
