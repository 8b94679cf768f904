// Resilience of @ossbox/sdk against the emulator's injected faults (/_ossbox/faults): 503s and a
// connection cut while a part uploads, a 500 versus 4xx errors on PutObject, and a 203
// CallbackFailed on CompleteMultipartUpload. What the SDK really sent is counted by a proxy between
// it and the emulator; what the emulator did, by its fault counters and callback log.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Callback, CallbackError, Client, NetworkError, OssError, type Bucket } from '@ossbox/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  callbackJson,
  createRandomFile,
  digests,
  downloadDigest,
  E2E_BUCKET,
  emulatorCallbackLog,
  emulatorCredentials,
  emulatorFaults,
  receivedFor,
  startCountingProxy,
  startStack,
  uniqueKey,
  type CountingProxy,
  type EmulatorFaults,
  type ProxiedRequest,
  type Stack,
} from './harness/index.js';

const PART_SIZE = 100 * 1024;
const PARTS = 6;

let stack: Stack;
let proxy: CountingProxy;
let faults: EmulatorFaults;
beforeAll(async () => {
  stack = await startStack();
  proxy = await startCountingProxy(stack.emulator.url);
  faults = emulatorFaults(stack.emulator.url);
});
afterAll(async () => {
  await proxy?.close();
  await stack?.dispose();
});
afterEach(async () => {
  await faults.clear();
  proxy.reset();
});

/** A bucket whose requests go through the proxy; short backoff so retries do not slow the suite. */
function proxiedBucket(options: { retries?: number } = {}): Bucket {
  return new Client({ endpoint: proxy.url, ...emulatorCredentials, retryDelayMs: 20, ...options }).getBucket(E2E_BUCKET);
}

function receiverCallback(): Callback {
  return new Callback({ url: `${stack.receiver.url}/callback`, body: 'bucket=${bucket}&object=${object}&size=${size}' });
}

const query = (r: ProxiedRequest) => new URL(r.url, 'http://x').searchParams;
const path = (r: ProxiedRequest) => decodeURIComponent(new URL(r.url, 'http://x').pathname);
const forKey = (key: string) => proxy.requests.filter((r) => path(r) === `/${E2E_BUCKET}/${key}`);
const uploadParts = (key: string) => forKey(key).filter((r) => r.method === 'PUT' && query(r).has('uploadId'));
const completes = (key: string) => forKey(key).filter((r) => r.method === 'POST' && query(r).has('uploadId'));
const puts = (key: string) => forKey(key).filter((r) => r.method === 'PUT' && !query(r).has('uploadId'));
const partNumbers = (requests: ProxiedRequest[]) => requests.map((r) => Number(query(r).get('partNumber'))).sort((a, b) => a - b);
const allParts = Array.from({ length: PARTS }, (_, i) => i + 1);

/** The object is intact and the callback reached the receiver exactly once. */
async function expectStoredWithOneCallback(key: string, file: { md5Hex: string; size: number }): Promise<void> {
  expect(await downloadDigest(stack.bucket, key)).toEqual({ md5Hex: file.md5Hex, size: file.size });
  expect(await emulatorCallbackLog(stack.emulator.url, { bucket: E2E_BUCKET, key })).toHaveLength(1);
  const received = await receivedFor(stack.receiver.url, key);
  expect(received).toHaveLength(1);
  expect(received[0]?.verified).toBe(true);
}

describe('resumableUpload', () => {
  test('survives 503s on UploadPart: the failed parts are sent again, the object is intact, the callback fires once', async () => {
    const key = uniqueKey('faults/503.bin');
    const file = await createRandomFile(stack.workDir, (PARTS - 1) * PART_SIZE + 1_234);
    const rule = await faults.add({
      operation: 'UploadPart',
      keyPrefix: key,
      first: 2,
      effect: { type: 'error', code: 'ServiceUnavailable', status: 503 },
    });
    const result = await proxiedBucket().resumableUpload(key, file.path, {
      partSize: PART_SIZE,
      parallel: 2,
      checkpoint: join(stack.workDir, '503.cpt'),
      callback: receiverCallback(),
    });

    expect(callbackJson(result)).toMatchObject({ Status: 'OK', body: { object: key, size: String(file.size) } });
    expect(await faults.get(rule.id)).toMatchObject({ matched: PARTS + 2, fired: 2 });
    expect(uploadParts(key).filter((r) => r.status === 503)).toHaveLength(2);
    expect(partNumbers(uploadParts(key).filter((r) => r.status === 200))).toEqual(allParts);
    expect(completes(key)).toHaveLength(1);
    await expectStoredWithOneCallback(key, file);
  });

  test('a connection cut mid-part is retried at once: the part is sent whole again', async () => {
    const key = uniqueKey('faults/cut-retried.bin');
    const file = await createRandomFile(stack.workDir, (PARTS - 1) * PART_SIZE + 99);
    const rule = await faults.add({
      operation: 'UploadPart',
      keyPrefix: key,
      every: 4,
      effect: { type: 'cut-request', afterBytes: PART_SIZE / 2 },
    });
    await proxiedBucket().resumableUpload(key, file.path, { partSize: PART_SIZE, parallel: 1, checkpoint: false, callback: receiverCallback() });

    expect(await faults.get(rule.id)).toMatchObject({ matched: PARTS + 1, fired: 1 });
    // The cut request never got an answer; part 4 went again and every part was stored once.
    expect(uploadParts(key).filter((r) => r.status === undefined).map((r) => query(r).get('partNumber'))).toEqual(['4']);
    expect(partNumbers(uploadParts(key).filter((r) => r.status === 200))).toEqual(allParts);
    expect(completes(key)).toHaveLength(1);
    await expectStoredWithOneCallback(key, file);
  });

  test('a connection cut mid-part without retries fails the run; the next run resumes with the missing parts only', async () => {
    const key = uniqueKey('faults/cut-resumed.bin');
    const file = await createRandomFile(stack.workDir, (PARTS - 1) * PART_SIZE + 4_321);
    const checkpoint = join(stack.workDir, 'cut-resumed.cpt');
    const options = { partSize: PART_SIZE, parallel: 1, checkpoint, callback: receiverCallback() };
    await faults.add({ operation: 'UploadPart', keyPrefix: key, every: 3, effect: { type: 'cut-request', afterBytes: PART_SIZE / 2 } });

    const failed = await proxiedBucket({ retries: 0 })
      .resumableUpload(key, file.path, options)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(failed).toBeInstanceOf(NetworkError);
    expect(existsSync(checkpoint)).toBe(true);
    expect(partNumbers(uploadParts(key).filter((r) => r.status === 200))).toEqual([1, 2]);
    expect(await emulatorCallbackLog(stack.emulator.url, { bucket: E2E_BUCKET, key })).toHaveLength(0);

    await faults.clear();
    proxy.reset();
    const result = await proxiedBucket({ retries: 0 }).resumableUpload(key, file.path, options);
    expect(callbackJson(result)).toMatchObject({ Status: 'OK', body: { object: key } });
    expect(partNumbers(uploadParts(key))).toEqual([3, 4, 5, 6]);
    expect(forKey(key).filter((r) => r.method === 'POST' && query(r).has('uploads'))).toHaveLength(0);
    expect(existsSync(checkpoint)).toBe(false);
    await expectStoredWithOneCallback(key, file);
  });

  test('a 203 CallbackFailed on CompleteMultipartUpload is never followed by a second Complete', async () => {
    const key = uniqueKey('faults/complete-203.bin');
    const file = await createRandomFile(stack.workDir, (PARTS - 1) * PART_SIZE + 7);
    const checkpoint = join(stack.workDir, 'complete-203.cpt');
    const rule = await faults.add({
      operation: 'CompleteMultipartUpload',
      keyPrefix: key,
      effect: { type: 'callback', outcome: 'status', status: 502 },
    });
    const error = await proxiedBucket()
      .resumableUpload(key, file.path, { partSize: PART_SIZE, parallel: 2, checkpoint, callback: receiverCallback() })
      .then(
        () => undefined,
        (e: unknown) => e,
      );

    expect(error).toBeInstanceOf(CallbackError);
    expect(error).toMatchObject({ uploaded: true, key, serverMessage: 'Error status : 502.' });
    expect(completes(key).map((r) => r.status)).toEqual([203]);
    expect(existsSync(checkpoint)).toBe(false);
    expect(await downloadDigest(stack.bucket, key)).toEqual({ md5Hex: file.md5Hex, size: file.size });
    expect(await receivedFor(stack.receiver.url, key)).toHaveLength(0);
    const attempts = await emulatorCallbackLog(stack.emulator.url, { bucket: E2E_BUCKET, key });
    expect(attempts.map((a) => [a.outcome, a.fault])).toEqual([['status', rule.id]]);
  });
});

describe('putObject', () => {
  test('retries a 500 InternalError and succeeds', async () => {
    const key = uniqueKey('faults/put-500.txt');
    const rule = await faults.add({ operation: 'PutObject', keyPrefix: key, first: 1, effect: { type: 'error', code: 'InternalError' } });
    await proxiedBucket().putObject(key, { body: 'stored on the second attempt' });
    expect(puts(key).map((r) => r.status)).toEqual([500, 200]);
    expect(await faults.get(rule.id)).toMatchObject({ matched: 2, fired: 1 });
    const body = 'stored on the second attempt';
    expect(await downloadDigest(stack.bucket, key)).toEqual({ md5Hex: digests(Buffer.from(body)).md5Hex, size: body.length });
  });

  const clientErrors: Array<[string, number]> = [
    ['AccessDenied', 403],
    ['RequestTimeTooSkewed', 403],
    ['InvalidArgument', 400],
    ['EntityTooLarge', 400],
  ];
  test.each(clientErrors)('never retries a %s (%i): one request, the error surfaces, nothing stored', async (code, status) => {
    const key = uniqueKey(`faults/put-${code}.txt`);
    const rule = await faults.add({ operation: 'PutObject', keyPrefix: key, effect: { type: 'error', code } });
    const error = await proxiedBucket()
      .putObject(key, { body: 'refused' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(OssError);
    expect(error).toMatchObject({ code, status });
    expect((error as OssError).requestId).toBeTruthy();
    expect(puts(key).map((r) => r.status)).toEqual([status]);
    expect(await faults.get(rule.id)).toMatchObject({ matched: 1, fired: 1 });
    expect(await stack.bucket.objectExists(key)).toBe(false);
  });

  test('a 203 CallbackFailed is not retried either: one PUT, the object is stored', async () => {
    const key = uniqueKey('faults/put-203.txt');
    await faults.add({ operation: 'PutObject', keyPrefix: key, effect: { type: 'callback', outcome: 'not-json' } });
    const error = await proxiedBucket()
      .putObject(key, { body: 'kept', callback: receiverCallback() })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(CallbackError);
    expect(error).toMatchObject({ serverMessage: 'Response body is not valid json format.' });
    expect(puts(key).map((r) => r.status)).toEqual([203]);
    expect(await stack.bucket.objectExists(key)).toBe(true);
  });
});
