// Restart: the emulator is stopped (SIGTERM) and started again on the same data directory. Stored
// objects, an unfinished multipart upload and the callback signing key must all survive.
import { createHash } from 'node:crypto';
import { Callback, Client, type UploadPartResult } from '@ossbox/sdk';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  callbackJson,
  createRandomFile,
  downloadDigest,
  E2E_BUCKET,
  emulatorCredentials,
  findReceived,
  makeTempDir,
  multipartEtag,
  removeDir,
  startEmulatorProcess,
  startReceiverProcess,
  uniqueKey,
  unquote,
  type EmulatorProcess,
  type ReceiverProcess,
} from './harness/index.js';

const PART_SIZE = 100 * 1024;

let emulator: EmulatorProcess;
let receiver: ReceiverProcess;
let workDir: string;
beforeAll(async () => {
  workDir = await makeTempDir('restart');
  emulator = await startEmulatorProcess({ buckets: [E2E_BUCKET] });
  receiver = await startReceiverProcess({ trustKeyUrlPrefixes: emulator.keyUrlPrefixes });
});
afterAll(async () => {
  await Promise.all([emulator?.dispose(), receiver?.stop()]);
  if (workDir) await removeDir(workDir);
});

async function publicKeyPem(): Promise<string> {
  const response = await fetch(`${emulator.url}/_ossbox/callback_pub_key_v1.pem`);
  expect(response.status).toBe(200);
  return response.text();
}

test('objects, an unfinished multipart upload and the signing key survive a restart', async () => {
  const bucket = new Client({ endpoint: emulator.url, ...emulatorCredentials }).getBucket(E2E_BUCKET);
  const object = await createRandomFile(workDir, 70_000);
  const objectKey = uniqueKey('kept.bin');
  await bucket.putObject(objectKey, { file: object.path });

  const multipart = await createRandomFile(workDir, 2 * PART_SIZE + 5_000);
  const multipartKey = uniqueKey('unfinished.bin');
  const partBytes = [0, 1, 2].map((i) => multipart.bytes.subarray(i * PART_SIZE, (i + 1) * PART_SIZE));
  const { uploadId } = await bucket.initiateMultipartUpload(multipartKey);
  const beforeParts: UploadPartResult[] = [];
  for (const [index, bytes] of partBytes.slice(0, 2).entries()) {
    beforeParts.push(await bucket.uploadPart(multipartKey, uploadId, index + 1, { body: bytes }));
  }
  const pemBefore = await publicKeyPem();

  await emulator.restart();

  expect(await downloadDigest(bucket, objectKey)).toEqual({ md5Hex: object.md5Hex, size: object.size });
  const { parts } = await bucket.listParts(multipartKey, uploadId);
  expect(parts.map((p) => ({ partNumber: p.partNumber, etag: unquote(p.etag), size: p.size }))).toEqual(
    partBytes.slice(0, 2).map((bytes, i) => ({
      partNumber: i + 1,
      etag: createHash('md5').update(bytes).digest('hex').toUpperCase(),
      size: PART_SIZE,
    })),
  );
  expect(parts.map((p) => unquote(p.etag))).toEqual(beforeParts.map((p) => p.etag));
  expect(await publicKeyPem()).toBe(pemBefore);

  // The upload can be finished after the restart, with a callback signed by the same key.
  const last = await bucket.uploadPart(multipartKey, uploadId, 3, { body: partBytes[2]! });
  const callback = new Callback({
    url: `${receiver.url}/callback`,
    body: 'object=${object}&etag=${etag}&size=${size}',
  });
  // With crc64 and size on every part, the SDK also checks the whole object's CRC-64.
  const result = await bucket.completeMultipartUpload(multipartKey, uploadId, [...beforeParts, last], {
    callback,
  });
  const etag = multipartEtag(multipart.bytes, PART_SIZE);
  expect(callbackJson(result)).toEqual({
    Status: 'OK',
    path: '/callback',
    body: { object: multipartKey, etag, size: String(multipart.size) },
  });
  expect((await findReceived(receiver.url, multipartKey)).verified).toBe(true);
  expect(await downloadDigest(bucket, multipartKey)).toEqual({
    md5Hex: multipart.md5Hex,
    size: multipart.size,
  });
});
