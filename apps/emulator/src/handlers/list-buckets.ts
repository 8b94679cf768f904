/** ListBuckets (GetService): `GET /` on the bare endpoint (docs/rest-api.md §5.8). */
import { buildListBucketsResult, ossError } from '@ossbox/protocol';
import type { ListBucketsResult, ListedBucket } from '@ossbox/protocol';
import { DEFAULT_RESOURCE_GROUP } from '../bucket-config/bucket-info.js';
import { headerValue } from '../http/object-headers.js';
import type { BucketRecord, MetadataStore } from '../store/metadata-store.js';
import { bucketSummary } from './bucket.js';
import { bucketTagFilter, bucketTags } from './bucket-tag-filter.js';
import type { BucketTagFilter } from './bucket-tag-filter.js';
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

interface BucketPage {
  buckets: BucketRecord[];
  isTruncated: boolean;
}

/** One page of the buckets whose tags pass `filter`, reading the store a page at a time. */
function listTaggedBuckets(meta: MetadataStore, prefix: string, marker: string, maxKeys: number, filter: BucketTagFilter): BucketPage {
  const buckets: BucketRecord[] = [];
  let after = marker;
  for (;;) {
    const page = meta.listBuckets(prefix, after, maxKeys);
    for (const bucket of page.buckets) {
      if (!filter(bucketTags(meta, bucket.name))) continue;
      if (buckets.length === maxKeys) return { buckets, isTruncated: true };
      buckets.push(bucket);
    }
    const last = page.buckets[page.buckets.length - 1];
    if (!page.isTruncated || !last) return { buckets, isTruncated: false };
    after = last.name;
  }
}

/**
 * List buckets with prefix/marker/max-keys paging (default 100, at most 1000); filtered by tags
 * (./bucket-tag-filter.ts), each listed bucket carries its tags. `x-oss-resource-group-id`
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/listbuckets): a group id lists
 * that group's buckets, `rg-default-id` or an empty value the default group's, and each listed
 * bucket then carries its `ResourceGroupId`; every emulator bucket is in the default group.
 */
export const listBuckets: Handler = (ctx) => {
  const { meta } = ctx.storage;
  const prefix = bucketPrefix(ctx.address.query.prefix ?? '');
  const marker = ctx.address.query.marker ?? '';
  // EC page https://help.aliyun.com/zh/oss/user-guide/0017-00000289 (ListBuckets max-keys 1001).
  const maxKeys = integerParam(ctx, 'max-keys', 100, 1, 1000, '0017-00000289');
  const filter = bucketTagFilter(ctx.address.query);
  const group = headerValue(ctx.req.headers, 'x-oss-resource-group-id');
  const otherGroup = group !== undefined && group !== '' && group !== DEFAULT_RESOURCE_GROUP;
  const page: BucketPage = otherGroup
    ? { buckets: [], isTruncated: false }
    : filter
      ? listTaggedBuckets(meta, prefix, marker, maxKeys, filter)
      : meta.listBuckets(prefix, marker, maxKeys);
  const listed = (b: BucketRecord): ListedBucket => ({
    ...bucketSummary(b, ctx.config),
    ...(filter ? { tags: bucketTags(meta, b.name) } : {}),
    ...(group === undefined ? {} : { resourceGroupId: DEFAULT_RESOURCE_GROUP }),
  });
  const result: ListBucketsResult = { owner: OWNER, buckets: page.buckets.map(listed) };
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
