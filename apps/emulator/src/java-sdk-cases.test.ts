/**
 * What the official Java SDK's integration tests (aliyun/aliyun-oss-java-sdk
 * src/test/java/com/aliyun/oss/integrationtests, run by Alibaba against OSS) assert on the wire,
 * where the emulator answered otherwise, reduced to raw requests (docs/conformance.md, "Java SDK").
 * Those tests check an error's message with `getMessage().startsWith(TestConstants.…)`.
 */
import { describe, expect, it } from 'vitest';
import { buildCompleteMultipartUpload, parseErrorXml, parseInitiateMultipartUploadResult } from '@ossbox/protocol';
import { oss, useTestApp } from './test-support/harness.js';

const B = 'examplebucket';
const MIN = 1024;

describe('CompleteMultipartUpload errors (MultipartUploadTest, UploadPartCopyTest)', () => {
  const t = useTestApp({ minPartSize: MIN });

  async function upload(key: string, sizes: number[]): Promise<{ uploadId: string; etags: string[] }> {
    const init = await oss(t.app, 'POST', { bucket: B, key, query: { uploads: '' } }).expect(200);
    const { uploadId } = parseInitiateMultipartUploadResult(init.text);
    const etags: string[] = [];
    for (const [i, size] of sizes.entries()) {
      const res = await oss(t.app, 'PUT', { bucket: B, key, query: { partNumber: String(i + 1), uploadId }, body: Buffer.alloc(size, i) }).expect(200);
      etags.push(res.headers.etag as string);
    }
    return { uploadId, etags };
  }
  const complete = (key: string, uploadId: string, parts: { partNumber: number; etag: string }[]) =>
    oss(t.app, 'POST', { bucket: B, key, query: { uploadId }, body: buildCompleteMultipartUpload(parts), headers: { 'Content-Type': 'application/xml' } });

  it('a wrong ETag is InvalidPart with the final period, and <ETag>, <PartNumber>, <UploadId> (INVALID_PART_ERR)', async () => {
    const { uploadId, etags } = await upload('k', [MIN, MIN]);
    const res = await complete('k', uploadId, [{ partNumber: 1, etag: etags[0]! }, { partNumber: 2, etag: '"Invalid-ETag"' }]);
    expect(res.status).toBe(400);
    const error = parseErrorXml(res.text)!;
    expect(error.code).toBe('InvalidPart');
    expect(error.message).toBe("One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.");
    expect(error.details).toMatchObject({ ETag: '"Invalid-ETag"', PartNumber: '2', UploadId: uploadId });
  });

  it('a small non-last part is EntityTooSmall with OSS\'s wording (ENTITY_TOO_SMALL_ERR)', async () => {
    const { uploadId, etags } = await upload('small', [10, 10]);
    const res = await complete('small', uploadId, etags.map((etag, i) => ({ partNumber: i + 1, etag })));
    expect(res.status).toBe(400);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'EntityTooSmall', message: 'Your proposed upload smaller than the minimum allowed size.' });
  });

  it('parts out of order are InvalidPartOrder with OSS\'s wording (INVALID_PART_ORDER_ERR)', async () => {
    const { uploadId, etags } = await upload('order', [MIN, MIN]);
    const res = await complete('order', uploadId, [{ partNumber: 2, etag: etags[1]! }, { partNumber: 1, etag: etags[0]! }]);
    expect(res.status).toBe(400);
    expect(parseErrorXml(res.text)).toMatchObject({
      code: 'InvalidPartOrder',
      message: 'The list of parts was not in ascending order. Parts list must specified in order by part number.',
    });
  });
});

describe('PutObject errors (PutObjectTest)', () => {
  const t = useTestApp();

  it('a key over 1023 bytes is InvalidObjectName "The Length of Object name must be less than 1024." (INVALID_OBJECT_NAME_ERR)', async () => {
    const res = await oss(t.app, 'PUT', { bucket: B, key: 'k'.repeat(1024), body: 'x' });
    expect(res.status).toBe(400);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'InvalidObjectName', message: 'The Length of Object name must be less than 1024.', ec: '0016-00000003' });
  });

  it('a key starting with "\\" is InvalidObjectName "The specified object is not valid." (OSS\'s 400 error page)', async () => {
    const res = await oss(t.app, 'PUT', { bucket: B, key: '\\k', body: 'x' });
    expect(res.status).toBe(400);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'InvalidObjectName', message: 'The specified object is not valid.', ec: '0016-00000005' });
  });

  it('an invalid x-oss-server-side-encryption starts "The Encryption request you specified is not valid. Supported value: AES25" (INVALID_ENCRYPTION_ALGO_ERR)', async () => {
    const res = await oss(t.app, 'PUT', { bucket: B, key: 'k', body: 'x', headers: { 'x-oss-server-side-encryption': 'Invalid-Server-Side-Encryption' } });
    expect(res.status).toBe(400);
    const error = parseErrorXml(res.text)!;
    expect(error.code).toBe('InvalidEncryptionAlgorithmError');
    expect(error.message.startsWith('The Encryption request you specified is not valid. Supported value: AES25')).toBe(true);
  });
});

describe('GetObject ranges (GetObjectTest.testGetObjectByRange, no x-oss-range-behavior)', () => {
  const t = useTestApp();
  const SIZE = 128 * 1024;

  it.each([
    ['bytes=0-65535', 206, SIZE / 2],
    ['bytes=65536-', 206, SIZE / 2],
    ['bytes=-32768', 206, SIZE / 4],
    ['bytes=65536-32767', 200, SIZE],
    ['bytes=0-262143', 200, SIZE],
  ])('%s → %i with %i bytes', async (range, status, length) => {
    await oss(t.app, 'PUT', { bucket: B, key: 'r', body: Buffer.alloc(SIZE, 1) }).expect(200);
    const res = await oss(t.app, 'GET', { bucket: B, key: 'r', headers: { Range: range } });
    expect([res.status, Number(res.headers['content-length'])]).toEqual([status, length]);
  });

  it.each(['GET', 'HEAD'] as const)('%s with bytes=-0 is 416 InvalidRange', async (method) => {
    await oss(t.app, 'PUT', { bucket: B, key: 'r', body: Buffer.alloc(SIZE, 1) }).expect(200);
    const res = await oss(t.app, method, { bucket: B, key: 'r', headers: { Range: 'bytes=-0' } });
    expect(res.status).toBe(416);
    if (method === 'GET') expect(parseErrorXml(res.text)).toMatchObject({ code: 'InvalidRange' });
  });
});

describe('ListMultipartUploads and ListParts markers (UploadPartTest)', () => {
  const t = useTestApp();
  const initiate = async (key: string) =>
    parseInitiateMultipartUploadResult((await oss(t.app, 'POST', { bucket: B, key, query: { uploads: '' } }).expect(200)).text).uploadId;
  const element = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>|<${name}/>`).exec(xml)?.[1] ?? '';

  it('one upload, not truncated: NextKeyMarker and NextUploadIdMarker name it; none left: both empty (testNormalUploadSinglePart)', async () => {
    const uploadId = await initiate('single');
    const listed = (await oss(t.app, 'GET', { bucket: B, query: { uploads: '' } }).expect(200)).text;
    expect([element(listed, 'IsTruncated'), element(listed, 'MaxUploads')]).toEqual(['false', '1000']);
    expect([element(listed, 'NextKeyMarker'), element(listed, 'NextUploadIdMarker')]).toEqual(['single', uploadId]);
    await oss(t.app, 'DELETE', { bucket: B, key: 'single', query: { uploadId } }).expect(204);
    const empty = (await oss(t.app, 'GET', { bucket: B, query: { uploads: '' } }).expect(200)).text;
    expect([element(empty, 'NextKeyMarker'), element(empty, 'NextUploadIdMarker')]).toEqual(['', '']);
  });

  it('ListParts: NextPartNumberMarker is empty without parts and the last part otherwise, not truncated (testNormalListParts)', async () => {
    const uploadId = await initiate('parts');
    const none = (await oss(t.app, 'GET', { bucket: B, key: 'parts', query: { uploadId } }).expect(200)).text;
    expect(none).toMatch(/<NextPartNumberMarker><\/NextPartNumberMarker>|<NextPartNumberMarker\/>/);
    for (let n = 1; n <= 3; n++) await oss(t.app, 'PUT', { bucket: B, key: 'parts', query: { partNumber: String(n), uploadId }, body: 'p' }).expect(200);
    const three = (await oss(t.app, 'GET', { bucket: B, key: 'parts', query: { uploadId } }).expect(200)).text;
    expect([element(three, 'NextPartNumberMarker'), element(three, 'IsTruncated'), element(three, 'MaxParts')]).toEqual(['3', 'false', '1000']);
  });
});

describe('DeleteBucket with only unfinished multipart uploads (UploadPartTest.testUnormalAbortMultipartUpload)', () => {
  const t = useTestApp({ buckets: ['with-uploads', 'with-objects'] });

  it('is BucketNotEmpty "The bucket has Multipart Uploads."; with objects, "The bucket has objects. Please delete them first."', async () => {
    const init = await oss(t.app, 'POST', { bucket: 'with-uploads', key: 'k', query: { uploads: '' } }).expect(200);
    const uploads = await oss(t.app, 'DELETE', { bucket: 'with-uploads' });
    expect(uploads.status).toBe(409);
    expect(parseErrorXml(uploads.text)).toMatchObject({ code: 'BucketNotEmpty', message: 'The bucket has Multipart Uploads.' });
    await oss(t.app, 'PUT', { bucket: 'with-objects', key: 'o', body: 'x' }).expect(200);
    await oss(t.app, 'POST', { bucket: 'with-objects', key: 'k', query: { uploads: '' } }).expect(200);
    const objects = await oss(t.app, 'DELETE', { bucket: 'with-objects' });
    expect(parseErrorXml(objects.text)).toMatchObject({ code: 'BucketNotEmpty', message: 'The bucket has objects. Please delete them first.' });
    const { uploadId } = parseInitiateMultipartUploadResult(init.text);
    await oss(t.app, 'DELETE', { bucket: 'with-uploads', key: 'k', query: { uploadId } }).expect(204);
    await oss(t.app, 'DELETE', { bucket: 'with-uploads' }).expect(204);
  });
});

describe('Symlink errors (SymlinkTest)', () => {
  const t = useTestApp();

  it('GetSymlink of a missing key is NoSuchKey; GET through a link to a missing object is SymlinkTargetNotExist (testUnnormalgetSymlink)', async () => {
    const missing = await oss(t.app, 'GET', { bucket: B, key: 'unnormal-get-sym-link', query: { symlink: '' } });
    expect([missing.status, parseErrorXml(missing.text)?.code]).toEqual([404, 'NoSuchKey']);
    await oss(t.app, 'PUT', {
      bucket: B,
      key: 'unnormal-get-sym-link',
      query: { symlink: '' },
      headers: { 'x-oss-symlink-target': encodeURIComponent('oss/+< >[]/世界/中国.txt') },
    }).expect(200);
    const res = await oss(t.app, 'GET', { bucket: B, key: 'unnormal-get-sym-link' });
    expect(res.status).toBe(404);
    expect(parseErrorXml(res.text)?.code).toBe('SymlinkTargetNotExist');
  });

  it('GetSymlink answers the target so that URL-decoding gives it back, + included (testNormalCreateSymlink)', async () => {
    const target = 'oss/+< >[]/世界/中国.txt';
    // The SDK sends the target with HttpUtil.urlEncode and reads it back with HttpUtil.urlDecode
    // (URLDecoder), which would turn a bare + into a space.
    await oss(t.app, 'PUT', {
      bucket: B,
      key: 'normal-create-sym-link',
      query: { symlink: '' },
      headers: { 'x-oss-symlink-target': encodeURIComponent(target) },
    }).expect(200);
    const res = await oss(t.app, 'GET', { bucket: B, key: 'normal-create-sym-link', query: { symlink: '' } }).expect(200);
    const header = res.headers['x-oss-symlink-target'] as string;
    expect(header).not.toContain('+');
    expect(decodeURIComponent(header.replace(/\+/g, ' '))).toBe(target);
  });

  it('GET through a link to itself is InvalidTargetType (testUnnormalCreateSymlink)', async () => {
    const key = 'unnormal-create-sym-link';
    await oss(t.app, 'PUT', { bucket: B, key, query: { symlink: '' }, headers: { 'x-oss-symlink-target': key } }).expect(200);
    const res = await oss(t.app, 'GET', { bucket: B, key });
    expect(parseErrorXml(res.text)?.code).toBe('InvalidTargetType');
  });
});
