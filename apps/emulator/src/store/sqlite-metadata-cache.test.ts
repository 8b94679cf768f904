// The bucket rows and configuration documents the SQLite store keeps in memory: every write that
// may change them must be seen by the next read.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/harness.js';
import type { MetadataStore } from './metadata-store.js';
import { openSqliteMetadataStore } from './sqlite-metadata-store.js';

const bucket = (name: string) => ({ name, acl: 'private' as const, storageClass: 'Standard', createdAt: new Date(0) });

describe('SQLite metadata store: cached bucket rows and configurations', () => {
  let meta: MetadataStore;
  let remove: () => Promise<void>;
  beforeEach(async () => {
    const tmp = await tempDir();
    remove = tmp.remove;
    meta = openSqliteMetadataStore(join(tmp.dir, 'db.sqlite'));
  });
  afterEach(async () => {
    meta.close();
    await remove();
  });

  it('a configuration read again after put, replace and delete is the stored one', () => {
    meta.createBucket(bucket('b'));
    expect(meta.getBucketConfig('b', 'cors')).toBeUndefined();
    expect(meta.putBucketConfig('b', 'cors', '<one/>')).toBe(true);
    expect(meta.getBucketConfig('b', 'cors')).toBe('<one/>');
    meta.putBucketConfig('b', 'cors', '<two/>');
    expect(meta.getBucketConfig('b', 'cors')).toBe('<two/>');
    meta.deleteBucketConfig('b', 'cors');
    expect(meta.getBucketConfig('b', 'cors')).toBeUndefined();
  });

  it('a bucket deleted and created again has none of its old configurations, and its new ACL', () => {
    meta.createBucket(bucket('b'));
    meta.putBucketConfig('b', 'cors', '<one/>');
    meta.putBucketConfig('b', 'website', '<site/>');
    expect(meta.getBucketConfig('b', 'website')).toBe('<site/>');
    expect(meta.getBucket('b')?.acl).toBe('private');
    expect(meta.deleteBucket('b')).toBe('deleted');
    expect(meta.getBucket('b')).toBeUndefined();
    meta.createBucket({ ...bucket('b'), acl: 'public-read' });
    expect(meta.getBucket('b')?.acl).toBe('public-read');
    expect(meta.getBucketConfig('b', 'cors')).toBeUndefined();
    expect(meta.getBucketConfig('b', 'website')).toBeUndefined();
  });

  it('setBucketAcl and clearAll are seen by the next read; a bucket created after a miss is found', () => {
    expect(meta.getBucket('b')).toBeUndefined();
    meta.createBucket(bucket('b'));
    expect(meta.getBucket('b')?.acl).toBe('private');
    meta.setBucketAcl('b', 'public-read-write');
    expect(meta.getBucket('b')?.acl).toBe('public-read-write');
    meta.putBucketConfig('b', 'cors', '<one/>');
    expect(meta.getBucketConfig('b', 'cors')).toBe('<one/>');
    meta.clearAll();
    expect(meta.getBucket('b')).toBeUndefined();
    expect(meta.getBucketConfig('b', 'cors')).toBeUndefined();
  });

  it('a configuration put for a missing bucket is refused and not remembered', () => {
    expect(meta.getBucketConfig('gone', 'cors')).toBeUndefined();
    expect(meta.putBucketConfig('gone', 'cors', '<one/>')).toBe(false);
    expect(meta.getBucketConfig('gone', 'cors')).toBeUndefined();
  });
});
