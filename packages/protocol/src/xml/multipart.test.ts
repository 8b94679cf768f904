import { describe, expect, it } from 'vitest';
import { OssProtocolError } from '../errors.js';
import {
  buildCompleteMultipartUpload,
  buildCompleteMultipartUploadResult,
  buildInitiateMultipartUploadResult,
  buildListMultipartUploadsResult,
  buildListPartsResult,
  parseCompleteMultipartUpload,
  parseCompleteMultipartUploadResult,
  parseInitiateMultipartUploadResult,
  parseListMultipartUploadsResult,
  parseListPartsResult,
} from './bodies.js';
import type { ListMultipartUploadsResult, ListPartsResult } from './bodies.js';

const TRICKY_KEYS = ['a b', 'a+b', '100%', '中文/文件.txt', '<&>"\'', '0123', ' lead and trail ', 'dir/sub/'];

describe('InitiateMultipartUploadResult (docs/rest-api.md §5.10)', () => {
  it('parses the Python capture', () => {
    const capture =
      '<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>97BD544A65DB46F9A8735C93917A960F</UploadId></InitiateMultipartUploadResult>';
    expect(parseInitiateMultipartUploadResult(capture)).toEqual({
      bucket: 'b',
      key: 'k',
      uploadId: '97BD544A65DB46F9A8735C93917A960F',
    });
  });

  it('round-trips, with and without url encoding', () => {
    for (const key of TRICKY_KEYS) {
      const plain = { bucket: 'b', key, uploadId: '0123456789ABCDEF0123456789ABCDEF' };
      expect(parseInitiateMultipartUploadResult(buildInitiateMultipartUploadResult(plain))).toEqual(plain);
      const encoded = { ...plain, encodingType: 'url' as const };
      const xml = buildInitiateMultipartUploadResult(encoded);
      expect(xml).toContain(`<Key>${encodeURIComponent(key)}</Key>`);
      expect(parseInitiateMultipartUploadResult(xml)).toEqual(encoded);
    }
  });
});

describe('CompleteMultipartUpload request (docs/rest-api.md §5.10)', () => {
  it('parses the ali-oss form: declaration, newlines, quoted ETags', () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<CompleteMultipartUpload>
<Part>
<PartNumber>1</PartNumber>
<ETag>"4DE8075FB607DF4D13FBC480EA488EFA"</ETag>
</Part>
<Part>
<PartNumber>2</PartNumber>
<ETag>"AF947EC157726CEA88ED83B3C989063B"</ETag>
</Part>
</CompleteMultipartUpload>`;
    expect(parseCompleteMultipartUpload(body)).toEqual([
      { partNumber: 1, etag: '"4DE8075FB607DF4D13FBC480EA488EFA"' },
      { partNumber: 2, etag: '"AF947EC157726CEA88ED83B3C989063B"' },
    ]);
  });

  it('accepts a single part, unquoted or entity-quoted ETags, and keeps document order', () => {
    expect(
      parseCompleteMultipartUpload(
        '<CompleteMultipartUpload><Part><PartNumber>3</PartNumber><ETag>1E10</ETag></Part></CompleteMultipartUpload>',
      ),
    ).toEqual([{ partNumber: 3, etag: '1E10' }]);
    expect(
      parseCompleteMultipartUpload(
        '<CompleteMultipartUpload><Part><PartNumber>5</PartNumber><ETag>&quot;A&quot;</ETag></Part><Part><PartNumber>2</PartNumber><ETag>B</ETag></Part></CompleteMultipartUpload>',
      ),
    ).toEqual([
      { partNumber: 5, etag: '"A"' },
      { partNumber: 2, etag: 'B' },
    ]);
  });

  it('round-trips', () => {
    const parts = [
      { partNumber: 1, etag: '"0123"' },
      { partNumber: 10000, etag: '"AF947EC157726CEA88ED83B3C989063B"' },
    ];
    expect(parseCompleteMultipartUpload(buildCompleteMultipartUpload(parts))).toEqual(parts);
  });

  it.each([
    ['missing ETag', '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>'],
    ['non-numeric part number', '<CompleteMultipartUpload><Part><PartNumber>one</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>'],
    ['negative part number', '<CompleteMultipartUpload><Part><PartNumber>-1</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>'],
    ['truncated', '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>'],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expect(() => parseCompleteMultipartUpload(xml)).toThrow(OssProtocolError);
    expect(() => parseCompleteMultipartUpload(xml)).toThrow(/not well-formed/);
  });
});

describe('CompleteMultipartUploadResult (docs/rest-api.md §5.10)', () => {
  // Python capture; its ETag is elided ("…-2") in the reference, filled from the same capture's ETag header.
  const capture =
    '<CompleteMultipartUploadResult><Location>http://b.oss-cn-hangzhou.aliyuncs.com/k</Location><Bucket>b</Bucket><Key>k</Key><ETag>"1C787C506EABFB9B45EAAA8DB039F4B2-2"</ETag></CompleteMultipartUploadResult>';

  it('parses the capture', () => {
    expect(parseCompleteMultipartUploadResult(capture)).toEqual({
      location: 'http://b.oss-cn-hangzhou.aliyuncs.com/k',
      bucket: 'b',
      key: 'k',
      etag: '"1C787C506EABFB9B45EAAA8DB039F4B2-2"',
    });
  });

  it('builds the capture element order', () => {
    const xml = buildCompleteMultipartUploadResult(parseCompleteMultipartUploadResult(capture));
    expect(xml.replace(/>\s+</g, '><').replace(/^<\?xml[^>]*\?>/, '').trim()).toBe(capture);
  });

  it('round-trips with url-encoded keys', () => {
    for (const key of TRICKY_KEYS) {
      const r = { location: 'http://b.localhost/x', bucket: 'b', key, etag: '"E-1"', encodingType: 'url' as const };
      const xml = buildCompleteMultipartUploadResult(r);
      expect(xml).toContain('<EncodingType>url</EncodingType>');
      expect(parseCompleteMultipartUploadResult(xml)).toEqual(r);
    }
  });
});

describe('ListPartsResult (docs/rest-api.md §5.10)', () => {
  const result: ListPartsResult = {
    bucket: 'b',
    key: '中文 key+',
    uploadId: '97BD544A65DB46F9A8735C93917A960F',
    partNumberMarker: 0,
    nextPartNumberMarker: 2,
    maxParts: 1000,
    isTruncated: false,
    storageClass: 'Standard',
    parts: [
      {
        partNumber: 1,
        lastModified: new Date('2015-12-12T00:36:26.000Z'),
        etag: '"4DE8075FB607DF4D13FBC480EA488EFA"',
        size: 102400,
        hashCrc64ecma: '108247482078852440',
      },
      { partNumber: 2, lastModified: new Date('2015-12-12T00:36:27.000Z'), etag: '"0123"', size: 6 },
    ],
  };

  it('writes the §5.10 elements in order with millisecond dates', () => {
    const xml = buildListPartsResult(result);
    const names = [...xml.matchAll(/^ {2}<(\w+)>/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'Bucket',
      'Key',
      'UploadId',
      'PartNumberMarker',
      'NextPartNumberMarker',
      'MaxParts',
      'IsTruncated',
      'StorageClass',
      'Part',
      'Part',
    ]);
    expect(xml).toContain('<LastModified>2015-12-12T00:36:26.000Z</LastModified>');
    expect(xml).toContain('<HashCrc64ecma>108247482078852440</HashCrc64ecma>');
  });

  it('round-trips, with and without url encoding', () => {
    expect(parseListPartsResult(buildListPartsResult(result))).toEqual(result);
    const encoded = { ...result, encodingType: 'url' as const };
    expect(parseListPartsResult(buildListPartsResult(encoded))).toEqual(encoded);
    const empty = { ...result, parts: [] };
    expect(parseListPartsResult(buildListPartsResult(empty))).toEqual(empty);
  });
});

describe('ListMultipartUploadsResult (docs/rest-api.md §5.10)', () => {
  const result: ListMultipartUploadsResult = {
    bucket: 'b',
    keyMarker: 'a b',
    uploadIdMarker: '',
    nextKeyMarker: '100%',
    nextUploadIdMarker: '97BD544A65DB46F9A8735C93917A960F',
    delimiter: '/',
    prefix: '',
    maxUploads: 1000,
    isTruncated: true,
    uploads: [
      { key: 'a+b', uploadId: '97BD544A65DB46F9A8735C93917A960F', initiated: new Date('2015-12-12T00:36:26.000Z') },
      { key: '0123', uploadId: '0123456789ABCDEF0123456789ABCDEF', initiated: new Date('2016-01-01T00:00:00.000Z') },
    ],
    commonPrefixes: ['dir one/', '中文/'],
  };

  it('round-trips, with and without url encoding', () => {
    expect(parseListMultipartUploadsResult(buildListMultipartUploadsResult(result))).toEqual(result);
    const encoded = { ...result, encodingType: 'url' as const };
    const xml = buildListMultipartUploadsResult(encoded);
    expect(xml).toContain('<KeyMarker>a%20b</KeyMarker>');
    expect(xml).toContain('<Key>a%2Bb</Key>');
    expect(xml).toContain('<Prefix>dir%20one%2F</Prefix>');
    expect(parseListMultipartUploadsResult(xml)).toEqual(encoded);
  });

  it('starts with EncodingType, then the §5.10 element order', () => {
    const xml = buildListMultipartUploadsResult({ ...result, encodingType: 'url' });
    const names = [...xml.matchAll(/^ {2}<(\w+)>/gm)].map((m) => m[1]);
    expect(names.slice(0, 11)).toEqual([
      'EncodingType',
      'Bucket',
      'KeyMarker',
      'UploadIdMarker',
      'NextKeyMarker',
      'NextUploadIdMarker',
      'Delimiter',
      'Prefix',
      'MaxUploads',
      'IsTruncated',
      'Upload',
    ]);
  });
});
