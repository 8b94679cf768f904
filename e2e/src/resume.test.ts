// Resume: a resumable_upload aborted midway keeps its checkpoint; running it again sends only the
// parts the server does not have, commits an intact object, and the callback fires exactly once.
// Requests are counted by a proxy between the SDK and the emulator, not by the SDK's own events.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Callback } from '@ossbox/sdk';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  callbackJson,
  createRandomFile,
  downloadDigest,
  E2E_BUCKET,
  emulatorCallbackLog,
  multipartEtag,
  receivedFor,
  startCountingProxy,
  startStack,
  uniqueKey,
  type CountingProxy,
  type Stack,
} from './harness/index.js';

const PART_SIZE = 100 * 1024;
const PARTS = 9;
/** The first run is aborted once this many parts are done. */
const ABORT_AFTER = 3;

let stack: Stack;
let proxy: CountingProxy;
beforeAll(async () => {
  stack = await startStack();
  proxy = await startCountingProxy(stack.emulator.url);
});
afterAll(async () => {
  await proxy?.close();
  await stack?.dispose();
});

/** Part numbers of the UploadPart requests that reached the emulator with a 200. */
function uploadedPartNumbers(): number[] {
  return proxy.requests
    .filter((r) => r.method === 'PUT' && r.status === 200 && /[?&]uploadId=/.test(r.url))
    .map((r) => Number(new URL(r.url, 'http://x').searchParams.get('partNumber')))
    .sort((a, b) => a - b);
}

test('abort midway, run again: only the missing parts are sent, the object is intact, the callback fires once', async () => {
  const bucket = stack.newClient(proxy.url).getBucket(E2E_BUCKET);
  const file = await createRandomFile(stack.workDir, (PARTS - 1) * PART_SIZE + 4_321);
  const key = uniqueKey('resumed.bin');
  const checkpoint = join(stack.workDir, 'resumed.cpt');
  const callback = new Callback({
    url: `${stack.receiver.url}/callback`,
    query: { user: 'resumable_upload' },
    body: 'bucket=${bucket}&object=${object}&etag=${etag}&size=${size}',
  });

  // First run: one worker, aborted from the progress handler after ABORT_AFTER parts.
  const controller = new AbortController();
  let partsDone = 0;
  const aborted = await bucket
    .resumableUpload(key, file.path, {
      partSize: PART_SIZE,
      parallel: 1,
      checkpoint,
      callback,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.part !== undefined && ++partsDone === ABORT_AFTER) controller.abort();
      },
    })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(aborted).toMatchObject({ code: 'Aborted' });
  expect(existsSync(checkpoint)).toBe(true);
  expect(await bucket.objectExists(key)).toBe(false);
  expect(await emulatorCallbackLog(stack.emulator.url, { bucket: E2E_BUCKET, key })).toHaveLength(0);

  // What the server holds now, by ListParts on the upload the first run started.
  const firstRunParts = uploadedPartNumbers();
  expect(firstRunParts.length).toBeGreaterThanOrEqual(ABORT_AFTER);
  expect(firstRunParts.length).toBeLessThan(PARTS);
  const { uploads } = await bucket.listUploads({ prefix: key });
  expect(uploads).toHaveLength(1);
  const [upload] = uploads;
  const listed = (await bucket.listParts(key, upload!.uploadId)).parts.map((p) => p.partNumber);
  expect(listed).toEqual(firstRunParts);

  // Second run: the missing parts only, no new upload, then Complete with the callback.
  proxy.reset();
  const result = await bucket.resumableUpload(key, file.path, {
    partSize: PART_SIZE,
    parallel: 2,
    checkpoint,
    callback,
  });
  const missing = Array.from({ length: PARTS }, (_, i) => i + 1).filter((n) => !firstRunParts.includes(n));
  expect(uploadedPartNumbers()).toEqual(missing);
  expect(proxy.requests.filter((r) => r.method === 'POST' && /[?&]uploads(=|&|$)/.test(r.url))).toHaveLength(
    0,
  );

  expect(callbackJson(result)).toEqual({
    Status: 'OK',
    path: '/callback',
    body: {
      bucket: E2E_BUCKET,
      object: key,
      etag: multipartEtag(file.bytes, PART_SIZE),
      size: String(file.size),
    },
  });
  expect(existsSync(checkpoint)).toBe(false);
  expect(await downloadDigest(stack.bucket, key)).toEqual({ md5Hex: file.md5Hex, size: file.size });
  expect(await emulatorCallbackLog(stack.emulator.url, { bucket: E2E_BUCKET, key })).toHaveLength(1);
  const received = await receivedFor(stack.receiver.url, key);
  expect(received).toHaveLength(1);
  expect(received[0]?.verified).toBe(true);
});
