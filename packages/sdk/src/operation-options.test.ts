import { describe, expect, it } from 'vitest';
import type { Bucket } from './bucket.js';
import { InvalidArgumentError } from './errors.js';
import { OPERATION_OPTIONS } from './operation-options.js';
import { clientFor, randomFile, useFakeOss } from './test-support/setup.js';

const { fake, tmp } = useFakeOss();

// From JavaScript or a spread object TypeScript does not flag a misspelt option name, and it was
// ignored: ali-oss's { mime } stored application/octet-stream, { 'max-keys': 5 } listed 100.
type Call = (bucket: Bucket, extra: object) => unknown;
const key = 'k.txt';
const calls: Record<keyof typeof OPERATION_OPTIONS, Call> = {
  putObject: (b, o) => b.putObject(key, { body: 'x', ...o }),
  appendObject: (b, o) => b.appendObject(key, { body: 'x', position: 0, ...o }),
  getObject: (b, o) => b.getObject(key, o),
  headObject: (b, o) => b.headObject(key, o),
  objectExists: (b, o) => b.objectExists(key, o),
  deleteObject: (b, o) => b.deleteObject(key, o),
  deleteObjects: (b, o) => b.deleteObjects([key], o),
  copyObject: (b, o) => b.copyObject(key, 'source.txt', o),
  listObjectsPage: (b, o) => b.listObjectsPage(o),
  listObjects: (b, o) => b.listObjects(o).next(),
  initiateMultipartUpload: (b, o) => b.initiateMultipartUpload(key, o),
  uploadPart: (b, o) => b.uploadPart(key, 'upload-id', 1, { body: 'x', ...o }),
  completeMultipartUpload: (b, o) => b.completeMultipartUpload(key, 'upload-id', [{ partNumber: 1, etag: 'E' }], o),
  abortMultipartUpload: (b, o) => b.abortMultipartUpload(key, 'upload-id', o),
  listParts: (b, o) => b.listParts(key, 'upload-id', o),
  listUploads: (b, o) => b.listUploads(o),
  resumableUpload: (b, o) => b.resumableUpload(key, `${tmp.dir}/options.bin`, { partSize: 1000, ...o }),
  signatureUrl: (b, o) => b.signatureUrl(key, o),
  createPostPolicy: (b, o) => b.createPostPolicy({ key, ...o }),
};

async function refusal(call: Call, extra: object): Promise<unknown> {
  const bucket = clientFor(fake, { minPartSize: 1 }).getBucket('test-bucket');
  return (async () => call(bucket, extra))().catch((e: unknown) => e);
}

describe('operation option names', () => {
  it.each(Object.keys(calls) as Array<keyof typeof calls>)('%s refuses a name it does not know before sending anything', async (operation) => {
    await randomFile(tmp.dir, 'options.bin', 3000);
    const error = await refusal(calls[operation], { zzz: 1 });
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ message: `Invalid option "zzz": unknown ${operation} option`, argument: 'zzz' });
    expect(fake.requests).toEqual([]);
  });

  it("names ali-oss's spelling where the operation has the option, and a misspelt one's fix", async () => {
    await randomFile(tmp.dir, 'options.bin', 3000);
    const message = async (operation: keyof typeof calls, extra: object) => ((await refusal(calls[operation], extra)) as Error).message;
    expect(await message('putObject', { mime: 'text/plain' })).toBe('Invalid option "mime": unknown putObject option; use contentType');
    expect(await message('resumableUpload', { progress: () => undefined })).toBe('Invalid option "progress": unknown resumableUpload option; use onProgress');
    expect(await message('listObjectsPage', { 'max-keys': 5 })).toBe('Invalid option "max-keys": unknown listObjectsPage option; use maxKeys');
    expect(await message('getObject', { timeout: 5 })).toBe('Invalid option "timeout": unknown getObject option; use the Client\'s timeoutMs');
    // getObject has no contentType: no ali-oss hint there.
    expect(await message('getObject', { mime: 'x' })).toBe('Invalid option "mime": unknown getObject option');
    expect(await message('listObjects', { prefixes: 'a/' })).toBe('Invalid option "prefixes": unknown listObjects option');
    expect(await message('signatureUrl', { expire: 60 })).toBe('Invalid option "expire": unknown signatureUrl option; use expires');
    expect(await message('getObject', { Range: 'bytes=0-1' })).toBe('Invalid option "Range": unknown getObject option; use range');
    expect(fake.requests).toEqual([]);
  });

  it('every documented option name is accepted', async () => {
    const { path } = await randomFile(tmp.dir, 'all.bin', 3000);
    const bucket = clientFor(fake, { minPartSize: 1 }).getBucket('test-bucket');
    const signal = new AbortController().signal;
    await bucket.putObject('all.txt', { body: 'x', contentLength: 1, contentType: 'text/plain', meta: { a: '1' }, headers: {}, onProgress: () => undefined, signal });
    await bucket.getObject('all.txt', { range: { start: 0 }, ifMatch: undefined, query: {}, headers: {}, signal });
    await bucket.resumableUpload('all.bin', path, { partSize: 1000, parallel: 2, checkpoint: false, restartOnBrokenCheckpoint: true, onProgress: () => undefined, meta: {}, signal });
    await bucket.listObjectsPage({ prefix: 'a', delimiter: '/', marker: '', maxKeys: 5, signal });
    expect(bucket.signatureUrl('all.txt', { method: 'PUT', expires: 60, query: {}, contentType: 'text/plain', headers: {}, version: 'v1', date: new Date() })).toMatch(/^http/);
  });
});
