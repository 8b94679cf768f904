/**
 * The emulator's answers against responses recorded from OSS: the official Python SDK's unit tests
 * (aliyun/aliyun-oss-python-sdk unittests/test_bucket.py, test_object.py) replay OSS's answers as
 * raw HTTP text, the API reference pages show them in their examples, and public issues quote
 * error bodies OSS sent. Each case names its source; the checks are on what clients read
 * (headers, status, body form).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from './test-support/harness.js';
import supertest from 'supertest';
import { presignV1 } from '@ossbox/protocol';
import { CREDENTIALS, oss, startTestEmulator, targetOf, useTestApp } from './test-support/harness.js';
import { rawConnect } from './test-support/raw-http.js';

const B = 'examplebucket';

describe('Content-Type of documents (test_bucket.py: every XML answer is "Content-Type: application/xml")', () => {
  const t = useTestApp();

  it.each([
    ['GetBucketAcl', { bucket: B, query: { acl: '' } }],
    ['GetBucketLocation', { bucket: B, query: { location: '' } }],
    ['GetBucketReferer', { bucket: B, query: { referer: '' } }],
    ['GetBucketLogging', { bucket: B, query: { logging: '' } }],
    ['ListObjects', { bucket: B }],
    ['ListBuckets', {}],
    ['InitiateMultipartUpload', { bucket: B, key: 'k', query: { uploads: '' } }],
  ] as const)('%s: application/xml, no charset', async (_name, request) => {
    const method = 'uploads' in (('query' in request ? request.query : {}) as object) ? 'POST' : 'GET';
    const res = await oss(t.app, method, request);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml');
    expect(res.headers['content-length']).toBe(String(res.body.length));
  });

  it('GetBucketPolicy: application/json, no charset (test_get_bucket_policy)', async () => {
    const policy = JSON.stringify({
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: ['oss:GetObject'], Principal: ['*'], Resource: [`acs:oss:*:*:${B}/*`] },
      ],
    });
    await oss(t.app, 'PUT', { bucket: B, query: { policy: '' }, body: policy }).expect(200);
    const res = await oss(t.app, 'GET', { bucket: B, query: { policy: '' } }).expect(200);
    expect(res.headers['content-type']).toBe('application/json');
  });

  it('PostObject 201: application/xml, no charset', async () => {
    // The emulator accepts an anonymous form on a public-read-write bucket (§5.11).
    await oss(t.app, 'PUT', {
      bucket: B,
      query: { acl: '' },
      headers: { 'x-oss-acl': 'public-read-write' },
    }).expect(200);
    const boundary = 'b0undary';
    const body = [
      `--${boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\nposted.txt\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="success_action_status"\r\n\r\n201\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhi\r\n--${boundary}--\r\n`,
    ].join('');
    const res = await oss(t.app, 'POST', {
      bucket: B,
      anonymous: true,
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/xml');
  });
});

describe('204 answers carry Content-Length: 0 (test_object.py test_delete, test_bucket.py test_delete_cors / _logging / _website / _lifecycle)', () => {
  const t = useTestApp();

  it.each([
    ['DeleteObject', { bucket: B, key: 'missing' }],
    ['DeleteBucketCors', { bucket: B, query: { cors: '' } }],
    ['DeleteBucketLogging', { bucket: B, query: { logging: '' } }],
    ['DeleteBucketWebsite', { bucket: B, query: { website: '' } }],
    ['DeleteBucketLifecycle', { bucket: B, query: { lifecycle: '' } }],
    ['DeleteObjectTagging', { bucket: B, key: 'tagged', query: { tagging: '' } }],
  ] as const)('%s', async (name, request) => {
    if (name === 'DeleteObjectTagging')
      await oss(t.app, 'PUT', { bucket: B, key: 'tagged', body: 'x' }).expect(200);
    const res = await oss(t.app, 'DELETE', request);
    expect(res.status).toBe(204);
    expect(res.headers['content-length']).toBe('0');
  });

  it('AbortMultipartUpload and DeleteBucket', async () => {
    const init = await oss(t.app, 'POST', { bucket: B, key: 'mp', query: { uploads: '' } }).expect(200);
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    const abort = await oss(t.app, 'DELETE', { bucket: B, key: 'mp', query: { uploadId } });
    expect([abort.status, abort.headers['content-length']]).toEqual([204, '0']);
    const drop = await oss(t.app, 'DELETE', { bucket: B });
    expect([drop.status, drop.headers['content-length']]).toEqual([204, '0']);
  });
});

describe('an error answer keeps the connection open (test_object.py test_object_exists_false: 404 with "Connection: keep-alive")', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(async () => {
    await t.close();
  });

  it('two refused bodyless requests are answered on one connection', async () => {
    const c = await rawConnect(t.emulator.url);
    // Anonymous requests to a private bucket are refused as soon as their headers arrive.
    const get = `GET /${B}/k HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    c.socket.write(get);
    await c.waitFor(/<\/Error>\n/);
    expect(c.text()).toMatch(/^HTTP\/1\.1 403 /);
    expect(c.text()).not.toMatch(/\r\nConnection: close\r\n/i);
    c.socket.write(get);
    const both = await c.waitFor(/<\/Error>\n[\s\S]*<\/Error>\n/);
    expect(both.match(/HTTP\/1\.1 403 /g)).toHaveLength(2);
    c.socket.destroy();
  });
});

describe('UploadPartCopy of a range answers Content-Range (test_multipart.py test_upload_part_copy: "Content-Range: bytes 0-102399/204800")', () => {
  const t = useTestApp();

  it('names the copied range and the source size', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'src', body: '0123456789' }).expect(200);
    const init = await oss(t.app, 'POST', { bucket: B, key: 'dest', query: { uploads: '' } }).expect(200);
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    const res = await oss(t.app, 'PUT', {
      bucket: B,
      key: 'dest',
      query: { partNumber: '1', uploadId },
      headers: { 'x-oss-copy-source': `/${B}/src`, 'x-oss-copy-source-range': 'bytes=2-5' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toBe('bytes 2-5/10');
    expect(res.headers.etag).toMatch(/^"[0-9A-F]{32}"$/);
  });
});

describe('SignatureDoesNotMatch body as OSS sends it (error bodies quoted in Molunerfinn/PicGo#877, AlibabaCloudDocs/oss#35, vastsa/FileCodeBox#137)', () => {
  const t = useTestApp();

  it('OSSAccessKeyId, SignatureProvided, StringToSign, StringToSignBytes in that order, bytes as upper-case hex', async () => {
    const res = await oss(t.app, 'GET', {
      bucket: B,
      key: 'k',
      credentials: { accessKeyId: 'ossbox', accessKeySecret: 'wrong' },
    });
    expect(res.status).toBe(403);
    const names = [...res.text.matchAll(/<(\w+)>/g)].map((m) => m[1]);
    expect(names).toEqual([
      'Error',
      'Code',
      'Message',
      'RequestId',
      'HostId',
      'OSSAccessKeyId',
      'SignatureProvided',
      'StringToSign',
      'StringToSignBytes',
      'EC',
      'RecommendDoc',
    ]);
    const stringToSign = /<StringToSign>([^<]*)<\/StringToSign>/.exec(res.text)![1]!;
    const bytes = /<StringToSignBytes>([^<]*)<\/StringToSignBytes>/.exec(res.text)![1]!;
    expect(bytes).toMatch(/^(?:[0-9A-F]{2} )+$/);
    expect(
      Buffer.from(
        bytes
          .trim()
          .split(' ')
          .map((b) => parseInt(b, 16)),
      ).toString('utf8'),
    ).toBe(stringToSign);
  });
});

/** The names of the `<Error>` document's children, in order. */
const elementNames = (xml: string) => [...xml.matchAll(/<(\w+)>/g)].map((m) => m[1]).slice(1);

/** OSS writes these times in whole seconds: `2019-03-30T13:18:53.000Z`. */
const WHOLE_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/;

describe('RequestTimeTooSkewed body (error bodies quoted in aliyun/aliyun-oss-android-sdk#167, huhx/flutter_oss_aliyun#63)', () => {
  const t = useTestApp();

  it('MaxAllowedSkewMilliseconds, RequestTime, ServerTime after HostId, times in whole seconds', async () => {
    const sent = new Date(Date.now() - 3_600_000);
    const res = await oss(t.app, 'GET', {
      bucket: B,
      key: 'k',
      headers: { 'x-oss-date': sent.toUTCString() },
    });
    expect(res.status).toBe(403);
    expect(elementNames(res.text)).toEqual([
      'Code',
      'Message',
      'RequestId',
      'HostId',
      'MaxAllowedSkewMilliseconds',
      'RequestTime',
      'ServerTime',
      'EC',
      'RecommendDoc',
    ]);
    const value = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(res.text)![1]!;
    expect(value('MaxAllowedSkewMilliseconds')).toBe('900000');
    expect(value('RequestTime')).toBe(new Date(Math.floor(sent.getTime() / 1000) * 1000).toISOString());
    expect(value('ServerTime')).toMatch(WHOLE_SECONDS);
    expect(Math.abs(Date.parse(value('ServerTime')) - Date.now())).toBeLessThan(5_000);
  });
});

describe('expired presigned URL body (error body quoted in johnlui/AliyunOSS#20)', () => {
  const t = useTestApp();

  it('AccessDenied "Request has expired." with Expires and ServerTime in whole seconds', async () => {
    const expires = Math.floor(Date.now() / 1000) - 60;
    const query = presignV1(
      { method: 'GET', bucket: B, key: 'k', headers: {}, query: {} },
      CREDENTIALS,
      expires,
    );
    const res = await supertest(t.app).get(targetOf({ bucket: B, key: 'k', query }));
    expect(res.status).toBe(403);
    expect(elementNames(res.text)).toEqual([
      'Code',
      'Message',
      'RequestId',
      'HostId',
      'Expires',
      'ServerTime',
      'EC',
      'RecommendDoc',
    ]);
    expect(/<Expires>([^<]*)</.exec(res.text)![1]).toBe(new Date(expires * 1000).toISOString());
    expect(/<ServerTime>([^<]*)</.exec(res.text)![1]).toMatch(WHOLE_SECONDS);
  });
});

describe('HEAD error answers (HEAD 404 logged from OSS in apache/seatunnel#6371: Content-Length 455, x-oss-ec, x-oss-err)', () => {
  const t = useTestApp();

  it('no body; Content-Type and Content-Length of the error document, which x-oss-err carries in Base64', async () => {
    const res = await oss(t.app, 'HEAD', { bucket: B, key: 'missing' });
    expect(res.status).toBe(404);
    expect(res.text ?? '').toBe('');
    const xml = Buffer.from(String(res.headers['x-oss-err']), 'base64');
    expect(xml.toString()).toContain('<Code>NoSuchKey</Code>');
    expect(res.headers['x-oss-ec']).toBe('0026-00000001');
    expect(res.headers['content-type']).toBe('application/xml');
    expect(res.headers['content-length']).toBe(String(xml.length));
  });
});
