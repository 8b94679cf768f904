/**
 * `<BucketStat>` of GetBucketStat: storage and object counts of a bucket.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketstat
 */
import { writeXmlDocument } from '../document.js';
import { readRoot, requiredInteger } from '../read.js';

/** Per storage class: billed bytes (small objects billed as 64 KB where OSS does), real bytes, objects. */
export interface StorageClassStat {
  storage: number;
  realStorage: number;
  objectCount: number;
}

/** What GetBucketStat reports. Byte counts are bytes; `lastModifiedTime` is Unix seconds. */
export interface BucketStat {
  storage: number;
  objectCount: number;
  multipartUploadCount: number;
  liveChannelCount: number;
  multipartPartCount: number;
  multipartPartStorage: number;
  deleteMarkerCount: number;
  lastModifiedTime: number;
  standard: StorageClassStat;
  infrequentAccess: StorageClassStat;
  archive: StorageClassStat;
  coldArchive: StorageClassStat;
  deepColdArchive: StorageClassStat;
}

/** The per-class element name prefixes, in the order of the reference's response table. */
const CLASSES = [
  ['InfrequentAccess', 'infrequentAccess'],
  ['Archive', 'archive'],
  ['ColdArchive', 'coldArchive'],
  ['DeepColdArchive', 'deepColdArchive'],
] as const;

/** `<BucketStat>` with every element of the reference (Standard has no separate real storage). */
export function buildBucketStat(stat: BucketStat): string {
  const tree: Record<string, number> = {
    Storage: stat.storage,
    ObjectCount: stat.objectCount,
    MultipartUploadCount: stat.multipartUploadCount,
    LiveChannelCount: stat.liveChannelCount,
    MultipartPartCount: stat.multipartPartCount,
    MultipartPartStorage: stat.multipartPartStorage,
    DeleteMarkerCount: stat.deleteMarkerCount,
    LastModifiedTime: stat.lastModifiedTime,
    StandardStorage: stat.standard.storage,
    StandardObjectCount: stat.standard.objectCount,
  };
  for (const [element, field] of CLASSES) {
    tree[`${element}Storage`] = stat[field].storage;
    tree[`${element}RealStorage`] = stat[field].realStorage;
    tree[`${element}ObjectCount`] = stat[field].objectCount;
  }
  return writeXmlDocument('BucketStat', tree);
}

/** Parse `<BucketStat>` (the counts clients read); throws MalformedXML. */
export function parseBucketStat(xml: string): Pick<BucketStat, 'storage' | 'objectCount' | 'multipartUploadCount'> {
  const root = readRoot(xml, 'BucketStat');
  return {
    storage: requiredInteger(root, 'Storage'),
    objectCount: requiredInteger(root, 'ObjectCount'),
    multipartUploadCount: requiredInteger(root, 'MultipartUploadCount'),
  };
}
