// Bucket.createPostPolicy: the fields match what the official ali-oss client signs for the same
// policy, and a browser-style multipart/form-data POST of them stores the file at the emulator and
// fires the callback (PostObject: https://www.alibabacloud.com/help/en/oss/developer-reference/postobject).
import OSS from 'ali-oss';
import { Callback, NoSuchKeyError, type PostPolicyForm } from '@ossbox/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { downloadDigest, E2E_BUCKET, emulatorCredentials, findReceived, startStack, uniqueKey, digests, type Stack } from './harness/index.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.dispose();
});

const decode = (policy: string | undefined): object => JSON.parse(Buffer.from(policy ?? '', 'base64').toString('utf8')) as object;

/** POST the form the way a browser's FormData does: every field, then the file last. */
async function postForm(form: PostPolicyForm, bytes: Uint8Array, overrides: Record<string, string> = {}): Promise<Response> {
  const data = new FormData();
  for (const [name, value] of Object.entries({ ...form.fields, ...overrides })) data.append(name, value);
  data.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }), 'photo.bin');
  return fetch(form.url, { method: 'POST', body: data });
}

describe('createPostPolicy against ali-oss', () => {
  const aliOss = new OSS({ endpoint: 'http://127.0.0.1:1', region: 'oss-cn-hangzhou', bucket: E2E_BUCKET, ...emulatorCredentials });
  const date = new Date('2024-05-01T12:00:00Z');

  test('V4: x-oss-signature equals ali-oss signPostObjectPolicyV4 for the same policy and date', () => {
    const callback = new Callback({ url: 'http://127.0.0.1:9/cb', body: 'object=${object}', vars: { uid: '1' } });
    const form = stack.newClient().getBucket(E2E_BUCKET).createPostPolicy({ keyPrefix: 'u/', callback, date });
    expect(form.fields['x-oss-signature']).toBe(aliOss.signPostObjectPolicyV4(decode(form.fields.policy), date));
  });

  test('V1: Signature and policy equal ali-oss calculatePostSignature', () => {
    const form = stack.newClient().getBucket(E2E_BUCKET).createPostPolicy({ key: 'k.txt', version: 'v1', successActionStatus: 201, date });
    const ali = aliOss.calculatePostSignature(decode(form.fields.policy));
    expect([form.fields.OSSAccessKeyId, form.fields.policy, form.fields.Signature]).toEqual([ali.OSSAccessKeyId, ali.policy, ali.Signature]);
  });
});

describe('PostObject round trip through the emulator', () => {
  test('V4 form with a callback: stored bytes equal, the receiver verified the callback, the reply is its JSON', async () => {
    const bytes = Buffer.from('hello from a form '.repeat(100));
    const prefix = uniqueKey('form/');
    const callback = new Callback({ url: `${stack.receiver.url}/post`, body: 'object=${object}&size=${size}&uid=${x:uid}', vars: { uid: '7' } });
    const form = stack.bucket.createPostPolicy({ keyPrefix: prefix, callback, successActionStatus: 200, contentLengthRange: { max: 10_000 } });

    const res = await postForm(form, bytes);
    const key = `${prefix}photo.bin`;
    expect(res.status).toBe(200);
    const expected = { object: key, size: String(bytes.length), uid: '7' };
    expect(await res.json()).toEqual({ Status: 'OK', path: '/post', body: expected });
    expect(await downloadDigest(stack.bucket, key)).toEqual({ md5Hex: digests(bytes).md5Hex, size: bytes.length });
    const received = await findReceived(stack.receiver.url, key);
    expect(received.verified).toBe(true);
    expect(received.body).toEqual(expected);
  });

  test('V1 form with a file over content-length-range → 400 EntityTooLarge (EC 0006-00000003), nothing stored', async () => {
    const prefix = uniqueKey('too-large/');
    const form = stack.bucket.createPostPolicy({ keyPrefix: prefix, version: 'v1', contentLengthRange: { max: 10 } });
    const res = await postForm(form, Buffer.alloc(11, 1));
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).toContain('<Code>EntityTooLarge</Code>');
    expect(text).toContain('<EC>0006-00000003</EC>');
    expect(text).toContain('<Message>Your proposed upload exceeds the maximum allowed size.</Message>');
    await expect(stack.bucket.headObject(`${prefix}photo.bin`)).rejects.toBeInstanceOf(NoSuchKeyError);
  });

  test.each([
    ['a key outside the prefix', { key: 'elsewhere/a.bin' }, 3, /starts-with/],
    ['a tampered callback', { callback: Buffer.from('{"callbackUrl":"http://127.0.0.1:9/x","callbackBody":"a"}').toString('base64') }, 3, /callback/],
  ])('V1 form with %s → 403 AccessDenied, nothing stored', async (_name, overrides, size, message) => {
    const prefix = uniqueKey('denied/');
    const callback = new Callback({ url: `${stack.receiver.url}/post`, body: 'object=${object}' });
    const form = stack.bucket.createPostPolicy({ keyPrefix: prefix, callback, version: 'v1', contentLengthRange: { max: 10 } });
    const res = await postForm(form, Buffer.alloc(size, 1), overrides);
    const text = await res.text();
    expect(res.status).toBe(403);
    expect(text).toContain('<Code>AccessDenied</Code>');
    expect(text).toMatch(message);
    for (const key of [`${prefix}photo.bin`, 'elsewhere/a.bin']) {
      await expect(stack.bucket.headObject(key)).rejects.toBeInstanceOf(NoSuchKeyError);
    }
  });

  test('an expired policy → 403 "Policy expired.", nothing stored', async () => {
    const key = uniqueKey('expired.bin');
    const form = stack.bucket.createPostPolicy({ key, expires: 1, date: new Date(Date.now() - 60_000) });
    const res = await postForm(form, Buffer.from('late'));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Invalid according to Policy: Policy expired.');
    await expect(stack.bucket.headObject(key)).rejects.toBeInstanceOf(NoSuchKeyError);
  });
});
