// Interop: the official `ali-oss` npm client, which nobody here wrote, uploads with a callback to
// the same stack. A signing or callback bug shared by our SDK and our emulator would show here.
// It also drives the paths the emulator once refused (multipartUploadCopy, 0-byte multipartUpload,
// putStream with a length). The client comes from harness/ali-oss-client.ts.
import { createReadStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  aliOssClient,
  createRandomFile,
  downloadDigest,
  E2E_BUCKET,
  findReceived,
  freePort,
  multipartEtag,
  startStack,
  uniqueKey,
  type Stack,
} from './harness/index.js';

const PART_SIZE = 100 * 1024;
const BODY = 'bucket=${bucket}&object=${object}&etag=${etag}&size=${size}&uid=${x:uid}';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.dispose();
});

const aliOss = (authorizationV4 = false) => aliOssClient(stack, authorizationV4);

describe.each([
  ['V1', false],
  ['V4', true],
])('ali-oss (%s signatures)', (_name, v4) => {
  test('put with a callback: result.data is the receiver JSON, verified by the receiver', async () => {
    const file = await createRandomFile(stack.workDir, 30_000);
    const key = uniqueKey('ali-put.bin');

    const result = await aliOss(v4).put(key, file.path, {
      callback: { url: `${stack.receiver.url}/ali`, body: BODY, customValue: { uid: 'ali' } },
    });

    const expected = {
      bucket: E2E_BUCKET,
      object: key,
      etag: file.md5Hex,
      size: String(file.size),
      uid: 'ali',
    };
    expect(result.res.status).toBe(200);
    expect(result.data).toEqual({ Status: 'OK', path: '/ali', body: expected });
    const received = await findReceived(stack.receiver.url, key);
    expect(received.verified).toBe(true);
    expect(received.body).toEqual(expected);
    expect(await downloadDigest(stack.bucket, key)).toEqual({ md5Hex: file.md5Hex, size: file.size });
  });

  test('multipartUpload with a callback on Complete', async () => {
    const file = await createRandomFile(stack.workDir, 3 * PART_SIZE + 1_000);
    const key = uniqueKey('ali-multipart.bin');

    const result = await aliOss(v4).multipartUpload(key, file.path, {
      partSize: PART_SIZE,
      parallel: 2,
      callback: { url: `${stack.receiver.url}/ali`, body: BODY, customValue: { uid: 'multi' } },
    });

    const expected = {
      bucket: E2E_BUCKET,
      object: key,
      etag: multipartEtag(file.bytes, PART_SIZE),
      size: String(file.size),
      uid: 'multi',
    };
    expect(result.data).toEqual({ Status: 'OK', path: '/ali', body: expected });
    expect((await findReceived(stack.receiver.url, key)).body).toEqual(expected);
    expect(await downloadDigest(stack.bucket, key)).toEqual({ md5Hex: file.md5Hex, size: file.size });
  });

  test('put with a failing callback: CallbackFailedError 203, the object is stored', async () => {
    const file = await createRandomFile(stack.workDir, 20_000);
    const key = uniqueKey('ali-203.bin');
    const deadPort = await freePort();

    const error = await aliOss(v4)
      .put(key, file.path, { callback: { url: `http://127.0.0.1:${deadPort}/cb`, body: BODY } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );

    expect(error).toMatchObject({
      name: 'CallbackFailedError',
      status: 203,
      code: 'CallbackFailed',
      ecCode: '0007-00000203',
      message: 'Error status : -1.OSS can not connect to your callbackUrl, please check it',
    });
    expect((error as { requestId?: string }).requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(await downloadDigest(stack.bucket, key)).toEqual({ md5Hex: file.md5Hex, size: file.size });
  });

  // Paths where the emulator used to refuse ali-oss: UploadPartCopy (the client reads each part's
  // ETag from the response header), a 0-byte multipartUpload, a stream upload with a known length.
  test('multipartUploadCopy copies an object part by part', async () => {
    const file = await createRandomFile(stack.workDir, 2 * PART_SIZE + 5_000);
    const source = uniqueKey('ali-copy-source.bin');
    const target = uniqueKey('ali-copy-target.bin');
    await aliOss(v4).put(source, file.path);

    const result = await aliOss(v4).multipartUploadCopy(target, { sourceKey: source, sourceBucketName: E2E_BUCKET }, { partSize: PART_SIZE });

    expect(result.res.status).toBe(200);
    expect(await downloadDigest(stack.bucket, target)).toEqual({ md5Hex: file.md5Hex, size: file.size });
  });

  test('multipartUpload of a 0-byte file stores an empty object', async () => {
    const key = uniqueKey('ali-empty.bin');

    const result = await aliOss(v4).multipartUpload(key, Buffer.alloc(0));

    expect(result.res.status).toBe(200);
    const head = await aliOss(v4).head(key);
    expect(head.res.headers['content-length']).toBe('0');
  });

  test('putStream with a known content length', async () => {
    const file = await createRandomFile(stack.workDir, 70_000);
    const key = uniqueKey('ali-stream.bin');

    const result = await aliOss(v4).putStream(key, createReadStream(file.path), { contentLength: file.size });

    expect(result.res.status).toBe(200);
    expect(await downloadDigest(stack.bucket, key)).toEqual({ md5Hex: file.md5Hex, size: file.size });
  });
});
