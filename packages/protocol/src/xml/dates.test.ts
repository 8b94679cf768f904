import { describe, expect, it } from 'vitest';
import * as bodies from './bodies.js';
import { formatXmlDate } from './document.js';

/** A timestamp with milliseconds, as the emulator's clock produces them. */
const WITH_MS = new Date('2026-11-30T17:33:42.922Z');
const OWNER = { id: '1', displayName: '1' };
const OBJECT = { key: 'k', lastModified: WITH_MS, etag: '"E"', type: 'Normal' as const, size: 1, storageClass: 'Standard' };
const BUCKET = {
  name: 'b',
  creationDate: WITH_MS,
  location: 'oss-cn-hangzhou',
  region: 'cn-hangzhou',
  extranetEndpoint: 'e',
  intranetEndpoint: 'i',
  storageClass: 'Standard',
};

/**
 * One sample output per `build*` export of the bodies module, each carrying every date field the
 * body has. The test below fails when a builder is added without a sample here.
 */
const SAMPLES: Record<string, () => string> = {
  buildInitiateMultipartUploadResult: () => bodies.buildInitiateMultipartUploadResult({ bucket: 'b', key: 'k', uploadId: 'u' }),
  buildCompleteMultipartUpload: () => bodies.buildCompleteMultipartUpload([{ partNumber: 1, etag: '"E"' }]),
  buildCompleteMultipartUploadResult: () =>
    bodies.buildCompleteMultipartUploadResult({ location: 'l', bucket: 'b', key: 'k', etag: '"E"' }),
  buildListPartsResult: () =>
    bodies.buildListPartsResult({
      bucket: 'b',
      key: 'k',
      uploadId: 'u',
      partNumberMarker: 0,
      nextPartNumberMarker: 1,
      maxParts: 1000,
      isTruncated: false,
      storageClass: 'Standard',
      parts: [{ partNumber: 1, lastModified: WITH_MS, etag: '"E"', size: 1 }],
    }),
  buildListMultipartUploadsResult: () =>
    bodies.buildListMultipartUploadsResult({
      bucket: 'b',
      keyMarker: '',
      uploadIdMarker: '',
      nextKeyMarker: 'k',
      nextUploadIdMarker: 'u',
      delimiter: '',
      prefix: '',
      maxUploads: 1000,
      isTruncated: false,
      uploads: [{ key: 'k', uploadId: 'u', initiated: WITH_MS }],
      commonPrefixes: [],
    }),
  buildListObjectsResult: () =>
    bodies.buildListObjectsResult({
      name: 'b',
      prefix: '',
      marker: '',
      maxKeys: 100,
      delimiter: '',
      isTruncated: false,
      contents: [OBJECT],
      commonPrefixes: [],
    }),
  buildListObjectsV2Result: () =>
    bodies.buildListObjectsV2Result({
      name: 'b',
      prefix: '',
      maxKeys: 100,
      delimiter: '',
      isTruncated: false,
      keyCount: 1,
      contents: [OBJECT],
      commonPrefixes: [],
    }),
  buildListBucketsResult: () => bodies.buildListBucketsResult({ owner: OWNER, buckets: [BUCKET] }),
  buildBucketInfo: () => bodies.buildBucketInfo({ ...BUCKET, owner: OWNER, acl: 'private' }),
  buildLocationConstraint: () => bodies.buildLocationConstraint('oss-cn-hangzhou'),
  buildAccessControlPolicy: () => bodies.buildAccessControlPolicy({ owner: OWNER, grant: 'private' }),
  buildCreateBucketConfiguration: () => bodies.buildCreateBucketConfiguration({ storageClass: 'IA', dataRedundancyType: 'ZRS' }),
  buildCorsConfiguration: () =>
    bodies.buildCorsConfiguration({
      rules: [{ allowedOrigins: ['*'], allowedMethods: ['GET'], allowedHeaders: [], exposeHeaders: [] }],
      responseVary: false,
    }),
  buildCopyObjectResult: () => bodies.buildCopyObjectResult({ etag: '"E"', lastModified: WITH_MS }),
  buildCopyPartResult: () => bodies.buildCopyPartResult({ etag: '"E"', lastModified: WITH_MS }),
  buildDeleteRequest: () => bodies.buildDeleteRequest({ quiet: false, keys: ['k'] }),
  buildDeleteResult: () => bodies.buildDeleteResult({ deleted: ['k'] }),
  buildPostResponse: () => bodies.buildPostResponse({ bucket: 'b', location: 'l', key: 'k', etag: '"E"' }),
  buildTagging: () => bodies.buildTagging([{ key: 'k', value: 'v' }]),
  buildRestoreRequest: () => bodies.buildRestoreRequest({ days: 1, tier: 'Standard' }),
  buildStyleContent: () => bodies.buildStyleContent('image/resize,w_1'),
  buildStyle: () => bodies.buildStyle({ name: 's', content: 'image/resize,w_1', createTime: WITH_MS, lastModifyTime: WITH_MS, category: 'image' }),
  buildStyleList: () => bodies.buildStyleList([]),
  buildListLiveChannelResult: () =>
    bodies.buildListLiveChannelResult({ prefix: '', marker: '', maxKeys: 100, isTruncated: false, nextMarker: '' }),
};

/** Bodies that carry a date (the API reference shows one in each of these). */
const DATED = [
  'buildListPartsResult',
  'buildListMultipartUploadsResult',
  'buildListObjectsResult',
  'buildListObjectsV2Result',
  'buildListBucketsResult',
  'buildBucketInfo',
  'buildCopyObjectResult',
  'buildCopyPartResult',
];

describe('dates in XML bodies', () => {
  it('formatXmlDate writes whole seconds with a .000 fraction, truncating', () => {
    expect(formatXmlDate(WITH_MS)).toBe('2026-11-30T17:33:42.000Z');
    expect(formatXmlDate(new Date('2026-11-30T23:59:59.999Z'))).toBe('2026-11-30T23:59:59.000Z');
  });

  it('has a sample for every builder', () => {
    const builders = Object.keys(bodies).filter((name) => name.startsWith('build'));
    expect(Object.keys(SAMPLES).sort()).toEqual(builders.sort());
  });

  it.each(Object.entries(SAMPLES))('%s writes every date in whole seconds', (name, build) => {
    const xml = build();
    const dates = xml.match(/\d{4}-\d{2}-\d{2}T[^<]*/g) ?? [];
    for (const date of dates) expect(date).toBe('2026-11-30T17:33:42.000Z');
    expect(dates.length > 0).toBe(DATED.includes(name));
  });
});
