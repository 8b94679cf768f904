import { beforeEach, describe, expect, it } from 'vitest';
import {
  parseAccessControlPolicy,
  parseBucketInfo,
  parseErrorXml,
  parseListBucketsResult,
  parseListObjectsResult,
  parseListObjectsV2Result,
  parseLocationConstraint,
} from '@ossbox/protocol';
import type { TestApp } from '../test-support/harness.js';
import { createTestApp, oss, useTestApp } from '../test-support/harness.js';

const B = 'examplebucket';

describe('bucket operations', () => {
  const t = useTestApp();

  it('PutBucket, ListBuckets, GetBucketInfo, GetBucketLocation', async () => {
    expect((await oss(t.app, 'PUT', { bucket: 'second-bucket', headers: { 'x-oss-acl': 'public-read' } })).status).toBe(200);
    const list = parseListBucketsResult((await oss(t.app, 'GET')).text);
    expect(list.buckets.map((b) => b.name)).toEqual(['examplebucket', 'second-bucket']);
    expect(list.buckets[0]).toMatchObject({ location: 'oss-cn-hangzhou', region: 'cn-hangzhou' });
    const paged = parseListBucketsResult((await oss(t.app, 'GET', { query: { 'max-keys': '1' } })).text);
    expect(paged).toMatchObject({ isTruncated: true, nextMarker: 'examplebucket' });
    expect(paged.buckets).toHaveLength(1);
    const info = parseBucketInfo((await oss(t.app, 'GET', { bucket: 'second-bucket', query: { bucketInfo: '' } })).text);
    expect(info).toMatchObject({ name: 'second-bucket', acl: 'public-read', storageClass: 'Standard' });
    const location = await oss(t.app, 'GET', { bucket: B, query: { location: '' } });
    expect(parseLocationConstraint(location.text)).toBe('oss-cn-hangzhou');
  });

  it('PutBucket with a CreateBucketConfiguration body', async () => {
    const body = '<CreateBucketConfiguration><StorageClass>IA</StorageClass></CreateBucketConfiguration>';
    await oss(t.app, 'PUT', { bucket: 'ia-bucket', body, headers: { 'Content-Type': 'application/xml' } }).expect(200);
    const info = parseBucketInfo((await oss(t.app, 'GET', { bucket: 'ia-bucket', query: { bucketInfo: '' } })).text);
    expect(info.storageClass).toBe('IA');
  });

  // PutBucket reference: CreateBucketConfiguration/DataRedundancyType LRS (default) or ZRS, which
  // GetBucketInfo reports (the Go SDK v2's PutBucket sends it, e.g. its mock test's
  // <DataRedundancyType>LRS</DataRedundancyType>).
  it('PutBucket keeps DataRedundancyType ZRS for GetBucketInfo; LRS by default; another value is InvalidArgument', async () => {
    const info = async (bucket: string) =>
      parseBucketInfo((await oss(t.app, 'GET', { bucket, query: { bucketInfo: '' } })).text).dataRedundancyType;
    const body = (type: string) =>
      `<CreateBucketConfiguration><StorageClass>Standard</StorageClass><DataRedundancyType>${type}</DataRedundancyType></CreateBucketConfiguration>`;
    await oss(t.app, 'PUT', { bucket: 'zrs-bucket', body: body('ZRS'), headers: { 'Content-Type': 'application/xml' } }).expect(200);
    expect(await info('zrs-bucket')).toBe('ZRS');
    await oss(t.app, 'PUT', { bucket: 'lrs-bucket', body: body('LRS'), headers: { 'Content-Type': 'application/xml' } }).expect(200);
    expect(await info('lrs-bucket')).toBe('LRS');
    expect(await info(B)).toBe('LRS');
    const bad = await oss(t.app, 'PUT', { bucket: 'xrs-bucket', body: body('XRS'), headers: { 'Content-Type': 'application/xml' } });
    expect(bad.status).toBe(400);
    expect(parseErrorXml(bad.text)).toMatchObject({ code: 'InvalidArgument', details: { ArgumentName: 'DataRedundancyType', ArgumentValue: 'XRS' } });
    expect((await oss(t.app, 'GET', { bucket: 'xrs-bucket', query: { bucketInfo: '' } })).status).toBe(404);
  });

  // ListBuckets reference, x-oss-resource-group-id: a group id lists that group's buckets,
  // rg-default-id or an empty value the default group's; without the header the answer carries no
  // resource group (which the official Go and Python SDK v2 read as ResourceGroupId when sent).
  // Every emulator bucket is in the default group (GetBucketInfo's rg-default-id).
  it('ListBuckets with x-oss-resource-group-id lists the default group\'s buckets with their ResourceGroupId, another group none', async () => {
    await oss(t.app, 'PUT', { bucket: 'second-bucket' }).expect(200);
    const listed = async (group?: string) =>
      (await oss(t.app, 'GET', group === undefined ? {} : { headers: { 'x-oss-resource-group-id': group } })).text;
    expect(await listed()).not.toContain('ResourceGroupId');
    for (const group of ['rg-default-id', '']) {
      const xml = await listed(group);
      expect(parseListBucketsResult(xml).buckets.map((b) => [b.name, b.resourceGroupId])).toEqual([
        [B, 'rg-default-id'],
        ['second-bucket', 'rg-default-id'],
      ]);
      expect([...xml.matchAll(/^ {6}<(\w+)>/gm)].map((m) => m[1]).slice(0, 8)).toEqual([
        'CreationDate',
        'ExtranetEndpoint',
        'IntranetEndpoint',
        'Location',
        'Name',
        'Region',
        'ResourceGroupId',
        'StorageClass',
      ]);
    }
    expect(parseListBucketsResult(await listed('rg-aek27tc1234')).buckets).toEqual([]);
  });

  it('rejects invalid bucket names with InvalidBucketName', async () => {
    for (const name of ['ab', 'Upper', '-dash', 'under_score', 'a'.repeat(64)]) {
      const res = await oss(t.app, 'PUT', { bucket: name });
      expect(res.status).toBe(400);
      expect(parseErrorXml(res.text)?.code).toBe('InvalidBucketName');
    }
  });

  it('DeleteBucket: 204, BucketNotEmpty with objects or uploads, NoSuchBucket', async () => {
    await oss(t.app, 'PUT', { bucket: 'tmp-bucket' }).expect(200);
    await oss(t.app, 'PUT', { bucket: 'tmp-bucket', key: 'k', body: 'x' }).expect(200);
    const full = await oss(t.app, 'DELETE', { bucket: 'tmp-bucket' });
    expect(full.status).toBe(409);
    expect(parseErrorXml(full.text)?.code).toBe('BucketNotEmpty');
    await oss(t.app, 'DELETE', { bucket: 'tmp-bucket', key: 'k' }).expect(204);
    await oss(t.app, 'POST', { bucket: 'tmp-bucket', key: 'u', query: { uploads: '' } }).expect(200);
    expect((await oss(t.app, 'DELETE', { bucket: 'tmp-bucket' })).status).toBe(409);
    const uploads = (await oss(t.app, 'GET', { bucket: 'tmp-bucket', query: { uploads: '' } })).text;
    const uploadId = /<UploadId>([0-9A-F]+)<\/UploadId>/.exec(uploads)![1]!;
    await oss(t.app, 'DELETE', { bucket: 'tmp-bucket', key: 'u', query: { uploadId } }).expect(204);
    expect((await oss(t.app, 'DELETE', { bucket: 'tmp-bucket' })).status).toBe(204);
    const gone = await oss(t.app, 'DELETE', { bucket: 'tmp-bucket' });
    expect(gone.status).toBe(404);
    expect(parseErrorXml(gone.text)?.code).toBe('NoSuchBucket');
  });

  it('Put/GetBucketAcl', async () => {
    await oss(t.app, 'PUT', { bucket: B, query: { acl: '' }, headers: { 'x-oss-acl': 'public-read-write' } }).expect(200);
    const acl = parseAccessControlPolicy((await oss(t.app, 'GET', { bucket: B, query: { acl: '' } })).text);
    expect(acl.grant).toBe('public-read-write');
    const bad = await oss(t.app, 'PUT', { bucket: B, query: { acl: '' }, headers: { 'x-oss-acl': 'default' } });
    expect(parseErrorXml(bad.text)?.code).toBe('InvalidArgument');
  });

  it('unsupported sub-resources are 501 NotImplemented, unknown methods 405', async () => {
    const res = await oss(t.app, 'GET', { bucket: B, query: { replication: '' } });
    expect(res.status).toBe(501);
    expect(parseErrorXml(res.text)?.code).toBe('NotImplemented');
    const put = await oss(t.app, 'PUT');
    expect(put.status).toBe(405);
  });

  describe('ListObjects', () => {
    const keys = ['a', 'b/1', 'b/2', 'b/c/3', 'c', 'd+e', 'd e', 'é', '😀'];
    beforeEach(async () => {
      for (const key of keys) await oss(t.app, 'PUT', { bucket: B, key, body: key }).expect(200);
    });
    const list = async (query: Record<string, string>) =>
      parseListObjectsResult((await oss(t.app, 'GET', { bucket: B, query })).text);

    it('lists in UTF-8 byte order with sizes, ETags and owner', async () => {
      const all = await list({});
      expect(all.contents.map((c) => c.key)).toEqual(['a', 'b/1', 'b/2', 'b/c/3', 'c', 'd e', 'd+e', 'é', '😀']);
      expect(all.contents[0]).toMatchObject({ size: 1, type: 'Normal', storageClass: 'Standard' });
      expect(all.contents[0]!.etag).toMatch(/^"[0-9A-F]{32}"$/);
      expect(all.maxKeys).toBe(100);
      expect(all.isTruncated).toBe(false);
    });

    it('prefix + delimiter give common prefixes', async () => {
      const top = await list({ delimiter: '/' });
      expect(top.commonPrefixes).toEqual(['b/']);
      expect(top.contents.map((c) => c.key)).toEqual(['a', 'c', 'd e', 'd+e', 'é', '😀']);
      const inB = await list({ delimiter: '/', prefix: 'b/' });
      expect(inB.contents.map((c) => c.key)).toEqual(['b/1', 'b/2']);
      expect(inB.commonPrefixes).toEqual(['b/c/']);
    });

    it('marker paging walks every entry once, common prefixes included', async () => {
      const seen: string[] = [];
      let marker = '';
      for (let i = 0; i < 20; i++) {
        const page = await list({ delimiter: '/', 'max-keys': '2', marker });
        seen.push(...page.contents.map((c) => c.key), ...page.commonPrefixes);
        if (!page.isTruncated) break;
        marker = page.nextMarker!;
      }
      expect(seen.sort()).toEqual(['a', 'b/', 'c', 'd e', 'd+e', 'é', '😀'].sort());
    });

    it('encoding-type=url encodes keys and prefixes', async () => {
      const res = await oss(t.app, 'GET', { bucket: B, query: { 'encoding-type': 'url', prefix: 'd' } });
      expect(res.text).toContain('<Key>d%20e</Key>');
      expect(res.text).toContain('<Key>d%2Be</Key>');
      expect(parseListObjectsResult(res.text).contents.map((c) => c.key)).toEqual(['d e', 'd+e']);
    });

    it('rejects bad max-keys and encoding-type', async () => {
      const queries: Record<string, string>[] = [{ 'max-keys': '1001' }, { 'max-keys': '-1' }, { 'encoding-type': 'base64' }];
      for (const query of queries) {
        const res = await oss(t.app, 'GET', { bucket: B, query });
        expect(parseErrorXml(res.text)?.code).toBe('InvalidArgument');
      }
    });

    it('ListObjectsV2 with continuation tokens, start-after, key count and fetch-owner', async () => {
      const first = parseListObjectsV2Result((await oss(t.app, 'GET', { bucket: B, query: { 'list-type': '2', 'max-keys': '3' } })).text);
      expect(first.keyCount).toBe(3);
      expect(first.isTruncated).toBe(true);
      expect(first.contents[0]!.owner).toBeUndefined();
      const second = parseListObjectsV2Result(
        (
          await oss(t.app, 'GET', {
            bucket: B,
            query: { 'list-type': '2', 'continuation-token': first.nextContinuationToken!, 'fetch-owner': 'true' },
          })
        ).text,
      );
      expect(second.contents.map((c) => c.key)).toEqual(['b/c/3', 'c', 'd e', 'd+e', 'é', '😀']);
      expect(second.contents[0]!.owner).toBeDefined();
      const after = parseListObjectsV2Result((await oss(t.app, 'GET', { bucket: B, query: { 'list-type': '2', 'start-after': 'd+e' } })).text);
      expect(after.contents.map((c) => c.key)).toEqual(['é', '😀']);
      const badToken = await oss(t.app, 'GET', { bucket: B, query: { 'list-type': '2', 'continuation-token': '!!' } });
      expect(parseErrorXml(badToken.text)?.code).toBe('InvalidArgument');
    });
  });

  describe('PutBucket on an existing bucket', () => {
    const OTHER = { accessKeyId: 'other-key', accessKeySecret: 'other-secret' };
    const aclOf = async (app: TestApp['app'], bucket: string) =>
      parseAccessControlPolicy((await oss(app, 'GET', { bucket, query: { acl: '' } }).expect(200)).text).grant;

    it('re-creating a bucket the caller owns succeeds and applies x-oss-acl (Go SDK v1 SetBucketACL)', async () => {
      await oss(t.app, 'PUT', { bucket: B, key: 'kept.txt', body: 'kept' }).expect(200);
      const res = await oss(t.app, 'PUT', { bucket: B, headers: { 'x-oss-acl': 'public-read' } });
      expect(res.status).toBe(200);
      expect(res.headers.location).toBe(`/${B}`);
      expect(await aclOf(t.app, B)).toBe('public-read');
      // Without x-oss-acl the ACL stays; nothing in the bucket is touched.
      await oss(t.app, 'PUT', { bucket: B }).expect(200);
      expect(await aclOf(t.app, B)).toBe('public-read');
      expect((await oss(t.app, 'GET', { bucket: B, key: 'kept.txt' }).expect(200)).text).toBe('kept');
      // Buckets made by PutBucket behave the same.
      await oss(t.app, 'PUT', { bucket: 'second-bucket' }).expect(200);
      await oss(t.app, 'PUT', { bucket: 'second-bucket', headers: { 'x-oss-acl': 'public-read-write' } }).expect(200);
      expect(await aclOf(t.app, 'second-bucket')).toBe('public-read-write');
    });

    it('a bucket of another key pair stays 409 BucketAlreadyExists, unchanged', async () => {
      const two = await createTestApp({ accessKeys: [{ accessKeyId: 'ossbox', accessKeySecret: 'ossbox-secret' }, OTHER] });
      try {
        await oss(two.app, 'PUT', { bucket: 'mine', credentials: OTHER }).expect(200);
        // 'examplebucket' was created at start-up: it belongs to the first key pair.
        for (const [bucket, credentials] of [
          ['mine', undefined],
          [B, OTHER],
        ] as const) {
          const res = await oss(two.app, 'PUT', { bucket, headers: { 'x-oss-acl': 'public-read' }, ...(credentials ? { credentials } : {}) });
          expect(res.status).toBe(409);
          expect(parseErrorXml(res.text)).toMatchObject({ code: 'BucketAlreadyExists', ec: '0015-00000102' });
          expect(await aclOf(two.app, bucket)).toBe('private');
        }
      } finally {
        await two.close();
      }
    });

    it('asking an existing bucket for another storage class is 409; the same one is fine', async () => {
      const config = (storageClass: string) => ({
        bucket: B,
        body: `<CreateBucketConfiguration><StorageClass>${storageClass}</StorageClass></CreateBucketConfiguration>`,
        headers: { 'Content-Type': 'application/xml' },
      });
      const res = await oss(t.app, 'PUT', config('IA'));
      expect(res.status).toBe(409);
      expect(parseErrorXml(res.text)).toMatchObject({ code: 'BucketAlreadyExists', message: "Cannot modify existing bucket's storage class" });
      await oss(t.app, 'PUT', config('Standard')).expect(200);
    });

    it('PutBucketAcl on a missing bucket creates it (PutBucketAcl reference)', async () => {
      await oss(t.app, 'PUT', { bucket: 'acl-made', query: { acl: '' }, headers: { 'x-oss-acl': 'public-read' } }).expect(200);
      expect(await aclOf(t.app, 'acl-made')).toBe('public-read');
      expect(parseListBucketsResult((await oss(t.app, 'GET')).text).buckets.map((b) => b.name)).toContain('acl-made');
    });
  });
});
