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

/**
 * EC page https://help.aliyun.com/zh/oss/user-guide/0010-00000219 (scenario 2): a PutBucketTags
 * Tag/Key or Tag/Value outside the bucket limits (length, empty key). A key with a reserved prefix
 * has its own page, https://help.aliyun.com/en/oss/user-guide/0010-00000207.
 */
const BUCKET_TAG_EC = '0010-00000219';
const RESERVED_PREFIX_EC = '0010-00000207';

function invalidTag(message: string, tag: Tag, ec: string | undefined = BUCKET_TAG_EC) {
  return ossError('InvalidTag', { message, ec, details: { ArgumentName: tag.key, ArgumentValue: tag.value } });
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
      throw invalidTag('A tag key cannot start with http://, https:// or Aliyun.', tag, RESERVED_PREFIX_EC);
    }
    if (tag.value.length > 128) throw invalidTag('A tag value can be at most 128 characters long.', tag);
    // Duplicate keys and too many tags: no EC page covers bucket tags for these; none is sent.
    if (seen.has(tag.key)) throw invalidTag('Tag keys must be unique.', tag, undefined);
    seen.add(tag.key);
  }
  return tags;
}
