/**
 * Reading bucket configurations back: each is stored as the canonical document its Put operation
 * accepted (the `bucket_configs` table), and parsed again when a request needs its meaning
 * (referer checks, website routing, default encryption, lifecycle runs).
 */
import type { MetadataStore } from '../store/metadata-store.js';

/**
 * Parsed documents by configuration name and text. A stored document only changes on its Put
 * operation, so parsing each distinct text once is enough. Bounded, oldest entry first out.
 */
const parsed = new Map<string, unknown>();
const MAX_PARSED = 256;

/**
 * The bucket's configuration `name` parsed with `parse`, or undefined when the bucket has none
 * (or does not exist). `parse` must be the function the document was validated with, so it
 * cannot fail on a stored document.
 *
 * @example
 * const rules = storedConfig(meta, 'examplebucket', 'lifecycle', parseLifecycleConfiguration);
 */
export function storedConfig<T>(meta: MetadataStore, bucket: string, name: string, parse: (document: string) => T): T | undefined {
  const document = meta.getBucketConfig(bucket, name);
  if (document === undefined) return undefined;
  const cacheKey = `${name}\u0000${document}`;
  if (parsed.has(cacheKey)) return parsed.get(cacheKey) as T;
  const value = parse(document);
  if (parsed.size >= MAX_PARSED) parsed.delete(parsed.keys().next().value!);
  parsed.set(cacheKey, value);
  return value;
}
