import { describe, expect, it } from 'vitest';
import {
  buildListBucketsResult,
  buildListObjectsResult,
  buildListObjectsV2Result,
  parseListBucketsResult,
  parseListObjectsResult,
  parseListObjectsV2Result,
} from './bodies.js';
import type { ListBucketsResult, ListObjectsResult, ListObjectsV2Result } from './bodies.js';

// docs/rest-api.md §5.8 ListObjects example, optional parts in brackets removed.
const LIST_OBJECTS_EXAMPLE = `<ListBucketResult>
  <Name>zzy-share</Name><Prefix></Prefix><Marker></Marker><MaxKeys>1000</MaxKeys>
  <Delimiter></Delimiter><IsTruncated>false</IsTruncated>
  <Contents>
    <Key>object-1</Key><LastModified>2015-02-02T05:15:13.000Z</LastModified>
    <ETag>"716AF6FFD529DFEA856FAA4E12D2C5EA"</ETag><Type>Normal</Type><Size>4308</Size>
    <StorageClass>Standard</StorageClass>
    <Owner><ID>1047205513514293</ID><DisplayName>1047205513514293</DisplayName></Owner>
  </Contents>
  <CommonPrefixes><Prefix>dir/</Prefix></CommonPrefixes>
</ListBucketResult>`;

// docs/rest-api.md §5.8 ListBuckets capture (Python unittests/test_bucket.py); the elided
// CreationDate and Name are filled in.
const LIST_BUCKETS_CAPTURE =
  '<ListAllMyBucketsResult><Owner><ID/><DisplayName/></Owner><Buckets><Bucket><CreationDate>2015-12-17T18:12:43.000Z</CreationDate><ExtranetEndpoint>oss-cn-hangzhou.aliyuncs.com</ExtranetEndpoint><IntranetEndpoint>oss-cn-hangzhou-internal.aliyuncs.com</IntranetEndpoint><Location>oss-cn-hangzhou</Location><Name>app-base-oss</Name><Region>cn-hangzhou</Region><StorageClass>Standard</StorageClass></Bucket></Buckets></ListAllMyBucketsResult>';

const TRICKY_KEYS = ['a b', 'a+b', '100%', '中文/文件.txt', '<&>"\'', '0123', ' lead ', 'x%20y', 'a\nb'];

function object(key: string, extra: Partial<ListObjectsResult['contents'][number]> = {}) {
  return {
    key,
    lastModified: new Date('2015-02-02T05:15:13.000Z'),
    etag: '"716AF6FFD529DFEA856FAA4E12D2C5EA"',
    type: 'Normal' as const,
    size: 4308,
    storageClass: 'Standard',
    ...extra,
  };
}

describe('ListObjects v1 (docs/rest-api.md §5.8)', () => {
  it('parses the reference example', () => {
    expect(parseListObjectsResult(LIST_OBJECTS_EXAMPLE)).toEqual({
      name: 'zzy-share',
      prefix: '',
      marker: '',
      maxKeys: 1000,
      delimiter: '',
      isTruncated: false,
      contents: [object('object-1', { owner: { id: '1047205513514293', displayName: '1047205513514293' } })],
      commonPrefixes: ['dir/'],
    });
  });

  it('writes the §5.8 element order', () => {
    const xml = buildListObjectsResult({
      ...parseListObjectsResult(LIST_OBJECTS_EXAMPLE),
      nextMarker: 'object-1',
      isTruncated: true,
      encodingType: 'url',
    });
    const names = [...xml.matchAll(/^ {2}<(\w+)>/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'Name',
      'Prefix',
      'Marker',
      'MaxKeys',
      'Delimiter',
      'EncodingType',
      'IsTruncated',
      'NextMarker',
      'Contents',
      'CommonPrefixes',
    ]);
    const contents = [...xml.matchAll(/^ {4}<(\w+)>/gm)].map((m) => m[1]);
    expect(contents).toEqual(['Key', 'LastModified', 'ETag', 'Type', 'Size', 'StorageClass', 'Owner', 'Prefix']);
  });

  it('keeps repeated and numeric-looking entries as string arrays', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult><Name>b</Name><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated><NextMarker>1e5</NextMarker>
<Contents><Key>0123</Key><LastModified>2015-02-02T05:15:13.000Z</LastModified><ETag>"0E1"</ETag><Type>Multipart</Type><Size>9</Size><StorageClass>IA</StorageClass></Contents>
<Contents><Key>1e5</Key><LastModified>2015-02-02T05:15:13.000Z</LastModified><ETag>"1C787C506EABFB9B45EAAA8DB039F4B2-26"</ETag><Size>0</Size></Contents>
<CommonPrefixes><Prefix>00/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>true/</Prefix></CommonPrefixes>
</ListBucketResult>`;
    const r = parseListObjectsResult(xml);
    expect(r.contents.map((c) => [c.key, c.etag, c.type, c.storageClass])).toEqual([
      ['0123', '"0E1"', 'Multipart', 'IA'],
      ['1e5', '"1C787C506EABFB9B45EAAA8DB039F4B2-26"', 'Normal', 'Standard'],
    ]);
    expect(r.commonPrefixes).toEqual(['00/', 'true/']);
    expect(r.nextMarker).toBe('1e5');
    expect(r.prefix).toBe('');
  });

  it('round-trips tricky keys, with and without encoding-type=url', () => {
    const result: ListObjectsResult = {
      name: 'b',
      prefix: 'a b+c',
      marker: '100%',
      maxKeys: 100,
      delimiter: '/',
      isTruncated: true,
      nextMarker: '中文 +',
      contents: TRICKY_KEYS.map((key) => object(key)),
      commonPrefixes: ['dir one/', 'a+b/'],
    };
    expect(parseListObjectsResult(buildListObjectsResult(result))).toEqual(result);
    const encoded = { ...result, encodingType: 'url' as const };
    const xml = buildListObjectsResult(encoded);
    // encodeURIComponent semantics (§5.8): space %20, + %2B, / %2F.
    expect(xml).toContain('<Prefix>a%20b%2Bc</Prefix>');
    expect(xml).toContain('<Marker>100%25</Marker>');
    expect(xml).toContain('<Delimiter>%2F</Delimiter>');
    expect(xml).toContain('<NextMarker>%E4%B8%AD%E6%96%87%20%2B</NextMarker>');
    expect(xml).toContain('<Key>%3C%26%3E%22\'</Key>');
    expect(xml).toContain('<Prefix>dir%20one%2F</Prefix>');
    expect(parseListObjectsResult(xml)).toEqual(encoded);
  });

  it('decodes a literal + as space under url encoding, as Go QueryUnescape does', () => {
    const xml =
      '<ListBucketResult><Name>b</Name><Prefix>a+b%2Bc</Prefix><MaxKeys>1</MaxKeys><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated></ListBucketResult>';
    expect(parseListObjectsResult(xml).prefix).toBe('a b+c');
  });
});

describe('ListObjectsV2 (docs/rest-api.md §5.8)', () => {
  const result: ListObjectsV2Result = {
    name: 'b',
    prefix: 'p q/',
    startAfter: 'p q/a+b',
    continuationToken: 'tok en+/=',
    nextContinuationToken: 'next%token',
    maxKeys: 2,
    delimiter: '/',
    isTruncated: true,
    keyCount: 3,
    contents: [object('p q/0123', { owner: { id: '1', displayName: 'one' } }), object('p q/中文')],
    commonPrefixes: ['p q/sub dir/'],
  };

  // The ListObjectsV2 reference's response samples: EncodingType before IsTruncated, KeyCount
  // last. No sample has a ContinuationToken; it follows StartAfter as in the responses the
  // official PHP SDKs' unit tests parse [unverified].
  it('writes the element order of the reference samples', () => {
    const xml = buildListObjectsV2Result({ ...result, encodingType: 'url' });
    const names = [...xml.matchAll(/^ {2}<(\w+)>/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'Name',
      'Prefix',
      'StartAfter',
      'ContinuationToken',
      'MaxKeys',
      'Delimiter',
      'EncodingType',
      'IsTruncated',
      'NextContinuationToken',
      'Contents',
      'Contents',
      'CommonPrefixes',
      'KeyCount',
    ]);
  });

  it('round-trips, with and without url encoding', () => {
    expect(parseListObjectsV2Result(buildListObjectsV2Result(result))).toEqual(result);
    const encoded = { ...result, encodingType: 'url' as const };
    const xml = buildListObjectsV2Result(encoded);
    expect(xml).toContain('<StartAfter>p%20q%2Fa%2Bb</StartAfter>');
    expect(xml).toContain('<ContinuationToken>tok%20en%2B%2F%3D</ContinuationToken>');
    expect(xml).toContain('<NextContinuationToken>next%25token</NextContinuationToken>');
    expect(parseListObjectsV2Result(xml)).toEqual(encoded);
  });

  it('leaves optional markers out when unset and derives KeyCount when missing', () => {
    const minimal = { ...result, startAfter: undefined, continuationToken: undefined, nextContinuationToken: undefined };
    const xml = buildListObjectsV2Result(minimal);
    expect(xml).not.toMatch(/StartAfter|ContinuationToken/);
    const parsed = parseListObjectsV2Result(xml.replace(/\s*<KeyCount>3<\/KeyCount>/, ''));
    expect(parsed.keyCount).toBe(3);
    expect('startAfter' in parsed).toBe(false);
  });
});

describe('ListBuckets (docs/rest-api.md §5.8)', () => {
  it('parses the Python capture', () => {
    expect(parseListBucketsResult(LIST_BUCKETS_CAPTURE)).toEqual({
      owner: { id: '', displayName: '' },
      buckets: [
        {
          name: 'app-base-oss',
          creationDate: new Date('2015-12-17T18:12:43.000Z'),
          location: 'oss-cn-hangzhou',
          region: 'cn-hangzhou',
          extranetEndpoint: 'oss-cn-hangzhou.aliyuncs.com',
          intranetEndpoint: 'oss-cn-hangzhou-internal.aliyuncs.com',
          storageClass: 'Standard',
        },
      ],
    });
  });

  it('rebuilds the capture element order', () => {
    const xml = buildListBucketsResult(parseListBucketsResult(LIST_BUCKETS_CAPTURE));
    const compact = xml
      .replace(/^<\?xml[^>]*\?>/, '')
      .replace(/>\s+</g, '><')
      .replace(/<(\w+)><\/\1>/g, '<$1/>')
      .trim();
    expect(compact).toBe(LIST_BUCKETS_CAPTURE);
  });

  it('round-trips paging fields and several buckets, and an empty list', () => {
    const bucket = parseListBucketsResult(LIST_BUCKETS_CAPTURE).buckets[0]!;
    const result: ListBucketsResult = {
      owner: { id: '1047205513514293', displayName: '1047205513514293' },
      buckets: [bucket, { ...bucket, name: '0123', resourceGroupId: 'rg-default-id' }],
      prefix: 'app',
      marker: '',
      maxKeys: 2,
      isTruncated: true,
      nextMarker: '0123',
    };
    expect(parseListBucketsResult(buildListBucketsResult(result))).toEqual(result);
    const empty: ListBucketsResult = { owner: { id: 'o', displayName: 'o' }, buckets: [] };
    expect(parseListBucketsResult(buildListBucketsResult(empty))).toEqual(empty);
  });

  it('writes a tag-filtered bucket\'s tags as <Tagging><TagSet><Tag> after StorageClass, and reads them back', () => {
    const bucket = parseListBucketsResult(LIST_BUCKETS_CAPTURE).buckets[0]!;
    const tags = [{ key: 'a', value: '1' }, { key: 'b', value: '' }];
    const result: ListBucketsResult = { owner: { id: 'o', displayName: 'o' }, buckets: [{ ...bucket, tags }, { ...bucket, name: 'untagged', tags: [] }] };
    const xml = buildListBucketsResult(result);
    expect(xml.replace(/>\s+</g, '><')).toContain(
      '<StorageClass>Standard</StorageClass><Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value></Value></Tag></TagSet></Tagging></Bucket>',
    );
    expect(parseListBucketsResult(xml)).toEqual(result);
  });
});
