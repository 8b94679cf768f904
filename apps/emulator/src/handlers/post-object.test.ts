import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Express } from 'express';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  encodeCallback,
  encodePostPolicy,
  parseErrorXml,
  parsePostResponse,
  postPolicyV4Conditions,
  signPostPolicyV1,
  signPostPolicyV4,
} from '@ossbox/protocol';
import type { TestApp } from '../test-support/harness.js';
import { CREDENTIALS, createTestApp, oss } from '../test-support/harness.js';
import { encodeForm } from '../test-support/form.js';
import type { Part } from '../test-support/form.js';

const B = 'examplebucket';

function policyOf(conditions: unknown[], expiresInMs = 3600_000): string {
  return encodePostPolicy({ expiration: new Date(Date.now() + expiresInMs), conditions });
}

function v1Fields(conditions: unknown[], expiresInMs?: number): Part[] {
  return Object.entries(signPostPolicyV1(policyOf(conditions, expiresInMs), CREDENTIALS));
}

function v4Fields(conditions: unknown[], region = 'cn-hangzhou'): Part[] {
  const date = new Date();
  const policy = encodePostPolicy({
    expiration: new Date(date.getTime() + 3600_000),
    conditions: [...conditions, ...postPolicyV4Conditions(CREDENTIALS, { region, date })],
  });
  return Object.entries(signPostPolicyV4(policy, CREDENTIALS, { region, date }));
}

const file = (data: string | Buffer, filename = 'local.txt', type?: string): Part => [
  'file',
  type === undefined ? { filename, data } : { filename, data, type },
];

describe('PostObject', () => {
  let t: TestApp;
  let app: Express;

  beforeEach(async () => {
    t = await createTestApp();
    app = t.app;
  });
  afterEach(async () => {
    await t.close();
  });

  async function post(parts: Part[], options: { host?: string; path?: string } = {}) {
    const { body, contentType } = await encodeForm(parts);
    const test = supertest(app)
      .post(options.path ?? (options.host ? '/' : `/${B}`))
      .set('Content-Type', contentType);
    if (options.host) test.set('Host', options.host);
    return test.send(body);
  }

  async function getObject(key: string) {
    return oss(t.app, 'GET', { bucket: B, key });
  }

  async function expectNothingStored() {
    expect(t.storage.meta.listObjects({ bucket: B, prefix: '', delimiter: '', after: '', maxKeys: 10 }).objects).toEqual([]);
    expect(await readdir(join(t.dir, 'tmp'))).toEqual([]);
  }

  function errorOf(res: { text: string }) {
    return parseErrorXml(res.text)!;
  }

  it('stores a V1-signed form with metadata and answers 201 with the PostResponse XML', async () => {
    const data = 'hello from a form\n';
    const res = await post([
      ['key', 'uploads/${filename}'],
      ['success_action_status', '201'],
      ['x-oss-meta-author', 'alice'],
      ['Cache-Control', 'no-cache'],
      ['Content-Disposition', 'attachment; filename="x.txt"'],
      ['Content-Type', 'text/field'],
      ...v1Fields([{ bucket: B }, ['starts-with', '$key', 'uploads/'], ['content-length-range', 1, 100]]),
      file(data, 'note.txt', 'text/plain'),
    ]);
    expect(res.status).toBe(201);
    const md5 = createHash('md5').update(data).digest();
    const etag = `"${md5.toString('hex').toUpperCase()}"`;
    expect(res.headers.etag).toBe(etag);
    expect(res.headers['content-md5']).toBe(md5.toString('base64'));
    expect(res.headers['x-oss-hash-crc64ecma']).toMatch(/^\d+$/);
    expect(parsePostResponse(res.text)).toEqual({
      bucket: B,
      key: 'uploads/note.txt',
      etag,
      location: expect.stringContaining(`/${B}/uploads/note.txt`),
    });
    const get = await getObject('uploads/note.txt');
    expect(get.text).toBe(data);
    // The file part's type wins over the Content-Type field (§5.11).
    expect(get.headers['content-type']).toMatch(/^text\/plain/);
    expect(get.headers['x-oss-meta-author']).toBe('alice');
    expect(get.headers['cache-control']).toBe('no-cache');
    expect(get.headers['content-disposition']).toBe('attachment; filename="x.txt"');
  });

  it('stores a V4-signed form on a virtual-hosted bucket with the default 204', async () => {
    const res = await post([['key', 'v4.bin'], ...v4Fields([{ bucket: B }]), file(Buffer.from([0, 1, 2, 255]), 'v4.bin')], {
      host: `${B}.localhost`,
    });
    expect(res.status).toBe(204);
    expect(res.headers.etag).toMatch(/^"[0-9A-F]{32}"$/);
    const get = await getObject('v4.bin');
    expect(Buffer.compare(get.body as Buffer, Buffer.from([0, 1, 2, 255]))).toBe(0);
  });

  it('matches field names case-insensitively', async () => {
    const policy = policyOf([{ bucket: B }]);
    const signed = signPostPolicyV1(policy, CREDENTIALS);
    const res = await post([
      ['KEY', 'case.txt'],
      ['ossaccesskeyid', signed.OSSAccessKeyId!],
      ['POLICY', policy],
      ['SIGNATURE', signed.Signature!],
      ['X-OSS-Content-Type', 'application/x-custom'],
      ['Success_Action_Status', '200'],
      file('first', 'a.txt', 'text/plain'),
    ]);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const get = await getObject('case.txt');
    expect(get.text).toBe('first');
    expect(get.headers['content-type']).toBe('application/x-custom');
  });

  // EC page 0006-00000103: the file field must be the last one; OSS refuses the form (it does not
  // ignore the rest, as S3 does). A plain <form> with a named submit button after its file input
  // sends exactly such a trailing field.
  it.each<[string, Part[]]>([
    ['a field', [['upload', 'Upload']]],
    ['a field that would change the key, and metadata', [['key', 'other.txt'], ['x-oss-meta-late', 'x'.repeat(8 * 1024)]]],
    ['a second file under another name', [['attachment', { filename: 'c.txt', data: 'third' }]]],
  ])('refuses a form with %s after the file: 400 MalformedPOSTRequest (EC 0006-00000103), nothing stored', async (_name, trailing) => {
    const res = await post([['key', 'case.txt'], ...v1Fields([{ bucket: B }]), ['success_action_status', '200'], file('first', 'a.txt'), ...trailing]);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'MalformedPOSTRequest', ec: '0006-00000103' });
    await expectNothingStored();
  });

  // OSS error responses page: a form has one file field only (IncorrectNumberOfFilesInPOSTRequest).
  it.each<[string, Part]>([
    ['a second file', file('second', 'b.txt')],
    ['a second file part without a file name', ['FILE', 'second']],
  ])('refuses a form with %s named file: 400 IncorrectNumberOfFilesInPOSTRequest, nothing stored', async (_name, second) => {
    const res = await post([['key', 'two.txt'], ...v1Fields([{ bucket: B }]), file('first', 'a.txt'), second]);
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('IncorrectNumberOfFilesInPOSTRequest');
    await expectNothingStored();
  });

  it('answers the EC page example, whose signature fields follow the file, with MalformedPOSTRequest (EC 0006-00000103), not AccessDenied', async () => {
    const policy = policyOf([['content-length-range', 0, 1048576000]]);
    const signed = signPostPolicyV1(policy, CREDENTIALS);
    const res = await post([
      ['name', 'big.img'],
      ['key', '${filename}'],
      ['policy', policy],
      file('***', 'big.img', 'application/octet-stream'),
      ['OSSAccessKeyId', signed.OSSAccessKeyId!],
      ['success_action_status', '200'],
      ['signature', signed.Signature!],
    ]);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'MalformedPOSTRequest', ec: '0006-00000103' });
    await expectNothingStored();
    // The same form with its file last is stored: the order was the only fault.
    const fixed = await post([['key', '${filename}'], ['policy', policy], ['OSSAccessKeyId', signed.OSSAccessKeyId!], ['signature', signed.Signature!], file('***', 'big.img')]);
    expect(fixed.status).toBe(204);
  });

  it.each([
    ['a text value', 'plain text without a file name'],
    // Past busboy's field buffer (64 KB): still streamed as the file, not refused as a long field.
    ['a value larger than a field may be', 'x'.repeat(200 * 1024)],
  ])('takes a file part without filename= as the file (%s), as OSS does', async (_name, data) => {
    // FormData sends a string value with no filename parameter, as `curl -F 'file=<…'` does.
    const res = await post([['key', 'no-name${filename}.txt'], ...v1Fields([{ bucket: B }]), ['file', data]]);
    expect(res.status).toBe(204);
    const got = await getObject('no-name.txt');
    expect(got.text).toBe(data);
  });

  it('takes encryption, tagging and Content-Language fields like the PutObject headers, and rejects a bad encryption', async () => {
    const fields: Part[] = [
      ['key', 'sse.txt'],
      ['x-oss-server-side-encryption', 'SM4'],
      ['x-oss-tagging', 'a=1&b=2'],
      ['Content-Language', 'de'],
      ...v1Fields([{ bucket: B }]),
    ];
    const res = await post([...fields, file('data')]);
    expect(res.status).toBe(204);
    expect(res.headers['x-oss-server-side-encryption']).toBe('SM4');
    const head = await oss(t.app, 'HEAD', { bucket: B, key: 'sse.txt' });
    expect(head.headers).toMatchObject({ 'x-oss-server-side-encryption': 'SM4', 'x-oss-tagging-count': '2', 'content-language': 'de' });
    const bad = await post([['key', 'bad.txt'], ['x-oss-server-side-encryption', 'DES'], ...v1Fields([{ bucket: B }]), file('data')]);
    expect(bad.status).toBe(400);
    expect(errorOf(bad).code).toBe('InvalidEncryptionAlgorithmError');
  });

  it('keeps a filename*= parameter and a part named FILE in any case', async () => {
    const { body, contentType } = await encodeForm([['key', 'k.txt'], ...v1Fields([{ bucket: B }])]);
    const boundary = /boundary=(.+)$/.exec(contentType)![1]!;
    const tail = `--${boundary}\r\nContent-Disposition: form-data; NAME="FILE"; filename*=UTF-8''a.txt\r\n\r\nstar\r\n--${boundary}--\r\n`;
    const withFile = Buffer.concat([body.subarray(0, body.lastIndexOf(`--${boundary}--`)), Buffer.from(tail)]);
    const res = await supertest(app).post(`/${B}`).set('Content-Type', contentType).send(withFile);
    expect(res.status).toBe(204);
    expect((await getObject('k.txt')).text).toBe('star');
  });

  // PostObject reference, Appendix: Policy: "The value of a form field is extended after OSS checks
  // the policy", so a condition names the key field as sent, `${filename}` and all.
  it('checks the policy against the key field before ${filename} is expanded', async () => {
    const res = await post([['key', 'user/${filename}'], ...v1Fields([['eq', '$key', 'user/${filename}']]), file('x', 'pic.png')]);
    expect(res.status).toBe(204);
    expect((await getObject('user/pic.png')).text).toBe('x');
    const expanded = await post([['key', 'user/${filename}'], ...v1Fields([['eq', '$key', 'user/pic.png']]), file('x', 'pic.png')]);
    expect(expanded.status).toBe(403);
    expect(errorOf(expanded)).toMatchObject({ code: 'AccessDenied', ec: '0006-00000227' });
  });

  // The policy's JSON may write a literal dollar sign as \$ (the reference's escape table).
  it('takes a policy whose JSON escapes a dollar sign as \\$', async () => {
    const expiration = new Date(Date.now() + 3600_000).toISOString();
    const policy = Buffer.from(`{"expiration":"${expiration}","conditions":[["eq","$key","price-\\$5.txt"]]}`).toString('base64');
    const res = await post([['key', 'price-$5.txt'], ...Object.entries(signPostPolicyV1(policy, CREDENTIALS)), file('x')]);
    expect(res.status).toBe(204);
    expect((await getObject('price-$5.txt')).text).toBe('x');
  });

  // A <form> or FormData whose file input has no file chosen sends the file part with filename=""
  // and no bytes. ${filename} is then empty: OSS documents nothing more, so the key is what the
  // expansion gives, and an empty key is an invalid object name ("The Object name can not be
  // empty", HTTP 400 page), nothing stored.
  it('a file input with no file chosen: ${filename} is empty, and an empty key is InvalidObjectName', async () => {
    const none = file('', '', 'application/octet-stream');
    const bare = await post([['key', '${filename}'], ...v1Fields([{ bucket: B }]), none]);
    expect(bare.status).toBe(400);
    expect(errorOf(bare).code).toBe('InvalidObjectName');
    await expectNothingStored();
    const inDir = await post([['key', 'uploads/${filename}'], ...v1Fields([{ bucket: B }]), none]);
    expect(inDir.status).toBe(204);
    const stored = await getObject('uploads/');
    expect([stored.status, stored.headers['content-length']]).toEqual([200, '0']);
  });

  it('expands ${filename} with a UTF-8 file name', async () => {
    const res = await post([['key', 'u/${filename}'], ...v1Fields([{ bucket: B }]), file('utf8', '杭州 photo.txt')]);
    expect(res.status).toBe(204);
    expect((await getObject('u/杭州 photo.txt')).text).toBe('utf8');
  });

  it('redirects with 303 to success_action_redirect, which wins over the status', async () => {
    const res = await post([
      ['key', 'r.txt'],
      ['success_action_redirect', 'https://app.example.com/done?from=form'],
      ['success_action_status', '201'],
      ...v1Fields([{ bucket: B }]),
      file('r'),
    ]);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.location!);
    expect(location.origin + location.pathname).toBe('https://app.example.com/done');
    expect(location.searchParams.get('from')).toBe('form');
    expect(location.searchParams.get('bucket')).toBe(B);
    expect(location.searchParams.get('key')).toBe('r.txt');
    expect(location.searchParams.get('etag')).toBe(res.headers.etag);
  });

  it('accepts an anonymous form on a public-read-write bucket only', async () => {
    const denied = await post([['key', 'anon.txt'], file('a')]);
    expect(denied.status).toBe(403);
    expect(errorOf(denied).code).toBe('AccessDenied');
    await expectNothingStored();
    t.storage.meta.setBucketAcl(B, 'public-read-write');
    const ok = await post([['key', 'anon.txt'], file('a')]);
    expect(ok.status).toBe(204);
    expect((await getObject('anon.txt')).text).toBe('a');
  });

  // PostObject reference, Error codes: once any of OSSAccessKeyId, policy and Signature is sent,
  // the other two are required (400 InvalidArgument), whatever the bucket ACL.
  it('refuses a form with only some of the signing fields, even on a public-read-write bucket', async () => {
    t.storage.meta.setBucketAcl(B, 'public-read-write');
    const signed = signPostPolicyV1(policyOf([{ bucket: B }]), CREDENTIALS);
    for (const [fields, name, ec] of [
      [[['policy', signed.policy!]], 'OSSAccessKeyId', '0002-00000706'],
      [[['OSSAccessKeyId', signed.OSSAccessKeyId!], ['policy', signed.policy!]], 'Signature', '0002-00000703'],
      [[['Signature', signed.Signature!]], 'policy', '0002-00000702'],
    ] as [Part[], string, string][]) {
      const res = await post([['key', 'partial.txt'], ...fields, file('x')]);
      expect(res.status).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'InvalidArgument', ec, details: { ArgumentName: name } });
    }
    await expectNothingStored();
  });

  it('rejects a wrong signature and stores nothing', async () => {
    const fields = v1Fields([{ bucket: B }]).map(([n, v]): Part => [n, n === 'Signature' ? 'AAAA' + String(v).slice(4) : v]);
    const res = await post([['key', 'bad.txt'], ...fields, file('x')]);
    expect(res.status).toBe(403);
    expect(errorOf(res).code).toBe('SignatureDoesNotMatch');
    await expectNothingStored();
  });

  it('enforces policy conditions (403, EC 0006-00000227) and expiry', async () => {
    const wrongKey = await post([['key', 'elsewhere/a.txt'], ...v1Fields([['starts-with', '$key', 'user/']]), file('x')]);
    expect(wrongKey.status).toBe(403);
    expect(errorOf(wrongKey)).toMatchObject({ code: 'AccessDenied', ec: '0006-00000227' });
    expect(errorOf(wrongKey).message).toContain('["starts-with", "$key", "user/"]');
    const wrongBucket = await post([['key', 'a.txt'], ...v1Fields([{ bucket: 'another' }]), file('x')]);
    expect(errorOf(wrongBucket).code).toBe('AccessDenied');
    const expired = await post([['key', 'a.txt'], ...v1Fields([{ bucket: B }], -1000), file('x')]);
    expect(expired.status).toBe(403);
    expect(errorOf(expired).message).toContain('Policy expired');
    await expectNothingStored();
  });

  it('enforces content-length-range on the streamed size, storing nothing when it fails', async () => {
    const tooBig = await post([['key', 'big.bin'], ...v1Fields([['content-length-range', 0, 10]]), file(Buffer.alloc(64 * 1024))]);
    // EC pages 0006-00000003 (over the range) and 0006-00000004 (under it).
    expect(tooBig.status).toBe(400);
    expect(errorOf(tooBig)).toMatchObject({ code: 'EntityTooLarge', ec: '0006-00000003' });
    expect(errorOf(tooBig).message).toBe('Your proposed upload exceeds the maximum allowed size.');
    const tooSmall = await post([['key', 'small.bin'], ...v1Fields([['content-length-range', 5, 10]]), file('abc')]);
    expect(tooSmall.status).toBe(400);
    expect(errorOf(tooSmall)).toMatchObject({ code: 'EntityTooSmall', ec: '0006-00000004' });
    await expectNothingStored();
  });

  it('requires a V4 policy to pin the signing fields', async () => {
    const date = new Date();
    const policy = policyOf([{ bucket: B }]);
    const fields = Object.entries(signPostPolicyV4(policy, CREDENTIALS, { region: 'cn-hangzhou', date }));
    const res = await post([['key', 'v4.txt'], ...fields, file('x')]);
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('InvalidPolicyDocument');
    await expectNothingStored();
  });

  // OSS's limits: 2 MB per field value (EC page, document 480528) and 8 MB of fields before the
  // file (EC page 0006-00000112).
  it('accepts a 1 MB field before the file', async () => {
    // A field OSS does not store (a 1 MB metadata value could not be sent back as a header).
    const res = await post([['key', 'big-field.txt'], ['comment', 'x'.repeat(1024 * 1024)], ...v1Fields([{ bucket: B }]), file('x')]);
    expect(res.status).toBe(204);
    const get = await oss(app, 'GET', { bucket: B, key: 'big-field.txt' });
    expect(get.status).toBe(200);
  });

  // EC page 0006-00000110: a field name is at most 8 KB (its example: a 10 000-character name).
  it('takes a field name of 8 KB and refuses a longer one (EC 0006-00000110), storing nothing', async () => {
    const longest = `x-${'n'.repeat(8 * 1024 - 2)}`;
    const ok = await post([['key', 'named.txt'], ...v1Fields([{ bucket: B }]), [longest, 'v'], file('x')]);
    expect(ok.status).toBe(204);
    await oss(t.app, 'DELETE', { bucket: B, key: 'named.txt' }).expect(204);
    const res = await post([['key', 'named.txt'], ...v1Fields([{ bucket: B }]), ['n'.repeat(10_000), 'v'], file('x')]);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'FieldItemTooLong', message: 'Your name of form field is too long.', ec: '0006-00000110' });
    await expectNothingStored();
  });

  it('answers FieldItemTooLong for a field value over 2 MB', async () => {
    const res = await post([['key', 'a.txt'], ['x-oss-meta-big', 'x'.repeat(2 * 1024 * 1024 + 1)], ...v1Fields([{ bucket: B }]), file('x')]);
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('FieldItemTooLong');
    await expectNothingStored();
  });

  // OSS error responses page: MaxPOSTPreDataLengthExceededError, "the body besides the file too large".
  it('answers MaxPOSTPreDataLengthExceededError (EC 0006-00000112) for fields over 8 MB before the file', async () => {
    const filler = 'x'.repeat(2 * 1024 * 1024);
    const fillers: Part[] = [1, 2, 3, 4, 5].map((n) => [`filler${n}`, filler]);
    const res = await post([['key', 'a.txt'], ...fillers, ...v1Fields([{ bucket: B }]), file('x')]);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({
      code: 'MaxPOSTPreDataLengthExceededError',
      message: 'Your POST request fields preceding the upload file were too large.',
      ec: '0006-00000112',
    });
    await expectNothingStored();
  });

  it('refuses fields over 8 MB as soon as they pass it, without parsing the rest of the form', async () => {
    const filler = 'x'.repeat(2 * 1024 * 1024);
    const fillers: Part[] = [1, 2, 3, 4, 5].map((n) => [`filler${n}`, filler]);
    const { body, contentType } = await encodeForm([['key', 'a.txt'], ...fillers, ...v1Fields([{ bucket: B }]), file('abcdef')]);
    // What follows the fifth filler is cut short: parsed to the end, this form would be malformed.
    const cut = body.subarray(0, body.lastIndexOf(filler) + filler.length + 10);
    const res = await supertest(app).post(`/${B}`).set('Content-Type', contentType).send(cut);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'MaxPOSTPreDataLengthExceededError', ec: '0006-00000112' });
    await expectNothingStored();
  });

  it('answers MalformedPOSTRequest for bodies that are not well-formed multipart/form-data, RequestIsNotMultiPartContent for other types', async () => {
    const { body, contentType } = await encodeForm([['key', 'a.txt'], ...v1Fields([{ bucket: B }]), file('abcdef')]);
    // Cut inside the file part: the closing boundary never comes.
    const truncated = await supertest(app)
      .post(`/${B}`)
      .set('Content-Type', contentType)
      .send(body.subarray(0, body.indexOf('abcdef') + 3));
    expect(truncated.status).toBe(400);
    expect(errorOf(truncated).code).toBe('MalformedPOSTRequest');
    // OSS error responses page: a POST that is not multipart/form-data is RequestIsNotMultiPartContent.
    for (const type of ['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/mixed; boundary=x']) {
      const notMultipart = await supertest(app).post(`/${B}`).set('Content-Type', type).send('a=b');
      expect(notMultipart.status).toBe(400);
      expect(errorOf(notMultipart).code).toBe('RequestIsNotMultiPartContent');
    }
    const noBoundary = await supertest(app).post(`/${B}`).set('Content-Type', 'multipart/form-data').send('x');
    expect(errorOf(noBoundary).code).toBe('MalformedPOSTRequest');
    await expectNothingStored();
  });

  // EC page https://help.aliyun.com/zh/oss/support/0006-00000109: a part whose header block has
  // no Content-Disposition (its example: `Content: form-data; name="name"`) makes the form malformed.
  it('answers MalformedPOSTRequest (EC 0006-00000109) for a part without Content-Disposition, before its signature or a part after the file; nothing stored', async () => {
    const send = async (parts: Part[]) => {
      const { body, contentType } = await encodeForm(parts);
      const text = body.toString('latin1').replace('Content-Disposition: form-data; name="name"', 'Content: form-data; name="name"');
      return supertest(app).post(`/${B}`).set('Content-Type', contentType).send(Buffer.from(text, 'latin1'));
    };
    const signed = await send([['name', 'big.img'], ['key', '${filename}'], ...v1Fields([{ bucket: B }]), file('***', 'big.img')]);
    expect(signed.status).toBe(400);
    expect(errorOf(signed)).toMatchObject({ code: 'MalformedPOSTRequest', ec: '0006-00000109' });
    const badSignature = await send([['name', 'big.img'], ['key', 'a.txt'], ['OSSAccessKeyId', CREDENTIALS.accessKeyId], ['policy', policyOf([{ bucket: B }])], ['Signature', 'bm9wZQ=='], file('x')]);
    expect(errorOf(badSignature).ec).toBe('0006-00000109');
    const trailing = await send([['name', 'big.img'], ['key', 'b.txt'], ...v1Fields([{ bucket: B }]), file('x'), ['late', '1']]);
    expect(errorOf(trailing).ec).toBe('0006-00000109');
    await expectNothingStored();
  });

  it('answers MalformedPOSTRequest without a file, InvalidArgument without a key', async () => {
    const noFile = await post([['key', 'a.txt'], ...v1Fields([{ bucket: B }])]);
    expect(noFile.status).toBe(400);
    expect(errorOf(noFile)).toMatchObject({
      code: 'MalformedPOSTRequest',
      message: 'The body of your POST request is not well-formed multipart/form-data.',
      ec: '0006-00000107',
    });
    const noKey = await post([...v1Fields([{ bucket: B }]), file('x')]);
    expect(noKey.status).toBe(400);
    // The HTTP 400 page's InvalidArgument message for a form that lacks a field it must have.
    expect(errorOf(noKey)).toMatchObject({
      code: 'InvalidArgument',
      message: 'The bucket POST must contain the specified field name.',
      details: { ArgumentName: 'key', ArgumentValue: '' },
    });
    const badKey = await post([['key', '/abs.txt'], ...v1Fields([{ bucket: B }]), file('x')]);
    expect(errorOf(badKey).code).toBe('InvalidObjectName');
    const emptyKey = await post([['key', ''], ...v1Fields([{ bucket: B }]), file('x')]);
    expect(errorOf(emptyKey).code).toBe('InvalidObjectName');
    await expectNothingStored();
  });

  it('honours x-oss-forbid-overwrite, x-oss-object-acl and Content-MD5', async () => {
    const first = await post([['key', 'k.txt'], ['x-oss-object-acl', 'public-read'], ...v1Fields([{ bucket: B }]), file('one')]);
    expect(first.status).toBe(204);
    expect(t.storage.meta.getObject(B, 'k.txt')!.acl).toBe('public-read');
    const again = await post([['key', 'k.txt'], ['x-oss-forbid-overwrite', 'true'], ...v1Fields([{ bucket: B }]), file('two')]);
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('FileAlreadyExists');
    const badMd5 = await post([
      ['key', 'm.txt'],
      ['Content-MD5', createHash('md5').update('other').digest('base64')],
      ...v1Fields([{ bucket: B }]),
      file('mine'),
    ]);
    expect(badMd5.status).toBe(400);
    expect(errorOf(badMd5)).toMatchObject({ code: 'InvalidDigest', ec: '0017-00000503' });
    expect((await getObject('k.txt')).text).toBe('one');
    expect((await getObject('m.txt')).status).toBe(404);
    expect(await readdir(join(t.dir, 'tmp'))).toEqual([]);
  });

  it('refuses fields that could never be sent back as headers (a FormData can hold anything), storing nothing', async () => {
    // A non-ASCII or underscore metadata name (EC 0011-00000004), and a textarea's line break in
    // a metadata value or in Content-Disposition: stored, every GET/HEAD of the object was a 500.
    for (const [name, value, ec, argument = name] of [
      ['x-oss-meta-名字', 'v', '0011-00000004'],
      ['x-oss-meta-my_key', 'v', '0011-00000004'],
      ['x-oss-meta-note', 'line one\r\nline two', undefined],
      ['Content-Disposition', 'attachment;\nfilename="a.txt"', undefined],
      ['x-oss-content-type', 'text/plain\u0000', undefined, 'Content-Type'],
    ] as const) {
      const res = await post([['key', 'form.txt'], [name, value], ...v1Fields([{ bucket: B }]), file('x')]);
      expect(res.status, name).toBe(400);
      expect(errorOf(res), name).toMatchObject({ code: 'InvalidArgument', ...(ec ? { ec } : {}), details: { ArgumentName: argument } });
    }
    await expectNothingStored();
    // UTF-8 text in a value is fine: it goes back as the same bytes.
    const utf8 = await post([['key', 'ok.txt'], ['x-oss-meta-author', '张三'], ['Content-Disposition', 'attachment; filename="报告.txt"'], ...v1Fields([{ bucket: B }]), file('x')]);
    expect(utf8.status).toBe(204);
    const get = await getObject('ok.txt');
    expect(get.status).toBe(200);
    expect(Buffer.from(get.headers['content-disposition'] as string, 'latin1').toString('utf8')).toBe('attachment; filename="报告.txt"');
  });

  // PostObject reference, x-oss-meta-*: "the total size of the user metadata cannot exceed 8 KB"
  // (EC page 0011-00000002); a form field may hold 2 MB, so only this check keeps it out.
  it('stores 8 KB of user metadata and refuses a byte more (EC 0011-00000002), storing nothing', async () => {
    const name = 'x-oss-meta-notes';
    const fits = 'n'.repeat(8 * 1024 - name.length);
    const over = await post([['key', 'meta.txt'], ...v1Fields([{ bucket: B }]), [name, `${fits}n`], file('x')]);
    expect(over.status).toBe(400);
    expect(errorOf(over)).toMatchObject({ code: 'InvalidArgument', ec: '0011-00000002' });
    await expectNothingStored();
    const ok = await post([['key', 'meta.txt'], ...v1Fields([{ bucket: B }]), [name, fits], file('x')]);
    expect(ok.status).toBe(204);
    expect((await getObject('meta.txt')).headers[name]).toBe(fits);
  });

  it('rejects an invalid callback field with 400 before storing anything', async () => {
    const notBase64 = await post([['key', 'cb.txt'], ['callback', '%%%'], ...v1Fields([{ bucket: B }]), file('x')]);
    expect(notBase64.status).toBe(400);
    expect(errorOf(notBase64)).toMatchObject({ code: 'InvalidArgument', ec: '0007-00000002' });
    const emptyBody = Buffer.from(JSON.stringify({ callbackUrl: 'http://127.0.0.1:1/', callbackBody: '' })).toString('base64');
    const noBody = await post([['key', 'cb.txt'], ['callback', emptyBody], ...v1Fields([{ bucket: B }]), file('x')]);
    expect(errorOf(noBody)).toMatchObject({ code: 'InvalidArgument', ec: '0007-00000011' });
    const callback = encodeCallback({ urls: ['http://127.0.0.1:1/'], body: 'a=${x:a}', bodyType: 'application/x-www-form-urlencoded' });
    const badVar = await post([['key', 'cb.txt'], ['callback', callback], ['x:', 'v'], ...v1Fields([{ bucket: B }]), file('x')]);
    expect(badVar.status).toBe(400);
    expect(errorOf(badVar).code).toBe('InvalidArgument');
    await expectNothingStored();
  });
});
