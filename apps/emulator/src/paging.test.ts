/**
 * Paging of every listing (ListObjects v1 and v2, ListMultipartUploads, ListParts, ListBuckets):
 * fetching page after page with the markers the server returns must give exactly one unpaged
 * listing, with nothing repeated or lost, and that listing must be what OSS documents: entries
 * in UTF-8 byte order, keys under `prefix`, each group of keys sharing `prefix` + text up to the
 * first `delimiter` rolled up into one CommonPrefix.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/listobjects
 * https://www.alibabacloud.com/help/en/oss/developer-reference/listmultipartuploads
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fc, fuzz } from '@ossbox/fuzz';
import {
  parseInitiateMultipartUploadResult,
  parseListBucketsResult,
  parseListMultipartUploadsResult,
  parseListObjectsResult,
  parseListObjectsV2Result,
  parseListPartsResult,
} from '@ossbox/protocol';
import type { TestApp } from './test-support/harness.js';
import { createTestApp, oss } from './test-support/harness.js';
import type { Listing } from './test-support/listing-model.js';
import {
  expectedListing,
  keyArbitrary,
  markerInsideGroup,
  pageAll,
  prefixArbitrary,
} from './test-support/listing-model.js';

let t: TestApp;
let server: Server;
/** Requests go to one listening server: supertest would otherwise start a server per request. */
let url: string;
let buckets = 0;
beforeAll(async () => {
  t = await createTestApp({ buckets: [] });
  server = createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

/** A fresh bucket per run, so runs never see each other's keys. */
async function freshBucket(): Promise<string> {
  const bucket = `paging-${++buckets}`;
  await oss(url, 'PUT', { bucket }).expect(200);
  return bucket;
}

async function putKeys(bucket: string, keys: readonly string[]): Promise<void> {
  for (const key of keys) await oss(url, 'PUT', { bucket, key, body: 'x' }).expect(200);
}

async function listV1(bucket: string, query: Record<string, string>) {
  const res = await oss(url, 'GET', { bucket, query: { 'encoding-type': 'url', ...query } }).expect(200);
  return parseListObjectsResult(res.text);
}

async function listV2(bucket: string, query: Record<string, string>) {
  const res = await oss(url, 'GET', {
    bucket,
    query: { 'list-type': '2', 'encoding-type': 'url', ...query },
  }).expect(200);
  return parseListObjectsV2Result(res.text);
}

async function listUploads(bucket: string, query: Record<string, string>) {
  const res = await oss(url, 'GET', {
    bucket,
    query: { uploads: '', 'encoding-type': 'url', ...query },
  }).expect(200);
  return parseListMultipartUploadsResult(res.text);
}

const listing = (objects: { key: string }[], commonPrefixes: string[]): Listing => ({
  keys: objects.map((o) => o.key),
  commonPrefixes,
});

/** Properties make hundreds of requests: generous, since CI machines can be loaded. */
const PROPERTY_TIMEOUT = 120_000;

const delimiterArbitrary = fc.constantFrom('', '/', '/', '-', 'é');
const keysArbitrary = fc.uniqueArray(keyArbitrary, { minLength: 0, maxLength: 12 });

describe('ListObjects paging (property)', () => {
  it(
    'v1 marker/NextMarker and v2 continuation-token pages add up to the unpaged listing',
    async () => {
      await fuzz(
        'ListObjects v1/v2 paging',
        fc.asyncProperty(
          keysArbitrary,
          prefixArbitrary,
          delimiterArbitrary,
          fc.integer({ min: 1, max: 5 }),
          async (keys, prefix, delimiter, maxKeys) => {
            const bucket = await freshBucket();
            await putKeys(bucket, keys);
            const expected = expectedListing(keys, prefix, delimiter);
            const base = { prefix, delimiter };

            const whole = await listV1(bucket, { ...base, 'max-keys': '1000' });
            expect(whole.isTruncated).toBe(false);
            expect(listing(whole.contents, whole.commonPrefixes)).toEqual(expected);

            const v1 = await pageAll(expected, async (marker) => {
              const page = await listV1(bucket, {
                ...base,
                'max-keys': String(maxKeys),
                ...(marker === undefined ? {} : { marker }),
              });
              expect(page.contents.length + page.commonPrefixes.length).toBeLessThanOrEqual(maxKeys);
              return {
                ...listing(page.contents, page.commonPrefixes),
                next: page.isTruncated ? page.nextMarker : undefined,
              };
            });
            expect(v1).toEqual(expected);

            const v2 = await pageAll(expected, async (token) => {
              const page = await listV2(bucket, {
                ...base,
                'max-keys': String(maxKeys),
                ...(token === undefined ? {} : { 'continuation-token': token }),
              });
              expect(page.keyCount).toBe(page.contents.length + page.commonPrefixes.length);
              expect(page.keyCount).toBeLessThanOrEqual(maxKeys);
              return {
                ...listing(page.contents, page.commonPrefixes),
                next: page.isTruncated ? page.nextContinuationToken : undefined,
              };
            });
            expect(v2).toEqual(expected);
          },
        ),
        15,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'a v1 marker or v2 start-after lists exactly what sorts after it',
    async () => {
      await fuzz(
        'ListObjects marker/start-after',
        fc.asyncProperty(
          keysArbitrary,
          prefixArbitrary,
          delimiterArbitrary,
          keyArbitrary,
          async (keys, prefix, delimiter, after) => {
            fc.pre(!markerInsideGroup(keys, prefix, delimiter, after));
            const bucket = await freshBucket();
            await putKeys(bucket, keys);
            const expected = expectedListing(keys, prefix, delimiter, after);
            const query = { prefix, delimiter, 'max-keys': '1000' };
            const v1 = await listV1(bucket, { ...query, marker: after });
            expect(listing(v1.contents, v1.commonPrefixes)).toEqual(expected);
            const v2 = await listV2(bucket, { ...query, 'start-after': after });
            expect(listing(v2.contents, v2.commonPrefixes)).toEqual(expected);
          },
        ),
        15,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('ListMultipartUploads paging (property)', () => {
  it(
    'key-marker/upload-id-marker pages add up to the unpaged listing',
    async () => {
      await fuzz(
        'ListMultipartUploads paging',
        fc.asyncProperty(
          fc.array(keyArbitrary, { minLength: 0, maxLength: 10 }),
          prefixArbitrary,
          delimiterArbitrary,
          fc.integer({ min: 1, max: 4 }),
          async (keys, prefix, delimiter, maxUploads) => {
            const bucket = await freshBucket();
            // Repeated keys give several uploads under one key, which the upload-id-marker pages through.
            const uploads: { key: string; uploadId: string }[] = [];
            for (const key of keys) {
              const res = await oss(url, 'POST', { bucket, key, query: { uploads: '' } }).expect(200);
              uploads.push({ key, uploadId: parseInitiateMultipartUploadResult(res.text).uploadId });
            }
            const expected = expectedListing(keys, prefix, delimiter);
            const base = { prefix, delimiter };
            const ids = (page: { uploads: { key: string; uploadId: string }[] }) =>
              page.uploads.map((u) => `${u.key}\n${u.uploadId}`);

            const whole = await listUploads(bucket, { ...base, 'max-uploads': '1000' });
            expect(whole.isTruncated).toBe(false);
            expect({
              keys: [...new Set(whole.uploads.map((u) => u.key))],
              commonPrefixes: whole.commonPrefixes,
            }).toEqual(expected);
            const listedKeys = new Set(expected.keys);
            expect(ids(whole).sort()).toEqual(
              ids({ uploads: uploads.filter((u) => listedKeys.has(u.key)) }).sort(),
            );

            const seen: string[] = [];
            const commonPrefixes: string[] = [];
            let marker: { key: string; uploadId: string } | undefined;
            for (let pages = 0; ; pages++) {
              expect(pages).toBeLessThanOrEqual(uploads.length + 1);
              const page = await listUploads(bucket, {
                ...base,
                'max-uploads': String(maxUploads),
                ...(marker ? { 'key-marker': marker.key, 'upload-id-marker': marker.uploadId } : {}),
              });
              expect(page.uploads.length + page.commonPrefixes.length).toBeLessThanOrEqual(maxUploads);
              seen.push(...ids(page));
              commonPrefixes.push(...page.commonPrefixes);
              if (!page.isTruncated) break;
              marker = { key: page.nextKeyMarker, uploadId: page.nextUploadIdMarker };
            }
            expect(seen).toEqual(ids(whole));
            expect(commonPrefixes).toEqual(whole.commonPrefixes);
          },
        ),
        15,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('ListParts paging (property)', () => {
  it(
    'part-number-marker pages add up to the unpaged listing',
    async () => {
      const bucket = await freshBucket();
      await fuzz(
        'ListParts paging',
        fc.asyncProperty(
          fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 0, maxLength: 8 }),
          fc.integer({ min: 1, max: 4 }),
          async (partNumbers, maxParts) => {
            const key = 'parts.bin';
            const init = await oss(url, 'POST', { bucket, key, query: { uploads: '' } }).expect(200);
            const { uploadId } = parseInitiateMultipartUploadResult(init.text);
            for (const n of partNumbers) {
              await oss(url, 'PUT', {
                bucket,
                key,
                query: { partNumber: String(n), uploadId },
                body: 'p',
              }).expect(200);
            }
            const list = async (query: Record<string, string>) =>
              parseListPartsResult(
                (await oss(url, 'GET', { bucket, key, query: { uploadId, ...query } }).expect(200)).text,
              );

            const expected = [...partNumbers].sort((a, b) => a - b);
            const whole = await list({});
            expect(whole.parts.map((p) => p.partNumber)).toEqual(expected);
            const seen: number[] = [];
            let marker = 0;
            for (let pages = 0; ; pages++) {
              expect(pages).toBeLessThanOrEqual(expected.length + 1);
              const page = await list({
                'max-parts': String(maxParts),
                'part-number-marker': String(marker),
              });
              expect(page.parts.length).toBeLessThanOrEqual(maxParts);
              seen.push(...page.parts.map((p) => p.partNumber));
              if (!page.isTruncated) break;
              marker = page.nextPartNumberMarker!;
            }
            expect(seen).toEqual(expected);
          },
        ),
        15,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('ListBuckets paging (property)', () => {
  const bucketName = fc
    .array(fc.constantFrom('a', 'b', '0', '-'), { minLength: 3, maxLength: 6 })
    .map((cs) => cs.join(''))
    .filter((name) => !name.startsWith('-') && !name.endsWith('-'));

  it(
    'marker/NextMarker pages add up to the unpaged listing',
    async () => {
      await fuzz(
        'ListBuckets paging',
        fc.asyncProperty(
          fc.uniqueArray(bucketName, { minLength: 0, maxLength: 8 }),
          fc.constantFrom('', 'a', 'b0', '0'),
          fc.integer({ min: 1, max: 4 }),
          async (names, prefix, maxKeys) => {
            const app = await createTestApp({ buckets: [] });
            try {
              for (const bucket of names) await oss(app.app, 'PUT', { bucket }).expect(200);
              const list = async (query: Record<string, string>) =>
                parseListBucketsResult(
                  (await oss(app.app, 'GET', { query: { prefix, ...query } }).expect(200)).text,
                );
              const expected = expectedListing(names, prefix, '').keys;
              expect((await list({ 'max-keys': '1000' })).buckets.map((b) => b.name)).toEqual(expected);
              const seen: string[] = [];
              let marker = '';
              for (let pages = 0; ; pages++) {
                expect(pages).toBeLessThanOrEqual(expected.length + 1);
                const page = await list({ 'max-keys': String(maxKeys), marker });
                expect(page.buckets.length).toBeLessThanOrEqual(maxKeys);
                seen.push(...page.buckets.map((b) => b.name));
                if (!page.isTruncated) break;
                marker = page.nextMarker ?? '';
              }
              expect(seen).toEqual(expected);
            } finally {
              await app.close();
            }
          },
        ),
        10,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('paging regressions (found by the properties above)', () => {
  it('ListMultipartUploads does not repeat a common prefix on the next page (b/ then b/ again)', async () => {
    const bucket = await freshBucket();
    for (const key of ['a', 'b/1', 'b/2', 'c'])
      await oss(url, 'POST', { bucket, key, query: { uploads: '' } }).expect(200);
    const pages: string[][] = [];
    let query: Record<string, string> = { delimiter: '/', 'max-uploads': '1' };
    for (;;) {
      const page = await listUploads(bucket, query);
      pages.push([...page.uploads.map((u) => u.key), ...page.commonPrefixes]);
      if (!page.isTruncated) break;
      expect(pages.length).toBeLessThan(5);
      query = { ...query, 'key-marker': page.nextKeyMarker, 'upload-id-marker': page.nextUploadIdMarker };
    }
    expect(pages).toEqual([['a'], ['b/'], ['c']]);
  });

  it('a key-marker equal to a common prefix skips that whole prefix (fast-check counterexample ["a","&/a"], "/")', async () => {
    const bucket = await freshBucket();
    for (const key of ['a', '&/a'])
      await oss(url, 'POST', { bucket, key, query: { uploads: '' } }).expect(200);
    const page = await listUploads(bucket, { delimiter: '/', 'key-marker': '&/', 'upload-id-marker': '' });
    expect(page.commonPrefixes).toEqual([]);
    expect(page.uploads.map((u) => u.key)).toEqual(['a']);
  });
});
