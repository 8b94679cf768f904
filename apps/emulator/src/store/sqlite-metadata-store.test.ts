import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/harness.js';
import type { MetadataStore, ObjectRecord } from './metadata-store.js';
import { openSqliteMetadataStore } from './sqlite-metadata-store.js';
import { join } from 'node:path';
import Database from 'better-sqlite3';

function record(key: string, blobId = `blob-${key}`): ObjectRecord {
  return {
    bucket: 'b',
    key,
    blobId,
    size: 1,
    etag: 'E',
    crc64: '0',
    type: 'Normal',
    storageClass: 'Standard',
    acl: 'default',
    lastModified: new Date(0),
    contentType: 'application/octet-stream',
    userMeta: {},
  };
}

describe('SQLite metadata store', () => {
  let meta: MetadataStore;
  let remove: () => Promise<void>;
  beforeEach(async () => {
    const tmp = await tempDir();
    remove = tmp.remove;
    meta = openSqliteMetadataStore(join(tmp.dir, 'db.sqlite'));
    meta.createBucket({ name: 'b', acl: 'private', storageClass: 'Standard', createdAt: new Date() });
  });
  afterEach(async () => {
    meta.close();
    await remove();
  });

  const keysOf = (q: Partial<Parameters<MetadataStore['listObjects']>[0]>) =>
    meta.listObjects({ bucket: 'b', prefix: '', delimiter: '', after: '', maxKeys: 1000, ...q });

  it('orders keys by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF01 is EF BC 81 in UTF-8 but sorts after the surrogate pair of U+1F600 in UTF-16.
    for (const key of ['😀', '\uff01', 'z']) meta.putObject(record(key));
    expect(keysOf({}).objects.map((o) => o.key)).toEqual(['z', '\uff01', '😀']);
    expect(keysOf({ after: '\uff01' }).objects.map((o) => o.key)).toEqual(['😀']);
  });

  it('row swap returns the replaced blob; forbidOverwrite leaves the row alone', () => {
    expect(meta.putObject(record('k', 'one'))).toEqual({ unreferencedBlobIds: [] });
    expect(meta.putObject(record('k', 'two'))).toEqual({ unreferencedBlobIds: ['one'] });
    expect(meta.putObject(record('k', 'three'), { forbidOverwrite: true })).toBe('exists');
    expect(meta.getObject('b', 'k')?.blobId).toBe('two');
    expect(meta.putObject({ ...record('k'), bucket: 'gone' })).toBe('no-bucket');
    expect(meta.getObject('gone', 'k')).toBeUndefined();
  });

  it('skips whole common prefixes and pages through them with markers', () => {
    for (let d = 0; d < 5; d++) for (let f = 0; f < 50; f++) meta.putObject(record(`dir${d}/f${String(f).padStart(2, '0')}`));
    meta.putObject(record('top'));
    const page = keysOf({ delimiter: '/', maxKeys: 3 });
    expect(page.commonPrefixes).toEqual(['dir0/', 'dir1/', 'dir2/']);
    expect(page).toMatchObject({ isTruncated: true, nextMarker: 'dir2/' });
    const next = keysOf({ delimiter: '/', maxKeys: 3, after: page.nextMarker! });
    expect(next.commonPrefixes).toEqual(['dir3/', 'dir4/']);
    expect(next.objects.map((o) => o.key)).toEqual(['top']);
    expect(next.isTruncated).toBe(false);
    // A marker inside a prefix group skips the rest of that group.
    expect(keysOf({ delimiter: '/', after: 'dir3/f10' }).commonPrefixes).toEqual(['dir4/']);
  });

  it('truncation is exact at the page boundary', () => {
    for (const key of ['a', 'b', 'c']) meta.putObject(record(key));
    expect(keysOf({ maxKeys: 3 }).isTruncated).toBe(false);
    expect(keysOf({ maxKeys: 2 })).toMatchObject({ isTruncated: true, nextMarker: 'b' });
  });

  it('prefix ranges stop at the prefix end', () => {
    for (const key of ['ab', 'abc', 'abd', 'ac', 'a']) meta.putObject(record(key));
    expect(keysOf({ prefix: 'ab' }).objects.map((o) => o.key)).toEqual(['ab', 'abc', 'abd']);
    expect(keysOf({ prefix: 'ab', after: 'abc' }).objects.map((o) => o.key)).toEqual(['abd']);
    expect(keysOf({ prefix: 'ab', after: 'a' }).objects.map((o) => o.key)).toEqual(['ab', 'abc', 'abd']);
  });

  it('completeUpload refuses when a part changed or the upload is gone', () => {
    meta.createUpload({
      bucket: 'b',
      key: 'k',
      uploadId: 'U1',
      initiated: new Date(),
      meta: { contentType: 'x', userMeta: {} },
      acl: 'default',
      storageClass: 'Standard',
    });
    const part = { uploadId: 'U1', partNumber: 1, blobId: 'p1', size: 1, etag: 'E', crc64: '0', lastModified: new Date() };
    expect(meta.putPart(part)).toEqual({ unreferencedBlobIds: [] });
    const complete = multipartRecord('k', ['p1']);
    expect(meta.completeUpload('U1', new Map([[1, 'other']]), complete)).toBe('changed');
    expect(meta.completeUpload('U1', new Map([[1, 'p1']]), complete)).toEqual({ unreferencedBlobIds: [] });
    expect(meta.completeUpload('U1', new Map([[1, 'p1']]), complete)).toBe('gone');
    expect(meta.putPart(part)).toBeUndefined();
  });

  function upload(id: string, key: string, blobIds: string[]) {
    meta.createUpload({
      bucket: 'b',
      key,
      uploadId: id,
      initiated: new Date(),
      meta: { contentType: 'x', userMeta: {} },
      acl: 'default',
      storageClass: 'Standard',
    });
    blobIds.forEach((blobId, i) =>
      meta.putPart({ uploadId: id, partNumber: i + 1, blobId, size: 1, etag: 'E', crc64: '0', lastModified: new Date() }),
    );
  }

  function multipartRecord(key: string, blobIds: string[]): ObjectRecord {
    return { ...record(key, ''), type: 'Multipart', size: blobIds.length, parts: blobIds.map((blobId) => ({ blobId, size: 1 })) };
  }

  it('a completed object is the list of its parts; parts left out and a replaced object are freed', () => {
    meta.putObject(record('k', 'old'));
    upload('U1', 'k', ['p1', 'p2', 'p3']);
    const outcome = meta.completeUpload(
      'U1',
      new Map([
        [1, 'p1'],
        [3, 'p3'],
      ]),
      multipartRecord('k', ['p1', 'p3']),
    );
    expect(outcome).toEqual({ unreferencedBlobIds: ['p2', 'old'] });
    expect(meta.getObject('b', 'k')).toMatchObject({ blobId: '', parts: [{ blobId: 'p1', size: 1 }, { blobId: 'p3', size: 1 }] });
    // Listings carry no parts.
    expect(keysOf({}).objects[0]!.parts).toBeUndefined();
    expect(meta.referencedBlobIds()).toEqual(new Set(['p1', 'p3']));
  });

  it('copies share part blobs, which are freed with the last object referring to them', () => {
    upload('U1', 'src', ['p1', 'p2']);
    meta.completeUpload('U1', new Map([[1, 'p1'], [2, 'p2']]), multipartRecord('src', ['p1', 'p2']));
    const source = meta.getObject('b', 'src')!;
    expect(meta.putObject({ ...source, key: 'copy' })).toEqual({ unreferencedBlobIds: [] });
    // Copied onto itself (metadata REPLACE): nothing is freed.
    expect(meta.putObject({ ...source, contentType: 'text/plain' })).toEqual({ unreferencedBlobIds: [] });
    expect(meta.deleteObject('b', 'src')).toEqual([]);
    expect(meta.getObject('b', 'copy')?.parts).toEqual(source.parts);
    expect(meta.putObject(record('copy', 'single'))).toEqual({ unreferencedBlobIds: ['p1', 'p2'] });
    expect(meta.referencedBlobIds()).toEqual(new Set(['single']));
    // A copy whose source was deleted meanwhile (its parts freed) is refused.
    expect(meta.putObject({ ...source, key: 'late' })).toBe('changed');
    expect(meta.getObject('b', 'late')).toBeUndefined();
  });

  it('deleteObject and clearAll return the part blobs', () => {
    upload('U1', 'a', ['p1']);
    meta.completeUpload('U1', new Map([[1, 'p1']]), multipartRecord('a', ['p1']));
    upload('U2', 'b', ['p2']);
    meta.completeUpload('U2', new Map([[1, 'p2']]), multipartRecord('b', ['p2']));
    upload('U3', 'c', ['p3']);
    meta.putObject(record('n', 'single'));
    expect(meta.deleteObject('b', 'a')).toEqual(['p1']);
    expect(meta.deleteObject('b', 'a')).toBeUndefined();
    expect(new Set(meta.clearAll())).toEqual(new Set(['p2', 'p3', 'single']));
    expect(meta.referencedBlobIds()).toEqual(new Set());
  });

  it('records who created a bucket; start-up buckets have no recorded owner', () => {
    expect(meta.getBucket('b')?.owner).toBeUndefined();
    meta.createBucket({ name: 'c', acl: 'private', storageClass: 'Standard', createdAt: new Date(), owner: 'key-2' });
    expect(meta.getBucket('c')?.owner).toBe('key-2');
    expect(meta.listBuckets('', '', 10).buckets.map((b) => b.owner)).toEqual([undefined, 'key-2']);
  });

  // Bucket rows and configuration documents are kept in memory: every write that may change them
  // must be seen by the next read. ('b' exists from beforeEach; 'c' is made by the tests.)
  describe('cached bucket rows and configurations', () => {
    const bucket = (name: string, acl: 'private' | 'public-read' = 'private') => ({
      name,
      acl,
      storageClass: 'Standard',
      createdAt: new Date(0),
    });

    it('a configuration read again after put, replace and delete is the stored one', () => {
      expect(meta.getBucketConfig('b', 'cors')).toBeUndefined();
      expect(meta.putBucketConfig('b', 'cors', '<one/>')).toBe(true);
      expect(meta.getBucketConfig('b', 'cors')).toBe('<one/>');
      meta.putBucketConfig('b', 'cors', '<two/>');
      expect(meta.getBucketConfig('b', 'cors')).toBe('<two/>');
      meta.deleteBucketConfig('b', 'cors');
      expect(meta.getBucketConfig('b', 'cors')).toBeUndefined();
    });

    it('a bucket deleted and created again has none of its old configurations, and its new ACL', () => {
      meta.createBucket(bucket('c'));
      meta.putBucketConfig('c', 'cors', '<one/>');
      meta.putBucketConfig('c', 'website', '<site/>');
      expect(meta.getBucketConfig('c', 'website')).toBe('<site/>');
      expect(meta.getBucket('c')?.acl).toBe('private');
      expect(meta.deleteBucket('c')).toBe('deleted');
      expect(meta.getBucket('c')).toBeUndefined();
      meta.createBucket(bucket('c', 'public-read'));
      expect(meta.getBucket('c')?.acl).toBe('public-read');
      expect(meta.getBucketConfig('c', 'cors')).toBeUndefined();
      expect(meta.getBucketConfig('c', 'website')).toBeUndefined();
    });

    it('setBucketAcl and clearAll are seen by the next read; a bucket created after a miss is found', () => {
      expect(meta.getBucket('c')).toBeUndefined();
      meta.createBucket(bucket('c'));
      expect(meta.getBucket('c')?.acl).toBe('private');
      meta.setBucketAcl('c', 'public-read-write');
      expect(meta.getBucket('c')?.acl).toBe('public-read-write');
      meta.putBucketConfig('c', 'cors', '<one/>');
      expect(meta.getBucketConfig('c', 'cors')).toBe('<one/>');
      meta.clearAll();
      expect(meta.getBucket('c')).toBeUndefined();
      expect(meta.getBucketConfig('c', 'cors')).toBeUndefined();
    });

    it('a configuration put for a missing bucket is refused and not remembered', () => {
      expect(meta.getBucketConfig('gone', 'cors')).toBeUndefined();
      expect(meta.putBucketConfig('gone', 'cors', '<one/>')).toBe(false);
      expect(meta.getBucketConfig('gone', 'cors')).toBeUndefined();
    });
  });
});

describe('SQLite metadata store over a data directory made before bucket owners', () => {
  it('adds the owner column and keeps the old buckets', async () => {
    const tmp = await tempDir();
    const file = join(tmp.dir, 'db.sqlite');
    try {
      const old = new Database(file);
      old.exec(`CREATE TABLE buckets (name TEXT PRIMARY KEY COLLATE BINARY, acl TEXT NOT NULL,
        storage_class TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO buckets VALUES ('old', 'public-read', 'IA', 0);`);
      old.close();
      const meta = openSqliteMetadataStore(file);
      expect(meta.getBucket('old')).toEqual({ name: 'old', acl: 'public-read', storageClass: 'IA', createdAt: new Date(0) });
      expect(meta.createBucket({ name: 'new', acl: 'private', storageClass: 'Standard', createdAt: new Date(), owner: 'k' })).toBe(true);
      expect(meta.getBucket('new')?.owner).toBe('k');
      meta.close();
    } finally {
      await tmp.remove();
    }
  });
});
