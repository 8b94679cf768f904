// Success paths: the SDK uploads with a callback, the emulator signs and sends it, the receiver
// verifies it and answers JSON, and the SDK hands that JSON back (docs/callback-protocol.md §2, §3.2).
import { existsSync } from 'node:fs';
import { Callback } from '@ossbox/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createRandomFile,
  E2E_BUCKET,
  emulatorCallbackLog,
  callbackJson,
  downloadDigest,
  findReceived,
  multipartEtag,
  startStack,
  uniqueKey,
  type Stack,
} from './harness/index.js';

const PART_SIZE = 100 * 1024;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.dispose();
});

/** Every system variable the issue lists, plus two custom ones (§1.5, §1.4). */
const FORM_BODY =
  'bucket=${bucket}&object=${object}&etag=${etag}&size=${size}&mimeType=${mimeType}&uid=${x:uid}&order=${x:order_id}';
const JSON_BODY =
  '{"bucket":${bucket},"object":${object},"etag":${etag},"size":${size},"mimeType":${mimeType},"uid":${x:uid}}';
const VARS = { 'x:uid': '12345', 'x:order_id': 'A&B 67890' };

describe('put_object with a callback', () => {
  test('form body: the SDK returns the receiver JSON; the receiver verified the signature and saw every value', async () => {
    const file = await createRandomFile(stack.workDir, 64 * 1024 + 7, '.txt');
    const key = uniqueKey('notes/put form.txt');
    const callback = new Callback({
      url: `${stack.receiver.url}/callback`,
      query: { user: 'put_object' },
      body: FORM_BODY,
      vars: VARS,
    });

    const result = await stack.bucket.putObject(key, {
      file: file.path,
      contentType: 'text/plain',
      callback,
    });

    const head = await stack.bucket.headObject(key);
    const expected = {
      bucket: E2E_BUCKET,
      object: key,
      etag: file.md5Hex,
      size: String(file.size),
      mimeType: head.contentType,
      uid: '12345',
      order: 'A&B 67890',
    };
    expect(head.contentType).toBe('text/plain');
    // The receiver's echo of the verified body (byte-for-byte pass-through is checked below).
    expect(callbackJson(result)).toEqual({ Status: 'OK', path: '/callback', body: expected });

    const received = await findReceived(stack.receiver.url, key);
    expect(received.verified).toBe(true);
    expect(received.url).toBe('/callback?user=put_object');
    expect(received.body).toEqual(expected);

    const publicKeyUrl = `${stack.emulator.url}/_ossbox/callback_pub_key_v1.pem`;
    expect(received.publicKeyUrl).toBe(publicKeyUrl);

    // What the emulator sent, per its attempt log (§2.1).
    const attempts = await emulatorCallbackLog(stack.emulator.url, { bucket: E2E_BUCKET, key });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      outcome: 'success',
      requestId: result.requestId,
      requestLine: 'POST /callback?user=put_object HTTP/1.1',
      requestHeaders: {
        'User-Agent': 'aliyun-oss-callback',
        'x-oss-bucket': E2E_BUCKET,
        'x-oss-request-id': result.requestId,
        'x-oss-pub-key-url': Buffer.from(publicKeyUrl).toString('base64'),
        'x-oss-tag': 'CALLBACK',
      },
    });
    // The uploader got the receiver's reply byte for byte (§3.2).
    expect(result.callback?.body.toString('utf8')).toBe(attempts[0]?.response?.body);
  });

  test('JSON body type: strings arrive quoted and size as a number', async () => {
    const file = await createRandomFile(stack.workDir, 10_000, '.bin');
    const key = uniqueKey('put-json.bin');
    const callback = new Callback({
      url: `${stack.receiver.url}/json`,
      body: JSON_BODY,
      contentType: 'application/json',
      vars: { uid: 'u-1' },
    });

    const result = await stack.bucket.putObject(key, { file: file.path, callback });

    const head = await stack.bucket.headObject(key);
    const expected = {
      bucket: E2E_BUCKET,
      object: key,
      etag: file.md5Hex,
      size: file.size,
      mimeType: head.contentType,
      uid: 'u-1',
    };
    expect(callbackJson(result)).toEqual({ Status: 'OK', path: '/json', body: expected });
    const received = await findReceived(stack.receiver.url, key);
    expect(received.verified).toBe(true);
    expect(received.contentType).toMatch(/^application\/json/);
    expect(received.body).toEqual(expected);
    expect(await downloadDigest(stack.bucket, key)).toEqual({ md5Hex: file.md5Hex, size: file.size });
  });
});

describe('resumable_upload with a callback', () => {
  test('several parts: the callback fires once on Complete with the multipart ETag; the checkpoint is gone', async () => {
    const file = await createRandomFile(stack.workDir, 5 * PART_SIZE + 12_345, '.txt');
    const key = uniqueKey('resumable.txt');
    // The default checkpoint path, `<file>.cpt` (as the Ruby SDK); it must exist while parts go up.
    const checkpoint = `${file.path}.cpt`;
    let checkpointSeen = false;
    const callback = new Callback({
      url: `${stack.receiver.url}/callback`,
      query: { user: 'resumable_upload' },
      body: FORM_BODY,
      vars: VARS,
    });

    const result = await stack.bucket.resumableUpload(key, file.path, {
      partSize: PART_SIZE,
      parallel: 3,
      contentType: 'text/plain',
      callback,
      onProgress: ({ part }) => {
        if (part !== undefined && existsSync(checkpoint)) checkpointSeen = true;
      },
    });

    const expected = {
      bucket: E2E_BUCKET,
      object: key,
      etag: multipartEtag(file.bytes, PART_SIZE),
      size: String(file.size),
      mimeType: 'text/plain',
      uid: '12345',
      order: 'A&B 67890',
    };
    expect(expected.etag).toMatch(/-6$/);
    expect(callbackJson(result)).toEqual({ Status: 'OK', path: '/callback', body: expected });
    const received = await findReceived(stack.receiver.url, key);
    expect(received.verified).toBe(true);
    expect(received.url).toBe('/callback?user=resumable_upload');
    expect(received.body).toEqual(expected);

    const attempts = await emulatorCallbackLog(stack.emulator.url, { bucket: E2E_BUCKET, key });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ outcome: 'success' });

    expect(checkpointSeen).toBe(true);
    expect(existsSync(checkpoint)).toBe(false);
    expect(await downloadDigest(stack.bucket, key)).toEqual({ md5Hex: file.md5Hex, size: file.size });
  });
});
