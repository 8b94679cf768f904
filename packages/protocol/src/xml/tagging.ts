/**
 * The object tagging body of PutObjectTagging and GetObjectTagging
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/putobjecttagging):
 * `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>`.
 */
import { writeXmlDocument } from './document.js';
import type { XmlElement, XmlTree } from './document.js';
import { child, children, readRoot, requiredText, text } from './read.js';

/** One object tag. */
export interface Tag {
  key: string;
  value: string;
}

/** The children of a `<Tagging>` element (`<TagSet><Tag>…`); also inside ListBuckets' `<Bucket>`. */
export function taggingTree(tags: readonly Tag[]): XmlTree {
  return { TagSet: { Tag: tags.map((tag) => ({ Key: tag.key, Value: tag.value })) } };
}

/** Build a `<Tagging>` document; tags keep their order. */
export function buildTagging(tags: readonly Tag[]): string {
  return writeXmlDocument('Tagging', taggingTree(tags));
}

/** The tags of a `<Tagging>` element, as parseTagging reads them. */
export function readTagging(tagging: XmlElement): Tag[] {
  const tagSet = child(tagging, 'TagSet');
  if (tagSet === undefined) return [];
  return children(tagSet, 'Tag').map((tag) => ({ key: requiredText(tag, 'Key'), value: text(tag, 'Value') ?? '' }));
}

/**
 * Parse a `<Tagging>` document into its tags, in document order, repeated keys included (the
 * caller checks OSS's limits, which have their own errors). No `<TagSet>` or an empty one is no
 * tags; a `<Tag>` without `<Key>` is MalformedXML; a missing `<Value>` is an empty value.
 */
export function parseTagging(xml: string): Tag[] {
  return readTagging(readRoot(xml, 'Tagging'));
}
