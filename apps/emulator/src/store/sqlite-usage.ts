/** GetBucketStat's figures from the SQLite metadata store: one aggregate query per table. */
import type Database from 'better-sqlite3';
import type { BucketUsage } from './metadata-store.js';

/** `bucketUsage`, with its statements prepared on `db`. */
export function sqliteBucketUsage(db: Database.Database): (bucket: string) => BucketUsage {
  const objects = db.prepare<[string], BucketUsage['objects'][number]>(
    `SELECT storage_class AS storageClass, COUNT(*) AS count, SUM(size) AS bytes, SUM(MAX(size, 65536)) AS billedBytes
     FROM objects WHERE bucket = ? GROUP BY storage_class`,
  );
  const uploads = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM uploads WHERE bucket = ?');
  // Parts of uploads in progress (a completed object's parts belong to the object).
  const parts = db.prepare<[string], { n: number; bytes: number }>(
    'SELECT COUNT(*) AS n, COALESCE(SUM(p.size), 0) AS bytes FROM parts p JOIN uploads u ON u.upload_id = p.upload_id WHERE u.bucket = ?',
  );
  return (bucket) => {
    const part = parts.get(bucket)!;
    return { objects: objects.all(bucket), uploads: uploads.get(bucket)!.n, parts: part.n, partBytes: part.bytes };
  };
}
