/**
 * Bucket tags: the `<Tagging>` body of PutBucketTags / GetBucketTags (the object tagging shape)
 * with the bucket's own limits.
 *
 * - https://www.alibabacloud.com/help/en/oss/developer-reference/putbuckettags
 * - ali-oss `lib/common/utils/checkBucketTag` checks the same limits client side.
 */
import { ossError } from '../../errors.js';
import { parseTagging } from '../tagging.js';
import type { Tag } from '../tagging.js';

/** At most this many tags on a bucket. */
export const MAX_BUCKET_TAGS = 20;

function invalidTag(message: string, tag: Tag) {
  return ossError('InvalidTag', { message, ec: undefined, details: { ArgumentName: tag.key, ArgumentValue: tag.value } });
}

/**
 * Parse `<Tagging>` and check the bucket tag limits: at most {@link MAX_BUCKET_TAGS} tags with
 * unique keys; a key of 1–64 characters not starting with `http://`, `https://` or `Aliyun`; a
 * value of at most 128 characters. Throws MalformedXML or InvalidTag.
 */
export function parseBucketTagging(xml: string): Tag[] {
  const tags = parseTagging(xml);
  if (tags.length > MAX_BUCKET_TAGS) {
    throw ossError('InvalidTag', { message: `A bucket can have at most ${MAX_BUCKET_TAGS} tags.`, ec: undefined });
  }
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag.key.length < 1 || tag.key.length > 64) throw invalidTag('A tag key must be 1 to 64 characters long.', tag);
    if (/^(https?:\/\/|Aliyun)/i.test(tag.key)) {
      throw invalidTag('A tag key cannot start with http://, https:// or Aliyun.', tag);
    }
    if (tag.value.length > 128) throw invalidTag('A tag value can be at most 128 characters long.', tag);
    if (seen.has(tag.key)) throw invalidTag('Tag keys must be unique.', tag);
    seen.add(tag.key);
  }
  return tags;
}
