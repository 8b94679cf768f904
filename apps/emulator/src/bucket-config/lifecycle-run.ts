/**
 * Lifecycle rules applied on demand. OSS runs lifecycle rules once a day in the background; the
 * emulator runs them when asked (`POST /_ossbox/lifecycle/run`, ./lifecycle-route.ts), at a
 * given "now", so tests can see objects expire without waiting days.
 *
 * Applied: Expiration (Days after the last modification, CreatedBeforeDate: modified before
 * that date, or the legacy Date: everything once that date has come) and AbortMultipartUpload (Days after initiation, or initiated before the date), for
 * Enabled rules, filtered by Prefix, Tag (every tag must match), Filter/Not and the object size
 * filters. Not applied (stored only): Transition, ExpiredObjectDeleteMarker and the
 * noncurrent-version actions (the emulator keeps no versions).
 * https://www.alibabacloud.com/help/en/oss/user-guide/lifecycle-rules-based-on-the-last-modified-time
 */
import { parseLifecycleConfiguration } from '@ossbox/protocol';
import type { LifecycleAge, LifecycleRule } from '@ossbox/protocol';
import type { ObjectRecord } from '../store/metadata-store.js';
import type { Storage } from '../store/storage.js';
import { storedConfig } from './store.js';

/** What one run did to one bucket. */
export interface LifecycleBucketResult {
  bucket: string;
  /** Keys of the objects deleted by Expiration. */
  expired: string[];
  /** Multipart uploads aborted by AbortMultipartUpload. */
  aborted: { key: string; uploadId: string }[];
}

/** What a run did: the "now" it used and every bucket it changed something in. */
export interface LifecycleRunResult {
  now: string;
  buckets: LifecycleBucketResult[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const PAGE = 1000;

/** Whether something dated `at` is due under `age` at `now`. */
function due(age: LifecycleAge, at: Date, now: Date): boolean {
  if (age.days !== undefined) return at.getTime() + age.days * DAY_MS <= now.getTime();
  return age.createdBeforeDate !== undefined && at.getTime() < age.createdBeforeDate.getTime();
}

function hasTag(object: ObjectRecord, key: string, value: string): boolean {
  return object.tags?.[key] === value;
}

/** Whether `rule`'s filters (beyond the prefix) select `object`. */
export function ruleSelects(rule: LifecycleRule, object: ObjectRecord): boolean {
  if (!rule.tags.every((tag) => hasTag(object, tag.key, tag.value))) return false;
  const not = rule.not;
  if (not && object.key.startsWith(not.prefix) && (not.tag === undefined || hasTag(object, not.tag.key, not.tag.value))) return false;
  if (rule.objectSizeGreaterThan !== undefined && !(object.size > rule.objectSizeGreaterThan)) return false;
  if (rule.objectSizeLessThan !== undefined && !(object.size < rule.objectSizeLessThan)) return false;
  return true;
}

function* objectsUnder(storage: Storage, bucket: string, prefix: string): Generator<ObjectRecord> {
  let after = '';
  for (;;) {
    const page = storage.meta.listObjects({ bucket, prefix, delimiter: '', after, maxKeys: PAGE });
    yield* page.objects;
    if (!page.isTruncated || page.nextMarker === undefined) return;
    after = page.nextMarker;
  }
}

async function runBucket(storage: Storage, bucket: string, rules: LifecycleRule[], now: Date): Promise<LifecycleBucketResult> {
  const result: LifecycleBucketResult = { bucket, expired: [], aborted: [] };
  for (const rule of rules) {
    if (rule.status !== 'Enabled') continue;
    const expiration = rule.expiration;
    const expiresAll = expiration?.date !== undefined && expiration.date.getTime() <= now.getTime();
    if (expiration && (expiration.days !== undefined || expiration.createdBeforeDate !== undefined || expiresAll)) {
      const keys = [...objectsUnder(storage, bucket, rule.prefix)]
        .filter((object) => ruleSelects(rule, object) && (expiresAll || due(expiration, object.lastModified, now)))
        .map((object) => object.key);
      for (const key of keys) {
        const blobIds = storage.meta.deleteObject(bucket, key);
        if (blobIds === undefined) continue;
        await storage.blobs.delete(blobIds);
        result.expired.push(key);
      }
    }
    const abort = rule.abortMultipartUpload;
    if (abort) {
      const uploads = storage.meta
        .listUploads({ bucket, prefix: rule.prefix, delimiter: '', keyMarker: '', uploadIdMarker: '', maxUploads: Number.MAX_SAFE_INTEGER })
        .uploads.filter((upload) => due(abort, upload.initiated, now));
      for (const upload of uploads) {
        const blobIds = storage.meta.abortUpload(bucket, upload.key, upload.uploadId);
        if (blobIds === undefined) continue;
        await storage.blobs.delete(blobIds);
        result.aborted.push({ key: upload.key, uploadId: upload.uploadId });
      }
    }
  }
  return result;
}

/**
 * Apply every bucket's (or one bucket's) lifecycle rules as if the time were `now`. Objects and
 * uploads are removed as DeleteObject and AbortMultipartUpload would remove them.
 *
 * @example
 * const result = await runLifecycle(storage, new Date('2030-01-01T00:00:00Z'));
 * // { now: '2030-01-01T00:00:00.000Z', buckets: [{ bucket: 'examplebucket', expired: ['logs/a.log'], aborted: [] }] }
 */
export async function runLifecycle(storage: Storage, now: Date, onlyBucket?: string): Promise<LifecycleRunResult> {
  const names: string[] = [];
  if (onlyBucket !== undefined) {
    if (storage.meta.getBucket(onlyBucket)) names.push(onlyBucket);
  } else {
    let marker = '';
    for (;;) {
      const page = storage.meta.listBuckets('', marker, PAGE);
      names.push(...page.buckets.map((b) => b.name));
      if (!page.isTruncated || page.buckets.length === 0) break;
      marker = page.buckets[page.buckets.length - 1]!.name;
    }
  }
  const result: LifecycleRunResult = { now: now.toISOString(), buckets: [] };
  for (const bucket of names) {
    const rules = storedConfig(storage.meta, bucket, 'lifecycle', parseLifecycleConfiguration);
    if (rules === undefined) continue;
    const done = await runBucket(storage, bucket, rules, now);
    if (done.expired.length > 0 || done.aborted.length > 0) result.buckets.push(done);
  }
  return result;
}
