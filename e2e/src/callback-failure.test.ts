// CallbackError paths (docs/callback-protocol.md §3.3–§3.4): whatever goes wrong with the callback, the
// object is stored, the uploader gets 203 CallbackFailed with the stored object's ETag and CRC,
// and the SDK throws a CallbackError that says so. Each case runs for put_object and for
// resumable_upload (where the callback rides on CompleteMultipartUpload).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Callback, CallbackError } from '@ossbox/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createRandomFile,
  downloadDigest,
  E2E_BUCKET,
  emulatorCallbackLog,
  findReceived,
  freePort,
  multipartEtag,
  startReceiverProcess,
  startStack,
  uniqueKey,
  type ReceiverProcess,
  type Stack,
  type TestFile,
} from './harness/index.js';

const PART_SIZE = 100 * 1024;
/** Short, so the "reply too slow" case takes 2 s instead of OSS's 5 s, yet roomy enough for a busy CI machine. */
const CALLBACK_TIMEOUT_MS = 2_000;

let stack: Stack;
/** A receiver started WITHOUT trusting the emulator's key URL: it rejects every signature. */
let distrustingReceiver: ReceiverProcess;
/** A port nothing listens on. */
let deadPort: number;

beforeAll(async () => {
  stack = await startStack({ callbackTimeoutMs: CALLBACK_TIMEOUT_MS });
  distrustingReceiver = await startReceiverProcess();
  deadPort = await freePort();
});
afterAll(async () => {
  await Promise.all([stack?.dispose(), distrustingReceiver?.stop()]);
});

interface FailureCase {
  name: string;
  callback(): Callback;
  /** The documented 203 message (§3.3). */
  message: string | RegExp;
  ec: string;
  /** What the receiver involved logged about this upload's callback, when one was reached. */
  checkReceiver?(key: string): Promise<void>;
}

const BODY = 'bucket=${bucket}&object=${object}&etag=${etag}';

const cases: FailureCase[] = [
  {
    name: 'receiver not running',
    callback: () => new Callback({ url: `http://127.0.0.1:${deadPort}/callback`, body: BODY }),
    message: 'Error status : -1.OSS can not connect to your callbackUrl, please check it',
    ec: '0007-00000203',
  },
  {
    name: 'receiver answers 500',
    callback: () =>
      new Callback({ url: `${stack.receiver.url}/callback`, query: { 'ossbox-status': 500 }, body: BODY }),
    message: 'Error status : 500.',
    ec: '0007-00000203',
    // The 500 came from the failure switch, after a successful verification.
    checkReceiver: async (key) => {
      expect(await findReceived(stack.receiver.url, key)).toMatchObject({ verified: true });
    },
  },
  {
    name: 'receiver answers 200 with a non-JSON body',
    callback: () =>
      new Callback({
        url: `${stack.receiver.url}/callback`,
        query: { 'ossbox-reply': 'not-json' },
        body: BODY,
      }),
    message: 'Response body is not valid json format.',
    ec: '0007-00000205',
  },
  {
    name: 'receiver replies after the emulator timeout',
    callback: () =>
      new Callback({
        url: `${stack.receiver.url}/callback`,
        query: { 'ossbox-delay': CALLBACK_TIMEOUT_MS * 3 },
        body: BODY,
      }),
    message: 'Cost too long time',
    ec: '0007-00000202',
  },
  {
    name: 'receiver rejects the signature (key URL not trusted)',
    callback: () => new Callback({ url: `${distrustingReceiver.url}/callback`, body: BODY }),
    message: /^Error status : 4\d\d\.$/,
    ec: '0007-00000203',
    checkReceiver: async (key) => {
      const received = await findReceived(distrustingReceiver.url, key);
      expect(received.verified).toBe(false);
      expect(received.error?.code).toBe('UNTRUSTED_KEY_URL');
    },
  },
];

/** Asserts every CallbackError field the issue asks for, and that the object is intact. */
async function expectStoredDespiteCallback(
  error: unknown,
  key: string,
  file: TestFile,
  etag: string,
  failure: FailureCase,
): Promise<void> {
  expect(error).toBeInstanceOf(CallbackError);
  const err = error as CallbackError;
  expect(err.status).toBe(203);
  expect(err.code).toBe('CallbackFailed');
  expect(err.uploaded).toBe(true);
  expect(err.bucket).toBe(E2E_BUCKET);
  expect(err.key).toBe(key);
  expect(err.etag).toBe(etag);
  expect(err.crc64).toBe(file.crc64);
  expect(err.ec).toBe(failure.ec);
  expect(err.requestId).toMatch(/^[0-9A-F]{24}$/);
  if (typeof failure.message === 'string') expect(err.serverMessage).toBe(failure.message);
  else expect(err.serverMessage).toMatch(failure.message);

  // The object is stored with identical bytes (§3.4), and HEAD agrees with the error's ETag.
  expect(await downloadDigest(stack.bucket, key)).toEqual({ md5Hex: file.md5Hex, size: file.size });
  const head = await stack.bucket.headObject(key);
  expect(head.etag).toBe(etag);

  // The emulator recorded one failed attempt for this upload, with the same message.
  const attempts = await emulatorCallbackLog(stack.emulator.url, { bucket: E2E_BUCKET, key });
  expect(attempts).toHaveLength(1);
  expect(attempts[0]).toMatchObject({ requestId: err.requestId, message: err.serverMessage, ec: err.ec });
  expect(attempts[0]?.outcome).not.toBe('success');
  await failure.checkReceiver?.(key);
}

describe.each(cases)('$name', (failure) => {
  test('put_object throws CallbackError and the object is stored', async () => {
    const file = await createRandomFile(stack.workDir, 50_000);
    const key = uniqueKey('put.bin');
    const error = await stack.bucket.putObject(key, { file: file.path, callback: failure.callback() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await expectStoredDespiteCallback(error, key, file, file.md5Hex, failure);
  });

  test('resumable_upload throws CallbackError, the object is stored and the checkpoint removed', async () => {
    const file = await createRandomFile(stack.workDir, 3 * PART_SIZE + 999);
    const key = uniqueKey('resumable.bin');
    const checkpoint = join(stack.workDir, `${key.replaceAll('/', '_')}.cpt`);
    const error = await stack.bucket
      .resumableUpload(key, file.path, {
        partSize: PART_SIZE,
        parallel: 2,
        checkpoint,
        callback: failure.callback(),
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    await expectStoredDespiteCallback(error, key, file, multipartEtag(file.bytes, PART_SIZE), failure);
    // After a 203 the object is committed, so there is nothing left to resume.
    expect(existsSync(checkpoint)).toBe(false);
  });
});
