// `--strict-callback-urls`: the emulator refuses loopback callback URLs as production OSS refuses
// private addresses (docs/callback-protocol.md §1.3): 400 InvalidArgument, EC 0007-00000008, before anything
// is stored, so an app tested against the emulator does not ship a callback OSS would reject.
import { Callback, Client, OssError } from '@ossbox/sdk';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  E2E_BUCKET,
  emulatorCallbackLog,
  emulatorCredentials,
  startEmulatorProcess,
  uniqueKey,
  type EmulatorProcess,
} from './harness/index.js';

let emulator: EmulatorProcess;
beforeAll(async () => {
  emulator = await startEmulatorProcess({ buckets: [E2E_BUCKET], args: ['--strict-callback-urls'] });
});
afterAll(async () => {
  await emulator?.dispose();
});

test('a loopback callback URL is refused with 400 before the object is stored', async () => {
  const bucket = new Client({ endpoint: emulator.url, ...emulatorCredentials }).getBucket(E2E_BUCKET);
  const key = uniqueKey('strict.txt');
  const callback = new Callback({ url: 'http://127.0.0.1:9/callback', body: 'object=${object}' });

  const error = await bucket.putObject(key, { body: 'not stored', callback }).then(
    () => undefined,
    (e: unknown) => e,
  );

  expect(error).toBeInstanceOf(OssError);
  expect(error).toMatchObject({ status: 400, code: 'InvalidArgument', ec: '0007-00000008' });
  expect(await bucket.objectExists(key)).toBe(false);
  expect(await emulatorCallbackLog(emulator.url, { bucket: E2E_BUCKET, key })).toHaveLength(0);
});
