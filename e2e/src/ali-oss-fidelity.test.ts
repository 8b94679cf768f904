// The unmodified `ali-oss` client on the paths where the emulator used to refuse it: UploadPartCopy
// (the client reads each part's ETag from the response header), a 0-byte multipartUpload, and a
// stream upload with a known length (Content-Length sent beside its chunked body).
import { createReadStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { aliOssClient, createRandomFile, downloadDigest, E2E_BUCKET, startStack, uniqueKey, type Stack } from './harness/index.js';

const PART_SIZE = 100 * 1024;

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
