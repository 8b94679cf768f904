/**
 * ListObjects and ListMultipartUploads pages over the SQLite metadata store. Listing walks the
 * primary-key index with range queries, skipping a whole common prefix per query, so a page costs
 * O(page size) queries whatever the bucket size.
 */
import type Database from 'better-sqlite3';
import type { ListObjectsPage, ListObjectsQuery, ListUploadsPage, ListUploadsQuery, ObjectRecord, UploadRecord } from './metadata-store.js';
import { commonPrefixOf, compareKeys, prefixUpperBound } from './key-order.js';
import type { ObjectRow, UploadRow } from './sqlite-rows.js';
import { toObject, toUpload } from './sqlite-rows.js';

const LIST_BATCH = 1000;

/** The two listings, with their statements prepared on `db`. */
export function sqliteListings(db: Database.Database) {
  // Four variants of the listing scan: lower bound inclusive or exclusive, with or without an upper bound.
  const scanObjects = new Map<string, Database.Statement<unknown[], ObjectRow>>();
  function scan(inclusive: boolean, upper: boolean): Database.Statement<unknown[], ObjectRow> {
    const id = `${inclusive}:${upper}`;
    let stmt = scanObjects.get(id);
    if (!stmt) {
      stmt = db.prepare<unknown[], ObjectRow>(
        `SELECT * FROM objects WHERE bucket = ? AND key ${inclusive ? '>=' : '>'} ?${upper ? ' AND key < ?' : ''}
         ORDER BY key LIMIT ?`,
      );
      scanObjects.set(id, stmt);
    }
    return stmt;
  }
  const uploadsOf = db.prepare<[string], UploadRow>('SELECT * FROM uploads WHERE bucket = ? ORDER BY key, upload_id');

  function listObjectsPage(q: ListObjectsQuery): ListObjectsPage {
    const upper = q.prefix === '' ? undefined : prefixUpperBound(q.prefix);
    let bound: { key: string; inclusive: boolean } | undefined =
      compareKeys(q.after, q.prefix) >= 0 ? { key: q.after, inclusive: false } : { key: q.prefix, inclusive: true };
    // A marker inside a common prefix (e.g. NextMarker "dir/") means that whole prefix was listed.
    const markerPrefix = commonPrefixOf(q.after, q.prefix, q.delimiter);
    if (markerPrefix !== undefined) {
      const next = prefixUpperBound(markerPrefix);
      bound = next === undefined ? undefined : { key: next, inclusive: true };
    }

    const objects: ObjectRecord[] = [];
    const commonPrefixes: string[] = [];
    let last: string | undefined;
    let isTruncated = false;
    scanning: while (bound) {
      const count = objects.length + commonPrefixes.length;
      const limit = Math.min(q.maxKeys - count + 1, LIST_BATCH);
      const params: unknown[] = [q.bucket, bound.key];
      if (upper !== undefined) params.push(upper);
      params.push(limit);
      // Lazily stepped: after a common prefix the scan restarts past it, so unread rows cost nothing.
      let read = 0;
      for (const row of scan(bound.inclusive, upper !== undefined).iterate(...params)) {
        read++;
        if (objects.length + commonPrefixes.length === q.maxKeys) {
          isTruncated = true;
          break scanning;
        }
        const prefix = commonPrefixOf(row.key, q.prefix, q.delimiter);
        if (prefix !== undefined) {
          commonPrefixes.push(prefix);
          last = prefix;
          const next = prefixUpperBound(prefix);
          bound = next === undefined ? undefined : { key: next, inclusive: true };
          continue scanning;
        }
        objects.push(toObject(row));
        last = row.key;
        bound = { key: row.key, inclusive: false };
      }
      if (read < limit) break;
    }
    return { objects, commonPrefixes, isTruncated, ...(isTruncated && last !== undefined ? { nextMarker: last } : {}) };
  }

  function listUploadsPage(q: ListUploadsQuery): ListUploadsPage {
    // Unfinished uploads are few, so one ordered scan filtered here is enough.
    const rows = uploadsOf.iterate(q.bucket);
    const uploads: UploadRecord[] = [];
    const commonPrefixes: string[] = [];
    let isTruncated = false;
    let nextKeyMarker = '';
    let nextUploadIdMarker = '';
    // As in listObjectsPage: a key-marker inside a common prefix (NextKeyMarker "b/" after a page
    // that ended with that prefix) means the whole prefix was listed; its later keys must not
    // bring it back on the next page.
    const markerPrefix = commonPrefixOf(q.keyMarker, q.prefix, q.delimiter);
    for (const row of rows) {
      if (!row.key.startsWith(q.prefix)) continue;
      if (markerPrefix !== undefined && row.key.startsWith(markerPrefix)) continue;
      const order = compareKeys(row.key, q.keyMarker);
      if (order < 0) continue;
      if (order === 0 && (q.uploadIdMarker === '' || row.upload_id <= q.uploadIdMarker)) continue;
      const prefix = commonPrefixOf(row.key, q.prefix, q.delimiter);
      if (prefix !== undefined && commonPrefixes[commonPrefixes.length - 1] === prefix) continue;
      if (uploads.length + commonPrefixes.length === q.maxUploads) {
        isTruncated = true;
        break;
      }
      if (prefix !== undefined) {
        commonPrefixes.push(prefix);
        nextKeyMarker = prefix;
        nextUploadIdMarker = '';
      } else {
        uploads.push(toUpload(row));
        nextKeyMarker = row.key;
        nextUploadIdMarker = row.upload_id;
      }
    }
    // The last entry listed, truncated or not, as OSS answers (the ListMultipartUploads example;
    // the official Java SDK's UploadPartTest, against OSS, reads the one upload's key and id back).
    return { uploads, commonPrefixes, isTruncated, nextKeyMarker, nextUploadIdMarker };
  }

  return { listObjectsPage, listUploadsPage };
}
