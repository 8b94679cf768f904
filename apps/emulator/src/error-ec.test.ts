/**
 * Every error carries its EC, in the `<EC>` element and the `x-oss-ec` header, and HEAD errors
 * (no body) in the header: one row per error the emulator raises with a documented EC, each EC
 * from its OSS EC page (https://help.aliyun.com/zh/oss/user-guide/<EC>, cited in
 * packages/protocol/src/errors.ts and at the raising code).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCompleteMultipartUpload,
  decodeErrHeader,
  OSS_ERRORS,
  parseErrorXml,
  parseInitiateMultipartUploadResult,
  signPostPolicyV1,
} from '@ossbox/protocol';
import type { OssRequest, TestApp } from './test-support/harness.js';
import { CREDENTIALS, createTestApp, oss } from './test-support/harness.js';

const B = 'examplebucket';
const upload = { id: '', overNormal: '' };

// The request bodies of the CORS EC pages (0034-00000002, -011, -013).
const CORS = (rules: string) => `<CORSConfiguration>${rules}</CORSConfiguration>`;
const CORS_RULE = (rest: string) => `<CORSRule><AllowedOrigin>*</AllowedOrigin>${rest}</CORSRule>`;

// The request bodies of the lifecycle EC pages (0014-00000026, 0014-00000060).
const LIFECYCLE = (action: string) =>
  `<LifecycleConfiguration><Rule><ID>rule1</ID><Prefix>zzz</Prefix><Status>Enabled</Status>${action}</Rule></LifecycleConfiguration>`;

// A PostObject form to the public-read-write bucket; a policy comes signed (V1), as a form with a
// policy must also carry OSSAccessKeyId and Signature (PostObject reference, Error codes).
const PUB = 'publicbucket';
const BOUNDARY = 'ec-boundary';
const b64 = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64');
function postForm(fields: [string, string][], withFile = true, afterFile: [string, string][] = []): OssRequest {
  const field = ([name, value]: [string, string]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const parts = fields.map(field);
  if (withFile) parts.push(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n`);
  parts.push(...afterFile.map(field));
  const body = `${parts.join('')}--${BOUNDARY}--\r\n`;
  return { bucket: PUB, anonymous: true, body, headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` } };
}
const withPolicy = (policy: string) => postForm([['key', 'form.txt'], ...Object.entries(signPostPolicyV1(policy, CREDENTIALS))]);
const LATER = '2100-01-01T00:00:00.000Z';

const LOGGING = (target: string) =>
  `<BucketLoggingStatus><LoggingEnabled><TargetBucket>${target}</TargetBucket><TargetPrefix>log/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>`;
const TAGS = (key: string) => `<Tagging><TagSet><Tag><Key>${key}</Key><Value>v</Value></Tag></TagSet></Tagging>`;

type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
const CASES: [name: string, method: Method, request: () => OssRequest, status: number, code: string, ec: string][] = [
  ['GET of a missing key', 'GET', () => ({ bucket: B, key: 'missing' }), 404, 'NoSuchKey', '0026-00000001'],
  ['HEAD of a missing key', 'HEAD', () => ({ bucket: B, key: 'missing' }), 404, 'NoSuchKey', '0026-00000001'],
  ['GET of a missing bucket', 'GET', () => ({ bucket: 'nobucket', key: 'k' }), 404, 'NoSuchBucket', '0015-00000101'],
  ['HEAD of a missing bucket', 'HEAD', () => ({ bucket: 'nobucket' }), 404, 'NoSuchBucket', '0015-00000101'],
  ['ListObjects with max-keys over 1000 (C++ SDK ListObjectsWithIllegalMaxKeys)', 'GET', () => ({ bucket: B, query: { 'max-keys': '1001' } }), 400, 'InvalidArgument', '0015-00000402'],
  ['ListObjectsV2 with max-keys 0', 'GET', () => ({ bucket: B, query: { 'list-type': '2', 'max-keys': '0' } }), 400, 'InvalidArgument', '0015-00000402'],
  ['ListBuckets with max-keys 1001', 'GET', () => ({ query: { 'max-keys': '1001' } }), 400, 'InvalidArgument', '0017-00000289'],
  ['UploadPart to an unknown upload', 'PUT', () => ({ bucket: B, key: 'k', query: { partNumber: '1', uploadId: 'nope' }, body: 'x' }), 404, 'NoSuchUpload', '0042-00000104'],
  ['UploadPartCopy to an unknown upload', 'PUT', () => ({ bucket: B, key: 'k', query: { partNumber: '1', uploadId: 'nope' }, headers: { 'x-oss-copy-source': `/${B}/normal.txt` } }), 404, 'NoSuchUpload', '0042-00000311'],
  ['AbortMultipartUpload of an unknown upload', 'DELETE', () => ({ bucket: B, key: 'k', query: { uploadId: 'nope' } }), 404, 'NoSuchUpload', '0042-00000002'],
  ['malformed Complete body', 'POST', () => ({ bucket: B, key: 'mp', query: { uploadId: upload.id }, body: '<Complete' }), 400, 'MalformedXML', '0031-00000001'],
  ['PutObject over an object with x-oss-forbid-overwrite', 'PUT', () => ({ bucket: B, key: 'normal.txt', body: 'y', headers: { 'x-oss-forbid-overwrite': 'true' } }), 409, 'FileAlreadyExists', '0026-00000002'],
  ['Complete over an object with x-oss-forbid-overwrite', 'POST', () => ({ bucket: B, key: 'normal.txt', query: { uploadId: upload.overNormal }, body: buildCompleteMultipartUpload([]), headers: { 'x-oss-forbid-overwrite': 'true' } }), 409, 'FileAlreadyExists', '0042-00000214'],
  ['invalid x-oss-forbid-overwrite', 'PUT', () => ({ bucket: B, key: 'k', body: 'y', headers: { 'x-oss-forbid-overwrite': 'abc' } }), 400, 'InvalidArgument', '0017-00000279'],
  ['AppendObject without position', 'POST', () => ({ bucket: B, key: 'log', query: { append: '' }, body: 'x' }), 400, 'MissingArgument', '0016-00000501'],
  ['AppendObject with a bad position', 'POST', () => ({ bucket: B, key: 'log', query: { append: '', position: 'test' }, body: 'x' }), 400, 'InvalidArgument', '0016-00000502'],
  ['AppendObject at the wrong position', 'POST', () => ({ bucket: B, key: 'log', query: { append: '', position: '7' }, body: 'x' }), 409, 'PositionNotEqualToLength', '0026-00000016'],
  ['AppendObject to a normal object', 'POST', () => ({ bucket: B, key: 'normal.txt', query: { append: '', position: '1' }, body: 'x' }), 409, 'ObjectNotAppendable', '0026-00000017'],
  ['a part number out of range', 'PUT', () => ({ bucket: B, key: 'mp', query: { partNumber: '0', uploadId: upload.id }, body: 'x' }), 400, 'InvalidArgument', '0017-00000220'],
  ['a bad Content-MD5', 'PUT', () => ({ bucket: B, key: 'k', body: 'x', headers: { 'Content-MD5': 'nope' } }), 400, 'InvalidDigest', '0017-00000502'],
  ['an invalid x-oss-server-side-encryption', 'PUT', () => ({ bucket: B, key: 'k', body: 'x', headers: { 'x-oss-server-side-encryption': 'DES' } }), 400, 'InvalidEncryptionAlgorithmError', '0005-00000003'],
  ['x-oss-tagging not key=value', 'PUT', () => ({ bucket: B, key: 'k', body: 'x', headers: { 'x-oss-tagging': 'aa=bb=cc' } }), 400, 'InvalidTag', '0010-00000219'],
  ['a wrong signature', 'GET', () => ({ bucket: B, key: 'normal.txt', credentials: { accessKeyId: 'ossbox', accessKeySecret: 'wrong' } }), 403, 'SignatureDoesNotMatch', '0002-00000040'],
  ['an unknown access key', 'GET', () => ({ bucket: B, key: 'normal.txt', credentials: { accessKeyId: 'nobody', accessKeySecret: 'x' } }), 403, 'InvalidAccessKeyId', '0002-00000902'],
  ['an anonymous read of a private object', 'GET', () => ({ bucket: B, key: 'normal.txt', anonymous: true }), 403, 'AccessDenied', '0003-00000001'],
  ['an invalid bucket name', 'PUT', () => ({ bucket: 'Bad_Name' }), 400, 'InvalidBucketName', '0015-00000001'],
  ['GET of an unrestored Archive object', 'GET', () => ({ bucket: B, key: 'archived' }), 403, 'InvalidObjectState', '0016-00000404'],
  ['RestoreObject of a Standard object', 'POST', () => ({ bucket: B, key: 'normal.txt', query: { restore: '' } }), 400, 'OperationNotSupported', '0016-00000702'],
  ['GetSymlink of an object that is no link', 'GET', () => ({ bucket: B, key: 'normal.txt', query: { symlink: '' } }), 400, 'NotSymlink', '0043-00000101'],
  ['GET through a link to a missing object', 'GET', () => ({ bucket: B, key: 'dangling' }), 404, 'SymlinkTargetNotExist', '0026-00000012'],
  ['GetBucketCors without rules', 'GET', () => ({ bucket: B, query: { cors: '' } }), 404, 'NoSuchCORSConfiguration', '0034-00000001'],
  ['PutBucketCors without CORSRule', 'PUT', () => ({ bucket: B, query: { cors: '' }, body: CORS('') }), 400, 'MalformedXML', '0034-00000002'],
  ['PutBucketCors with a bad AllowedMethod', 'PUT', () => ({ bucket: B, query: { cors: '' }, body: CORS(CORS_RULE('<AllowedMethod>TEST</AllowedMethod>')) }), 400, 'InvalidArgument', '0034-00000011'],
  ['DeleteBucket of a bucket with objects', 'DELETE', () => ({ bucket: B }), 409, 'BucketNotEmpty', '0015-00000301'],
  ['Complete with x-oss-complete-all and a body', 'POST', () => ({ bucket: B, key: 'mp', query: { uploadId: upload.id }, body: buildCompleteMultipartUpload([]), headers: { 'x-oss-complete-all': 'yes' } }), 400, 'InvalidArgument', '0042-00000216'],
  ['PutBucketCors with * in ExposeHeader', 'PUT', () => ({ bucket: B, query: { cors: '' }, body: CORS(CORS_RULE('<AllowedMethod>GET</AllowedMethod><ExposeHeader>x-oss-*</ExposeHeader>')) }), 400, 'InvalidArgument', '0034-00000013'],
  ['GetBucketPolicy without a policy', 'GET', () => ({ bucket: B, query: { policy: '' } }), 404, 'NoSuchBucketPolicy', '0030-00000006'],
  ['GetBucketEncryption without a rule', 'GET', () => ({ bucket: B, query: { encryption: '' } }), 404, 'NoSuchServerSideEncryptionRule', '0005-00000004'],
  ['PutBucketLifecycle with an empty Expiration', 'PUT', () => ({ bucket: B, query: { lifecycle: '' }, body: LIFECYCLE('<Expiration></Expiration>') }), 400, 'MalformedXML', '0014-00000060'],
  ['PutBucketLifecycle with a rule without an action', 'PUT', () => ({ bucket: B, query: { lifecycle: '' }, body: LIFECYCLE('') }), 400, 'MalformedXML', '0014-00000026'],
  ['a POST to an object without a sub-resource', 'POST', () => ({ bucket: B, key: 'normal.txt' }), 405, 'MethodNotAllowed', '0017-00000001'],
  ['a header-signed request dated an hour ago', 'GET', () => ({ bucket: B, key: 'normal.txt', headers: { 'x-oss-date': new Date(Date.now() - 3_600_000).toUTCString() } }), 403, 'RequestTimeTooSkewed', '0002-00000504'],
  ['PutBucketLogging to a missing target bucket', 'PUT', () => ({ bucket: B, query: { logging: '' }, body: LOGGING('nosuchtarget') }), 400, 'InvalidTargetBucketForLogging', '0032-00000008'],
  ['PostObject without a file field', 'POST', () => postForm([['key', 'form.txt']], false), 400, 'MalformedPOSTRequest', '0006-00000107'],
  ['PostObject with a policy but no OSSAccessKeyId', 'POST', () => postForm([['key', 'form.txt'], ['policy', b64({ expiration: LATER, conditions: [] })]]), 400, 'InvalidArgument', '0002-00000706'],
  ['PostObject with a Signature but no policy', 'POST', () => postForm([['key', 'form.txt'], ['OSSAccessKeyId', CREDENTIALS.accessKeyId], ['Signature', 'c2ln']]), 400, 'InvalidArgument', '0002-00000702'],
  ['PostObject with a policy condition neither list nor map', 'POST', () => withPolicy(b64({ expiration: LATER, conditions: [123] })), 400, 'InvalidPolicyDocument', '0006-00000222'],
  ['PostObject with a field after the file', 'POST', () => postForm([['key', 'form.txt']], true, [['upload', 'Upload']]), 400, 'MalformedPOSTRequest', '0006-00000103'],
  ['PostObject with a policy that is not Base64', 'POST', () => withPolicy('not base64!'), 400, 'InvalidPolicyDocument', '0006-00000202'],
  ['PostObject with a policy that is not JSON', 'POST', () => withPolicy(Buffer.from('{').toString('base64')), 400, 'InvalidPolicyDocument', '0006-00000204'],
  ['PostObject with a policy without expiration', 'POST', () => withPolicy(b64({ conditions: [] })), 400, 'InvalidPolicyDocument', '0006-00000208'],
  ['PostObject with an empty policy object', 'POST', () => withPolicy(b64({})), 400, 'InvalidPolicyDocument', '0006-00000209'],
  ['PostObject with a numeric policy expiration', 'POST', () => withPolicy(b64({ expiration: 123, conditions: [] })), 400, 'InvalidPolicyDocument', '0006-00000210'],
  ['PostObject with an empty policy expiration', 'POST', () => withPolicy(b64({ expiration: '', conditions: [] })), 400, 'InvalidPolicyDocument', '0006-00000211'],
  ['PostObject with a policy expiration that is no time', 'POST', () => withPolicy(b64({ expiration: 'tomorrow', conditions: [] })), 400, 'InvalidPolicyDocument', '0006-00000212'],
  ['PostObject with an expired policy', 'POST', () => withPolicy(b64({ expiration: '2000-01-01T00:00:00.000Z', conditions: [{ bucket: B }] })), 403, 'AccessDenied', '0006-00000213'],
  ['PostObject with a policy without conditions', 'POST', () => withPolicy(b64({ expiration: LATER })), 400, 'InvalidPolicyDocument', '0006-00000207'],
  ['PostObject with policy conditions that are no list', 'POST', () => withPolicy(b64({ expiration: LATER, conditions: 123 })), 400, 'InvalidPolicyDocument', '0006-00000214'],
  ['PostObject with an empty policy conditions list', 'POST', () => withPolicy(b64({ expiration: LATER, conditions: [] })), 400, 'InvalidPolicyDocument', '0006-00000215'],
  ['PostObject with a policy condition without a matching mode', 'POST', () => withPolicy(b64({ expiration: LATER, conditions: [['$key']] })), 400, 'InvalidPolicyDocument', '0006-00000216'],
  ['PostObject with an unsupported policy matching mode', 'POST', () => withPolicy(b64({ expiration: LATER, conditions: [['ends-with', '$key', 'form']] })), 400, 'InvalidPolicyDocument', '0006-00000217'],
  ['PostObject with a policy condition of four items', 'POST', () => withPolicy(b64({ expiration: LATER, conditions: [['starts-with', '$key', 'form', 'test']] })), 400, 'InvalidPolicyDocument', '0006-00000218'],
  ['PostObject without a field a policy condition names', 'POST', () => withPolicy(b64({ expiration: LATER, conditions: [['eq', '$success_action_status', '200']] })), 403, 'AccessDenied', '0006-00000226'],
  ['PostObject with a field failing a policy condition', 'POST', () => withPolicy(b64({ expiration: LATER, conditions: [['starts-with', '$key', 'user/']] })), 403, 'AccessDenied', '0006-00000227'],
  ['PostObject with content-length-range max < min', 'POST', () => withPolicy(b64({ expiration: LATER, conditions: [['content-length-range', 20, 10]] })), 400, 'InvalidPolicyDocument', '0006-00000219'],
  ['PostObject with a non-integer content-length-range', 'POST', () => withPolicy(b64({ expiration: LATER, conditions: [['content-length-range', 10, 'test']] })), 400, 'InvalidPolicyDocument', '0006-00000221'],
  ['PostObject with not-in and no list', 'POST', () => withPolicy(b64({ expiration: LATER, conditions: [['not-in', '$cache-control', 'no-cache']] })), 400, 'InvalidPolicyDocument', '0006-00000224'],
  ['PutBucketTags with a 65-character key', 'PUT', () => ({ bucket: B, query: { tagging: '' }, body: TAGS('k'.repeat(65)) }), 400, 'InvalidTag', '0010-00000219'],
  ['PutBucketTags with a reserved key prefix', 'PUT', () => ({ bucket: B, query: { tagging: '' }, body: TAGS('Aliyun-abc') }), 400, 'InvalidTag', '0010-00000207'],
  ['PutObject with an unknown storage class', 'PUT', () => ({ bucket: B, key: 'k', body: 'x', headers: { 'x-oss-storage-class': 'abc' } }), 400, 'InvalidArgument', '0017-00000132'],
  ['PutObject with an empty storage class', 'PUT', () => ({ bucket: B, key: 'k', body: 'x', headers: { 'x-oss-storage-class': '' } }), 400, 'InvalidArgument', '0017-00000131'],
  ['CopyObject with an unknown storage class', 'PUT', () => ({ bucket: B, key: 'copy', headers: { 'x-oss-copy-source': `/${B}/normal.txt`, 'x-oss-storage-class': 'test' } }), 400, 'InvalidArgument', '0013-00000101'],
  ['PutBucket with an unknown storage class', 'PUT', () => ({ bucket: 'newbucket', body: '<CreateBucketConfiguration><StorageClass>test</StorageClass></CreateBucketConfiguration>' }), 400, 'InvalidArgument', '0013-00000101'],
  ['GET with an If-Match that does not hold', 'GET', () => ({ bucket: B, key: 'normal.txt', headers: { 'If-Match': '"nope"' } }), 412, 'PreconditionFailed', '0017-00001001'],
  ['HEAD with an If-Unmodified-Since that does not hold', 'HEAD', () => ({ bucket: B, key: 'normal.txt', headers: { 'If-Unmodified-Since': 'Mon, 01 Jan 2001 00:00:00 GMT' } }), 412, 'PreconditionFailed', '0017-00001001'],
  ['PutObjectAcl with an unknown ACL', 'PUT', () => ({ bucket: B, key: 'normal.txt', query: { acl: '' }, headers: { 'x-oss-object-acl': 'public' } }), 400, 'InvalidArgument', '0017-00000104'],
  ['PutObjectAcl without x-oss-object-acl', 'PUT', () => ({ bucket: B, key: 'normal.txt', query: { acl: '' } }), 400, 'InvalidArgument', '0017-00000105'],
  ['PutBucketAcl with an unknown ACL', 'PUT', () => ({ bucket: B, query: { acl: '' }, headers: { 'x-oss-acl': 'not-support-acl' } }), 400, 'InvalidArgument', '0015-00000204'],
  ['ListObjects with an unknown encoding-type', 'GET', () => ({ bucket: B, query: { 'encoding-type': 'urlencode' } }), 400, 'InvalidArgument', '0017-00000235'],
  ['CopyObject with a malformed x-oss-copy-source', 'PUT', () => ({ bucket: B, key: 'copy', headers: { 'x-oss-copy-source': '/only-a-bucket' } }), 400, 'InvalidArgument', '0016-00000304'],
  ['UploadPartCopy with a malformed x-oss-copy-source', 'PUT', () => ({ bucket: B, key: 'mp', query: { partNumber: '1', uploadId: upload.id }, headers: { 'x-oss-copy-source': '/only-a-bucket' } }), 400, 'InvalidArgument', '0042-00000301'],
  ['CopyObject with x-oss-copy-source without the leading /', 'PUT', () => ({ bucket: B, key: 'copy', headers: { 'x-oss-copy-source': `${B}/normal.txt` } }), 400, 'InvalidArgument', '0016-00000304'],
  ['UploadPartCopy with x-oss-copy-source without the leading /', 'PUT', () => ({ bucket: B, key: 'mp', query: { partNumber: '1', uploadId: upload.id }, headers: { 'x-oss-copy-source': `${B}/normal.txt` } }), 400, 'InvalidArgument', '0042-00000301'],
  ['UploadPartCopy with an empty x-oss-copy-source', 'PUT', () => ({ bucket: B, key: 'mp', query: { partNumber: '1', uploadId: upload.id }, headers: { 'x-oss-copy-source': '' } }), 400, 'InvalidArgument', '0042-00000302'],
  ['RestoreObject of an Archive object for 8 days', 'POST', () => ({ bucket: B, key: 'archived', query: { restore: '' }, body: '<RestoreRequest><Days>8</Days></RestoreRequest>' }), 400, 'InvalidArgument', '0016-00000708'],
  ['RestoreObject of a Cold Archive object for 366 days', 'POST', () => ({ bucket: B, key: 'cold', query: { restore: '' }, body: '<RestoreRequest><Days>366</Days></RestoreRequest>' }), 400, 'InvalidArgument', '0016-00000704'],
  ['ListObjectsV2 with a continuation token it never gave', 'GET', () => ({ bucket: B, query: { 'list-type': '2', 'continuation-token': '2' } }), 400, 'InvalidArgument', '0015-00000404'],
  ['PutSymlink without x-oss-symlink-target', 'PUT', () => ({ bucket: B, key: 'link', query: { symlink: '' } }), 400, 'MissingArgument', '0043-00000001'],
  ['DeleteBucketInventory without inventoryId', 'DELETE', () => ({ bucket: B, query: { inventory: '' } }), 400, 'InvalidArgument', '0020-00000002'],
];

describe('EC on every error', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await oss(t.app, 'PUT', { bucket: B, key: 'normal.txt', body: 'x' }).expect(200);
    await oss(t.app, 'PUT', { bucket: PUB, headers: { 'x-oss-acl': 'public-read-write' } }).expect(200);
    await oss(t.app, 'POST', { bucket: B, key: 'log', query: { append: '', position: '0' }, body: 'abc' }).expect(200);
    await oss(t.app, 'PUT', { bucket: B, key: 'archived', body: 'x', headers: { 'x-oss-storage-class': 'Archive' } }).expect(200);
    await oss(t.app, 'PUT', { bucket: B, key: 'cold', body: 'x', headers: { 'x-oss-storage-class': 'ColdArchive' } }).expect(200);
    await oss(t.app, 'PUT', { bucket: B, key: 'dangling', query: { symlink: '' }, headers: { 'x-oss-symlink-target': 'gone' } }).expect(200);
    const init = await oss(t.app, 'POST', { bucket: B, key: 'mp', query: { uploads: '' } }).expect(200);
    upload.id = parseInitiateMultipartUploadResult(init.text).uploadId;
    const over = await oss(t.app, 'POST', { bucket: B, key: 'normal.txt', query: { uploads: '' } }).expect(200);
    upload.overNormal = parseInitiateMultipartUploadResult(over.text).uploadId;
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(CASES)('%s', async (_name, method, request, status, code, ec) => {
    const res = await oss(t.app, method, request());
    expect(res.status).toBe(status);
    expect(res.headers['x-oss-ec']).toBe(ec);
    const xml = method === 'HEAD' ? decodeErrHeader(res.headers['x-oss-err'] as string)! : res.text;
    expect(parseErrorXml(xml)).toMatchObject({ code, ec });
  });
});

/**
 * No code goes without an EC unnoticed: every code of the error table either has its EC or is
 * named in docs/fidelity.md's list of codes no EC page names (and nothing in that list has one).
 */
describe('EC coverage of the error table', () => {
  const doc = readFileSync(new URL('../../../docs/fidelity.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## Error codes and ECs'), doc.indexOf('## Where ossbox knowingly differs'));
  const listed = new Set([...section.slice(section.indexOf('rather than')).matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]!));

  it('every code has a well-formed EC or is listed as having none', () => {
    for (const [code, spec] of Object.entries(OSS_ERRORS)) {
      if (spec.ec !== undefined) {
        expect(spec.ec, code).toMatch(/^\d{4}-\d{8}$/);
        // InvalidArgument and InvalidTag have ECs for some causes only: listed, and with a default.
        if (!['InvalidArgument', 'InvalidTag'].includes(code)) expect(listed.has(code), `${code} has an EC but is listed`).toBe(false);
      } else {
        expect(listed.has(code), `${code} has no EC and is not listed in docs/fidelity.md`).toBe(true);
      }
    }
  });
});
