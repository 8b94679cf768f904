/**
 * ListBuckets by bucket tags (docs/rest-api.md §5.8). The official SDKs send three query
 * parameters for it: `tag-key` and `tag-value` (Go SDK `TagKey()`/`TagValue()`, the .NET and Java
 * SDKs' ListBucketsRequest tag; Go's TestListBucketsTagging lists only the bucket tagged with the
 * key), and `tagging` with `"key":"value"` pairs joined by commas (ali-oss listBuckets `subres`;
 * its "should list buckets by subres" test reads each listed bucket's tags back).
 */
import { ossError, parseTagging } from '@ossbox/protocol';
import type { Tag } from '@ossbox/protocol';
import type { MetadataStore } from '../store/metadata-store.js';
import { storedConfig } from '../bucket-config/store.js';

/** Whether a bucket with these tags is listed. */
export type BucketTagFilter = (tags: readonly Tag[]) => boolean;

function invalid(name: string, value: string, message: string): Error {
  return ossError('InvalidArgument', { message, details: { ArgumentName: name, ArgumentValue: value } });
}

/**
 * The `tagging` value's pairs. `"a":"1","b":"2"` is the body of a JSON object whose values are
 * strings, so it is read as one; anything else is InvalidArgument [unverified: OSS documents
 * neither the format nor its error].
 */
function taggingPairs(value: string): Tag[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(`{${value}}`);
  } catch {
    throw invalid('tagging', value, 'The tagging parameter must list "key":"value" pairs.');
  }
  const pairs = Object.entries(parsed as Record<string, unknown>);
  if (pairs.length === 0 || pairs.some(([, v]) => typeof v !== 'string')) {
    throw invalid('tagging', value, 'The tagging parameter must list "key":"value" pairs.');
  }
  return pairs.map(([key, v]) => ({ key, value: v as string }));
}

/**
 * The filter a ListBuckets query asks for, or undefined when it names no tag. A bucket passes
 * when it has every tag asked for: `tag-key` alone matches any value of that key. `tag-value`
 * without `tag-key` is InvalidArgument [unverified].
 */
export function bucketTagFilter(query: Readonly<Record<string, string>>): BucketTagFilter | undefined {
  const key = query['tag-key'];
  const value = query['tag-value'];
  const tagging = query.tagging;
  if (key === undefined && value === undefined && tagging === undefined) return undefined;
  if (value !== undefined && key === undefined) {
    throw invalid('tag-value', value, 'The tag-value parameter needs a tag-key parameter.');
  }
  const wanted = tagging === undefined ? [] : taggingPairs(tagging);
  return (tags) =>
    (key === undefined || tags.some((t) => t.key === key && (value === undefined || t.value === value))) &&
    wanted.every((w) => tags.some((t) => t.key === w.key && t.value === w.value));
}

/** A bucket's tags as PutBucketTags stored them (none when it has no `tagging` configuration). */
export function bucketTags(meta: MetadataStore, bucket: string): Tag[] {
  return storedConfig(meta, bucket, 'tagging', parseTagging) ?? [];
}
