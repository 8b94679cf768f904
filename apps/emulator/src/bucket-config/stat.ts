/**
 * GetBucketStat (`GET /?stat`): from the bucket's real contents at the time of the request (OSS
 * reports figures up to an hour old; the emulator has no reason to).
 * https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketstat
 */
import { buildBucketStat } from '@ossbox/protocol';
import type { BucketStat, StorageClassStat } from '@ossbox/protocol';
import type { Handler } from '../handlers/handler.js';
import { requireBucket, sendXml } from '../handlers/handler.js';
import type { BucketUsage } from '../store/metadata-store.js';

const CLASS_FIELDS: Record<string, keyof BucketStat> = {
  Standard: 'standard',
  IA: 'infrequentAccess',
  Archive: 'archive',
  ColdArchive: 'coldArchive',
  DeepColdArchive: 'deepColdArchive',
};

/**
 * The `<BucketStat>` figures of a bucket's usage. `Storage` is the real byte count; the billed
 * storage of the IA and archive classes counts each object under 64 KB as 64 KB, as OSS bills it.
 * The emulator keeps no versions (no delete markers) and no LiveChannels.
 */
export function bucketStatOf(usage: BucketUsage, now: Date): BucketStat {
  const empty = (): StorageClassStat => ({ storage: 0, realStorage: 0, objectCount: 0 });
  const stat: BucketStat = {
    storage: 0,
    objectCount: 0,
    multipartUploadCount: usage.uploads,
    liveChannelCount: 0,
    multipartPartCount: usage.parts,
    multipartPartStorage: usage.partBytes,
    deleteMarkerCount: 0,
    lastModifiedTime: Math.floor(now.getTime() / 1000),
    standard: empty(),
    infrequentAccess: empty(),
    archive: empty(),
    coldArchive: empty(),
    deepColdArchive: empty(),
  };
  for (const row of usage.objects) {
    stat.storage += row.bytes;
    stat.objectCount += row.count;
    const field = CLASS_FIELDS[row.storageClass] ?? 'standard';
    const perClass = stat[field] as StorageClassStat;
    perClass.realStorage += row.bytes;
    perClass.storage += field === 'standard' ? row.bytes : row.billedBytes;
    perClass.objectCount += row.count;
  }
  return stat;
}

/** `GET /?stat`. */
export const getBucketStat: Handler = (ctx) => {
  requireBucket(ctx);
  sendXml(ctx, buildBucketStat(bucketStatOf(ctx.storage.meta.bucketUsage(ctx.bucket), new Date())));
};
