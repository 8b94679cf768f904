/**
 * Hostile and malformed requests: each must get the OSS error OSS would return (a 4xx with an
 * `<Error>` document), never a 500, and must leave stored objects untouched.
 */
import { createHash } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCallback, encodePostPolicy, parseErrorXml, signPostPolicyV1 } from '@ossbox/protocol';
import type { OssRequest, TestApp } from './test-support/harness.js';
import { CREDENTIALS, createTestApp, oss, signedHeaders } from './test-support/harness.js';
import { createCallbackEngine } from './callback-engine.js';
import { createApp } from './app.js';
import { loadOrCreateCallbackKey } from './callbacks/index.js';

const B = 'examplebucket';
const SENTINEL = 'sentinel.txt';
const SENTINEL_BODY = 'must survive every request below';

const md5Base64 = (body: string | Buffer) => createHash('md5').update(body).digest('base64');
const withMd5 = (body: string): Record<string, string> => ({ 'Content-MD5': md5Base64(body) });

type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

interface Case {
  name: string;
  method: Method;
  /** A signed request built by the harness. */
  request?: OssRequest;
  /** Or a raw request target and headers, sent as they are. */
  raw?: { target: string; headers?: Record<string, string>; body?: string };
  status: number;
  code: string;
}

const MANY_KEYS = `<Delete>${'<Object><Key>k</Key></Object>'.repeat(1001)}</Delete>`;
const ENTITY_XML =
  '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
  '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&b;</ETag></Part></CompleteMultipartUpload>';

const uploadId = { value: '' };
const callbackHeader = (value: string): OssRequest => ({ bucket: B, key: 'cb.txt', body: 'x', headers: { 'x-oss-callback': value } });

const CASES: Case[] = [
  // Addressing and keys (docs/rest-api.md §5.1).
  { name: 'invalid percent-encoding in the key', method: 'GET', raw: { target: `/${B}/%zz` }, status: 400, code: 'InvalidURI' },
  { name: 'invalid UTF-8 in the key', method: 'GET', raw: { target: `/${B}/%ff%fe` }, status: 400, code: 'InvalidArgument' },
  { name: 'invalid percent-encoding in the query', method: 'GET', raw: { target: `/${B}/?prefix=%E0%A4%A` }, status: 400, code: 'InvalidURI' },
  { name: 'a key of 1024 bytes', method: 'PUT', request: { bucket: B, key: 'k'.repeat(1024), body: 'x' }, status: 400, code: 'InvalidObjectName' },
  { name: 'a key starting with a backslash', method: 'PUT', request: { bucket: B, key: '\\x', body: 'x' }, status: 400, code: 'InvalidObjectName' },
  { name: 'creating a bucket with an invalid name', method: 'PUT', request: { bucket: 'Bad_Bucket' }, status: 400, code: 'InvalidBucketName' },
  { name: 'reading a bucket with an invalid name (no bucket can have it)', method: 'GET', request: { bucket: 'Bad_Bucket' }, status: 404, code: 'NoSuchBucket' },
  // Signatures (docs/rest-api.md §5.2-§5.5).
  { name: 'a wrong V1 secret', method: 'PUT', request: { bucket: B, key: SENTINEL, body: 'overwritten', credentials: { ...CREDENTIALS, accessKeySecret: 'wrong' } }, status: 403, code: 'SignatureDoesNotMatch' },
  { name: 'an unknown access key id', method: 'GET', request: { bucket: B, key: SENTINEL, credentials: { accessKeyId: 'nobody', accessKeySecret: 'x' } }, status: 403, code: 'InvalidAccessKeyId' },
  { name: 'a garbage Authorization header', method: 'DELETE', raw: { target: `/${B}/${SENTINEL}`, headers: { Authorization: 'OSS no-colon-here', 'x-oss-date': new Date().toUTCString() } }, status: 400, code: 'InvalidArgument' },
  { name: 'a truncated V4 Authorization header', method: 'DELETE', raw: { target: `/${B}/${SENTINEL}`, headers: { Authorization: 'OSS4-HMAC-SHA256 Credential=ossbox/2', 'x-oss-date': '20250101T000000Z' } }, status: 400, code: 'InvalidArgument' },
  { name: 'a presigned URL with a non-numeric Expires', method: 'GET', raw: { target: `/${B}/${SENTINEL}?OSSAccessKeyId=ossbox&Expires=soon&Signature=abc` }, status: 400, code: 'InvalidArgument' },
  { name: 'an anonymous write to a private bucket', method: 'PUT', request: { bucket: B, key: SENTINEL, body: 'overwritten', anonymous: true }, status: 403, code: 'AccessDenied' },
  // Bodies and digests.
  { name: 'a Content-MD5 that is not Base64 of 16 bytes', method: 'PUT', request: { bucket: B, key: SENTINEL, body: 'overwritten', headers: { 'Content-MD5': 'not base64!' } }, status: 400, code: 'InvalidDigest' },
  { name: 'a Content-MD5 that does not match the body', method: 'PUT', request: { bucket: B, key: SENTINEL, body: 'overwritten', headers: withMd5('other') }, status: 400, code: 'InvalidDigest' },
  // Signed, and refused from the header before a byte of the (absent) body is read.
  { name: 'a Content-Length over 5 GB', method: 'PUT', raw: { target: `/${B}/huge.bin`, headers: { ...signedHeaders('PUT', { bucket: B, key: 'huge.bin' }), 'Content-Length': String(5 * 1024 ** 3 + 1) } }, status: 400, code: 'EntityTooLarge' },
  { name: 'a non-numeric append position', method: 'POST', request: { bucket: B, key: 'log.txt', query: { append: '', position: '-1' }, body: 'x' }, status: 400, code: 'InvalidArgument' },
  { name: 'max-keys that is not a number', method: 'GET', request: { bucket: B, query: { 'max-keys': 'lots' } }, status: 400, code: 'InvalidArgument' },
  { name: 'a forged continuation token', method: 'GET', request: { bucket: B, query: { 'list-type': '2', 'continuation-token': '!!!' } }, status: 400, code: 'InvalidArgument' },
  { name: 'a malformed copy source', method: 'PUT', request: { bucket: B, key: 'copy.txt', headers: { 'x-oss-copy-source': '%zz' } }, status: 400, code: 'InvalidArgument' },
  // Keys are never file paths: this names bucket `..`, which does not exist.
  { name: 'a copy source like a path traversal', method: 'PUT', request: { bucket: B, key: 'copy.txt', headers: { 'x-oss-copy-source': '/../../etc/passwd' } }, status: 404, code: 'NoSuchBucket' },
  // XML documents.
  { name: 'malformed XML in DeleteMultipleObjects', method: 'POST', request: { bucket: B, query: { delete: '' }, body: '<Delete><Object><Key>sentinel.txt', headers: withMd5('<Delete><Object><Key>sentinel.txt') }, status: 400, code: 'MalformedXML' },
  { name: 'a non-XML DeleteMultipleObjects body', method: 'POST', request: { bucket: B, query: { delete: '' }, body: '{"Delete":[]}', headers: withMd5('{"Delete":[]}') }, status: 400, code: 'MalformedXML' },
  { name: 'DeleteMultipleObjects listing 1001 keys', method: 'POST', request: { bucket: B, query: { delete: '' }, body: MANY_KEYS, headers: withMd5(MANY_KEYS) }, status: 400, code: 'MalformedXML' },
  { name: 'XML with entity declarations', method: 'POST', request: { bucket: B, key: 'mp.bin', query: { uploadId: '<upload>' }, body: ENTITY_XML }, status: 400, code: 'MalformedXML' },
  { name: 'malformed XML in CompleteMultipartUpload', method: 'POST', request: { bucket: B, key: 'mp.bin', query: { uploadId: '<upload>' }, body: '<CompleteMultipartUpload><Part>' }, status: 400, code: 'MalformedXML' },
  { name: 'a Complete list with a non-numeric part number', method: 'POST', request: { bucket: B, key: 'mp.bin', query: { uploadId: '<upload>' }, body: '<CompleteMultipartUpload><Part><PartNumber>one</PartNumber><ETag>"x"</ETag></Part></CompleteMultipartUpload>' }, status: 400, code: 'MalformedXML' },
  { name: 'an XML body over the size cap', method: 'POST', request: { bucket: B, key: 'mp.bin', query: { uploadId: '<upload>' }, body: `<CompleteMultipartUpload>${' '.repeat(2 * 1024 * 1024 + 1)}</CompleteMultipartUpload>` }, status: 400, code: 'MalformedXML' },
  { name: 'a part number out of range', method: 'PUT', request: { bucket: B, key: 'mp.bin', query: { partNumber: '10001', uploadId: '<upload>' }, body: 'x' }, status: 400, code: 'InvalidArgument' },
  { name: 'an unknown upload id', method: 'PUT', request: { bucket: B, key: 'mp.bin', query: { partNumber: '1', uploadId: '../../x' }, body: 'x' }, status: 404, code: 'NoSuchUpload' },
  { name: 'a bad ACL value', method: 'PUT', request: { bucket: B, key: SENTINEL, query: { acl: '' }, headers: { 'x-oss-object-acl': 'everyone' } }, status: 400, code: 'InvalidArgument' },
  // Callback headers (docs/callback-protocol.md §1.2, §1.3).
  { name: 'x-oss-callback that is not Base64', method: 'PUT', request: callbackHeader('%%% not base64 %%%'), status: 400, code: 'InvalidArgument' },
  { name: 'x-oss-callback that is Base64 of non-JSON', method: 'PUT', request: callbackHeader(Buffer.from('{callbackUrl:').toString('base64')), status: 400, code: 'InvalidArgument' },
  { name: 'x-oss-callback JSON without callbackUrl', method: 'PUT', request: callbackHeader(Buffer.from('{"callbackBody":"a"}').toString('base64')), status: 400, code: 'InvalidArgument' },
  { name: 'x-oss-callback with a non-http URL', method: 'PUT', request: callbackHeader(encodeCallback({ urls: ['file:///etc/passwd'], body: 'a', bodyType: 'application/x-www-form-urlencoded' })), status: 400, code: 'InvalidArgument' },
  { name: 'x-oss-callback-var that is not Base64 JSON', method: 'PUT', request: { bucket: B, key: 'cb.txt', body: 'x', headers: { 'x-oss-callback': encodeCallback({ urls: ['http://127.0.0.1:9/'], body: 'a', bodyType: 'application/x-www-form-urlencoded' }), 'x-oss-callback-var': 'e30=!' } }, status: 400, code: 'InvalidArgument' },
  // PostObject forms (docs/rest-api.md §5.11).
  { name: 'a PostObject body that is not multipart', method: 'POST', raw: { target: `/${B}`, headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, body: 'garbage' }, status: 400, code: 'MalformedPOSTRequest' },
  { name: 'a PostObject without a boundary', method: 'POST', raw: { target: `/${B}`, headers: { 'Content-Type': 'multipart/form-data' }, body: 'garbage' }, status: 400, code: 'MalformedPOSTRequest' },
];

/** A multipart/form-data body with the given fields and a final `file` field. */
function formBody(fields: Record<string, string>, boundary: string): string {
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\nbody\r\n--${boundary}--\r\n`;
}

const openPolicy = () => encodePostPolicy({ expiration: new Date(Date.now() + 60_000), conditions: [['starts-with', '$key', '']] });

// The form signature covers the policy's Base64 text, so it is checked before the policy is read.
const POLICY_CASES: { name: string; fields: () => Record<string, string>; code: string }[] = [
  { name: 'a signed policy that is not Base64 JSON', fields: () => ({ key: SENTINEL, ...signPostPolicyV1('!!!', CREDENTIALS) }), code: 'InvalidPolicyDocument' },
  { name: 'a policy signed with the wrong secret', fields: () => ({ key: SENTINEL, ...signPostPolicyV1(openPolicy(), { ...CREDENTIALS, accessKeySecret: 'wrong' }) }), code: 'SignatureDoesNotMatch' },
  { name: 'a form key starting with a slash', fields: () => ({ key: '/abs', ...signPostPolicyV1(openPolicy(), CREDENTIALS) }), code: 'InvalidObjectName' },
];

describe('bad input gets the OSS error, never a 500 or data loss', () => {
  let t: TestApp;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    t = await createTestApp();
    // An app with upload callbacks, so callback headers are parsed rather than refused with 501.
    const callbacks = createCallbackEngine({
      key: await loadOrCreateCallbackKey(t.dir),
      publicKeyUrl: 'http://127.0.0.1:9/_ossbox/callback-public-key',
      timeoutMs: 1000,
      strict: false,
    });
    app = createApp({ config: t.config, storage: t.storage, callbacks });
    expect((await oss(app, 'PUT', { bucket: B, key: SENTINEL, body: SENTINEL_BODY })).status).toBe(200);
    const init = await oss(app, 'POST', { bucket: B, key: 'mp.bin', query: { uploads: '' } });
    uploadId.value = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
  });
  afterAll(async () => {
    await t.close();
  });

  async function send(c: Case): Promise<supertest.Response> {
    if (c.request) {
      const query = Object.fromEntries(Object.entries(c.request.query ?? {}).map(([k, v]) => [k, v === '<upload>' ? uploadId.value : v]));
      return oss(app, c.method, { ...c.request, query });
    }
    const { target, headers = {}, body } = c.raw!;
    const agent = supertest(app);
    const test = c.method === 'GET' ? agent.get(target) : c.method === 'PUT' ? agent.put(target) : c.method === 'POST' ? agent.post(target) : agent.delete(target);
    test.set(headers);
    return body === undefined ? test : test.send(body);
  }

  it.each(CASES)('$name → $status $code', async (c) => {
    const res = await send(c);
    expect(res.status).toBe(c.status);
    expect(parseErrorXml(res.text)?.code).toBe(c.code);
  });

  it.each(POLICY_CASES)('PostObject with $name → 4xx $code', async (c) => {
    const boundary = 'ossbox-boundary';
    const res = await supertest(app)
      .post(`/${B}`)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(formBody(c.fields(), boundary));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(parseErrorXml(res.text)?.code).toBe(c.code);
  });

  it('stores a key like ../../x as an ordinary key, inside the data directory', async () => {
    const key = '../../x';
    expect((await oss(app, 'PUT', { bucket: B, key, body: 'dots' })).status).toBe(200);
    const got = await oss(app, 'GET', { bucket: B, key });
    expect(got.status).toBe(200);
    expect(got.text).toBe('dots');
    const listed = await oss(app, 'GET', { bucket: B, query: { prefix: '../' } });
    expect(listed.text).toContain('<Key>../../x</Key>');
  });

  it('left the sentinel object as it was', async () => {
    const res = await oss(app, 'GET', { bucket: B, key: SENTINEL });
    expect(res.status).toBe(200);
    expect(res.text).toBe(SENTINEL_BODY);
    expect(res.headers['content-md5']).toBe(md5Base64(SENTINEL_BODY));
  });

  it('HEAD errors carry the error document in x-oss-err instead of a body', async () => {
    const res = await oss(app, 'HEAD', { bucket: B, key: 'missing', credentials: { ...CREDENTIALS, accessKeySecret: 'wrong' } });
    expect(res.status).toBe(403);
    expect(parseErrorXml(Buffer.from(String(res.headers['x-oss-err']), 'base64').toString())?.code).toBe('SignatureDoesNotMatch');
  });
});
