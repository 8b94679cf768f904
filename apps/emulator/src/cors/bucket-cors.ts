/**
 * A bucket's CORS configuration in the metadata store: kept as the canonical
 * `<CORSConfiguration>` document PutBucketCors accepted (bucket configurations are stored XML
 * documents), parsed back when a request needs it.
 */
import { buildCorsConfiguration, parseCorsConfiguration } from '@ossbox/protocol';
import type { CorsConfiguration } from '@ossbox/protocol';
import type { MetadataStore } from '../store/metadata-store.js';

/** Name of the CORS configuration in the bucket configuration table. */
const CORS = 'cors';

/**
 * Parsed documents by text. Every request that carries `Origin` reads its bucket's rules; a stored
 * document only changes on PutBucketCors, so parsing each distinct text once is enough. Bounded,
 * oldest entry first out.
 */
const parsed = new Map<string, CorsConfiguration>();
const MAX_PARSED = 64;

/** The bucket's CORS configuration, or undefined when it has none (or the bucket does not exist). */
export function getBucketCorsConfig(meta: MetadataStore, bucket: string): CorsConfiguration | undefined {
  const document = meta.getBucketConfig(bucket, CORS);
  if (document === undefined) return undefined;
  let config = parsed.get(document);
  if (config === undefined) {
    config = parseCorsConfiguration(document);
    if (parsed.size >= MAX_PARSED) parsed.delete(parsed.keys().next().value!);
    parsed.set(document, config);
  }
  return config;
}

/** Replace the bucket's CORS configuration (already validated); false when the bucket does not exist. */
export function putBucketCorsConfig(meta: MetadataStore, bucket: string, config: CorsConfiguration): boolean {
  return meta.putBucketConfig(bucket, CORS, buildCorsConfiguration(config));
}

/** Remove the bucket's CORS configuration, if any. */
export function deleteBucketCorsConfig(meta: MetadataStore, bucket: string): void {
  meta.deleteBucketConfig(bucket, CORS);
}
