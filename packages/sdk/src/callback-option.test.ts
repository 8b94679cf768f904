import { describe, expect, it } from 'vitest';
import { Callback } from './callback.js';
import type { CallbackOptions } from './callback.js';
import { InvalidArgumentError } from './errors.js';
import { clientFor, randomFile, useFakeOss } from './test-support/setup.js';

const { fake, tmp } = useFakeOss();

// Every upload operation takes `callback` as a Callback or as the options to build one, as
// createPostPolicy always did (and as ali-oss takes `callback: { url, body }`). Bad options are
// refused when the operation is called, before a request is sent: resumableUpload used to upload
// every part and only then fail at CompleteMultipartUpload with "callback.toHeaders is not a
// function", leaving the multipart upload behind.
const bucketFor = () => clientFor(fake, { minPartSize: 1 }).getBucket('test-bucket');
const options: CallbackOptions = { url: 'http://127.0.0.1:9/cb', query: { n: 1 }, body: 'object=${object}&u=${x:u}', vars: { u: 'v' } };
const built = new Callback(options).toHeaders();

describe('the callback option of every upload operation', () => {
  it('takes the options of a Callback and sends what new Callback(options) sends', async () => {
    const bucket = bucketFor();
    const { path } = await randomFile(tmp.dir, 'cb-options.bin', 3000);
    expect((await bucket.putObject('put.txt', { body: 'x', callback: options })).callback?.json).toEqual({ Status: 'OK' });
    expect((await bucket.resumableUpload('resumable.bin', path, { partSize: 1000, callback: options })).callback?.json).toEqual({ Status: 'OK' });
    const { uploadId } = await bucket.initiateMultipartUpload('complete.bin');
    const part = await bucket.uploadPart('complete.bin', uploadId, 1, { body: 'x' });
    await bucket.completeMultipartUpload('complete.bin', uploadId, [{ partNumber: 1, etag: part.etag }], { callback: options });
    const sent = fake.requests.filter((r) => r.headers['x-oss-callback'] !== undefined);
    expect(sent.map((r) => [r.key, r.headers['x-oss-callback'], r.headers['x-oss-callback-var']])).toEqual(
      ['put.txt', 'resumable.bin', 'complete.bin'].map((key) => [key, built['x-oss-callback'], built['x-oss-callback-var']]),
    );
    const url = new URL(bucket.signatureUrl('signed.txt', { method: 'PUT', callback: options }));
    expect([url.searchParams.get('callback'), url.searchParams.get('callback-var')]).toEqual([built['x-oss-callback'], built['x-oss-callback-var']]);
  });

  it.each([
    ['a string', 'http://127.0.0.1:9/cb', /Invalid option "callback": must be a Callback or its options/],
    ['null', null, /Invalid option "callback": must be a Callback or its options/],
    ['options OSS would refuse', { url: 'http://127.0.0.1:9/cb?a=1', body: 'object=${object}' }, /Query parameters should not appear in URL/],
  ])('refuses %s with InvalidArgumentError before sending anything', async (_, callback, message) => {
    const bucket = bucketFor();
    const { path } = await randomFile(tmp.dir, 'cb-bad.bin', 3000);
    const bad = callback as unknown as CallbackOptions;
    const calls: Array<() => unknown> = [
      () => bucket.putObject('put.txt', { body: 'x', callback: bad }),
      () => bucket.resumableUpload('resumable.bin', path, { partSize: 1000, callback: bad }),
      () => bucket.completeMultipartUpload('complete.bin', 'upload-id', [{ partNumber: 1, etag: 'E' }], { callback: bad }),
      () => bucket.signatureUrl('signed.txt', { method: 'PUT', callback: bad }),
      () => bucket.createPostPolicy({ key: 'form.txt', callback: bad }),
    ];
    for (const call of calls) {
      const error = await (async () => call())().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toMatch(message);
    }
    expect(fake.requests).toEqual([]);
  });
});
