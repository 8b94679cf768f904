/**
 * The tag condition keys of a request: `oss:BucketTag/<key>`, the tags of the bucket it names
 * (https://www.alibabacloud.com/help/en/oss/user-guide/manage-bucket-tags, "Scenarios"), and
 * `oss:ExistingObjectTag/<key>`, the tags of the object it names as stored before the request
 * (https://www.alibabacloud.com/help/doc-detail/106678.htm, "Scenarios"; OSS's key table names
 * reads and the ObjectTagging operations, the emulator reads them for every object request). Tag
 * keys are case-sensitive on OSS, so the part after the `/` is kept as written (conditions.ts).
 * `oss:RequestObjectTag/<key>` is the tags the request sets (requestTagContext).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parseTagging } from '@ossbox/protocol';
import { storedConfig } from '../bucket-config/store.js';
import { taggingFrom } from '../http/upload-headers.js';
import { UNKNOWN_VALUE } from '../policy/index.js';
import type { ConditionContext } from '../policy/index.js';
import type { MetadataStore } from '../store/metadata-store.js';

/**
 * The tag keys' values, by context key (`oss:buckettag/<key>`, `oss:existingobjecttag/<key>`);
 * a tag the bucket or object lacks (or a missing object) is absent.
 */
export function resourceTagContext(meta: MetadataStore, bucket: string | undefined, key: string | undefined): Record<string, string> {
  const context: Record<string, string> = {};
  if (bucket === undefined) return context;
  for (const tag of storedConfig(meta, bucket, 'tagging', parseTagging) ?? []) context[`oss:buckettag/${tag.key}`] = tag.value;
  if (key === undefined) return context;
  for (const [name, value] of Object.entries(meta.getObject(bucket, key)?.tags ?? {})) context[`oss:existingobjecttag/${name}`] = value;
  return context;
}

/**
 * `oss:RequestObjectTag/<key>`: the tags a write sets with `x-oss-tagging` (PostObject: the form
 * field; OSS's key table names the writes and the ObjectTagging operations). PutObjectTagging's
 * tags are in its body, not read yet when access is checked, and a malformed `x-oss-tagging` (the
 * handler refuses it) has no reading: both make every such key unknown (undecidable).
 */
export function requestTagContext(operation: string, ossHeaders: IncomingHttpHeaders): ConditionContext {
  if (operation === 'PutObjectTagging') return { 'oss:requestobjecttag/': UNKNOWN_VALUE };
  let tags: Record<string, string> | undefined;
  try {
    tags = taggingFrom(ossHeaders);
  } catch {
    return { 'oss:requestobjecttag/': UNKNOWN_VALUE };
  }
  const context: Record<string, string> = {};
  for (const [name, value] of Object.entries(tags ?? {})) context[`oss:requestobjecttag/${name}`] = value;
  return context;
}
