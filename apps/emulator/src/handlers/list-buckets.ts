/** ListBuckets (GetService): `GET /` on the bare endpoint (docs/rest-api.md §5.8). */
import { buildListBucketsResult } from '@ossbox/protocol';
import type { ListBucketsResult } from '@ossbox/protocol';
import { bucketSummary } from './bucket.js';
import type { Handler } from './handler.js';
import { integerParam, OWNER, sendXml } from './handler.js';

/** List buckets with prefix/marker/max-keys paging (default 100, at most 1000). */
export const listBuckets: Handler = (ctx) => {
  const prefix = ctx.address.query.prefix ?? '';
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
