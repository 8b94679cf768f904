import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { Agent, MockAgent } from 'undici';
import { crc64, verifyRequest } from '@ossbox/protocol';
import { Client } from './client.js';
import { NoSuchKeyError, OssError } from './errors.js';
import { clientFor, randomFile, useFakeOss } from './test-support/setup.js';
import type { Progress } from './object-headers.js';

const { fake, tmp } = useFakeOss();

async function text(stream: Readable | undefined): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream ?? Readable.from([])) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('putObject', () => {
  it('uploads a string with content type and metadata, signed V4, path style for 127.0.0.1', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    const res = await bucket.putObject('dir/hello world.txt', { body: 'hello', contentType: 'text/plain', meta: { Author: 'alice' } });
    const req = fake.requests[0]!;
    expect(req.method).toBe('PUT');
    expect(req.url).toBe('/test-bucket/dir/hello%20world.txt');
    expect(req.auth).toBe('v4');
    expect(req.headers['content-type']).toBe('text/plain');
    expect(req.headers['x-oss-meta-author']).toBe('alice');
    expect(req.headers['content-length']).toBe('5');
    // MD5("hello") and the CRC-64 the server reported, compared by the client.
    expect(res.etag).toBe('5D41402ABC4B2A76B9719D911017C592');
    expect(res.crc64).toBe(crc64(Buffer.from('hello')).toString());
    expect(res.requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(fake.buckets.get('test-bucket')?.get('dir/hello world.txt')?.data.toString()).toBe('hello');
  });

  // OSS stores application/octet-stream for an upload without a type, so the client guesses from
  // the name before sending, as ali-oss does: the local file's extension first, then the key's.
  it.each(['v4', 'v1'] as const)('guesses the Content-Type from the file, then the key, for every body kind (%s, signature verified)', async (signatureVersion) => {
    const bucket = clientFor(fake, { signatureVersion }).getBucket('test-bucket');
    const png = join(tmp.dir, 'ct.png');
    const untyped = join(tmp.dir, 'ct-no-extension');
    await writeFile(png, 'png?');
    await writeFile(untyped, 'x');
    await bucket.putObject('ct/string.txt', { body: 'x' });
    await bucket.putObject('ct/buffer.HTML', { body: Buffer.from('x') });
    await bucket.putObject('ct/file.jpg', { file: png });
    await bucket.putObject('ct/untyped-file.gif', { file: untyped });
    await bucket.putObject('ct/readable.json', { body: Readable.from([Buffer.from('x')]), contentLength: 1 });
    await bucket.putObject('ct/chunked.unknown-extension', { body: Readable.from([Buffer.from('x')]) });
    await bucket.putObject('ct/no-extension', { body: new Blob(['x']).stream() });
    // A key per run: an append at 0 needs a new object.
    await bucket.appendObject(`ct/${signatureVersion}/log.csv`, { body: 'x', position: 0 });
    await bucket.appendObject(`ct/${signatureVersion}/log-file.csv`, { file: png, position: 0 });
    const { uploadId } = await bucket.initiateMultipartUpload('ct/multi.mp4');
    await bucket.uploadPart('ct/multi.mp4', uploadId, 1, { body: 'x' });
    expect(fake.requests.map((r) => [r.auth, r.headers['content-type']])).toEqual(
      [
        'text/plain',
        'text/html',
        'image/png',
        'image/gif',
        'application/json',
        'application/octet-stream',
        'application/octet-stream',
        'text/csv',
        'image/png',
        'video/mp4',
        // UploadPart stores no type: none is sent.
        undefined,
      ].map((type) => [signatureVersion, type]),
    );
    expect(fake.buckets.get('test-bucket')?.get('ct/file.jpg')?.contentType).toBe('image/png');
  });

  it('an explicit type always wins over the guess, as an option or in headers in any letter case', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    const png = join(tmp.dir, 'win.png');
    await writeFile(png, 'png?');
    await bucket.putObject('win.jpg', { file: png, contentType: 'application/x-mine' });
    await bucket.putObject('win.jpg', { body: 'x', headers: { 'CONTENT-TYPE': 'text/x-upper' } });
    await bucket.appendObject('win.csv', { body: 'x', position: 0, contentType: '' });
    await bucket.initiateMultipartUpload('win.mp4', { headers: { 'Content-Type': 'video/x-mine' } });
    await bucket.copyObject('win.gif', 'win.jpg', { metadataDirective: 'REPLACE', contentType: 'image/x-mine' });
    expect(fake.requests.map((r) => r.headers['content-type'])).toEqual(['application/x-mine', 'text/x-upper', '', 'video/x-mine', 'image/x-mine']);
  });

  it('copyObject sends the type of the destination key when none is given (ali-oss copy), which OSS reads with REPLACE', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    await bucket.putObject('src.bin', { body: 'x', contentType: 'application/x-source' });
    await bucket.copyObject('copy.webp', 'src.bin', { metadataDirective: 'REPLACE' });
    await bucket.copyObject('copy.bin', 'src.bin');
    expect(fake.requests.slice(1).map((r) => [r.headers['x-oss-metadata-directive'], r.headers['content-type']])).toEqual([
      ['REPLACE', 'image/webp'],
      [undefined, 'application/octet-stream'],
    ]);
  });

  it('sends a Content-Type given as an option or in headers', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    await bucket.putObject('ct1', { body: 'x', contentType: 'text/csv' });
    await bucket.putObject('ct2', { body: 'x', headers: { 'Content-Type': 'image/png', 'Cache-Control': 'no-cache' } });
    await bucket.initiateMultipartUpload('ct3', { contentType: 'video/mp4' });
    expect(fake.requests.map((r) => r.headers['content-type'])).toEqual(['text/csv', 'image/png', 'video/mp4']);
    expect(fake.requests[1]?.headers['cache-control']).toBe('no-cache');
    expect(fake.requests.every((r) => r.auth === 'v4')).toBe(true);
  });

  it('signs with V1 when asked', async () => {
    const bucket = clientFor(fake, { signatureVersion: 'v1' }).getBucket('test-bucket');
    await bucket.putObject('v1.txt', { body: Buffer.from('v1 body') });
    expect(fake.requests[0]?.auth).toBe('v1');
    expect(fake.requests[0]?.headers['authorization']).toMatch(/^OSS test-ak:/);
  });

  it('sends the STS token, signed', async () => {
    const bucket = clientFor(fake, { securityToken: 'sts-token' }).getBucket('test-bucket');
    await bucket.putObject('sts.txt', { body: 'x' });
    expect(fake.requests[0]?.headers['x-oss-security-token']).toBe('sts-token');
    expect(fake.requests[0]?.auth).toBe('v4');
  });

  it('rejects a wrong secret with SignatureDoesNotMatch', async () => {
    const bucket = clientFor(fake, { accessKeySecret: 'wrong' }).getBucket('test-bucket');
    const err = await bucket.putObject('x.txt', { body: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OssError);
    expect((err as OssError).code).toBe('SignatureDoesNotMatch');
    expect((err as OssError).status).toBe(403);
    expect(fake.requests).toHaveLength(1);
  });

  it('sends a Buffer as it is; with onProgress, `sent` follows its 256 KiB writes', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    const data = randomBytes(600_000);
    const progress: Progress[] = [];
    await bucket.putObject('buffer.bin', { body: data, onProgress: (p) => progress.push(p) });
    expect(fake.buckets.get('test-bucket')?.get('buffer.bin')?.data.equals(data)).toBe(true);
    expect(progress).toEqual([
      { loaded: 0, sent: 262_144, total: 600_000 },
      { loaded: 0, sent: 524_288, total: 600_000 },
      { loaded: 0, sent: 600_000, total: 600_000 },
      { loaded: 600_000, sent: 600_000, total: 600_000 },
    ]);
  });

  it('streams a file, a Node Readable of unknown length and a web ReadableStream', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    const { path, data } = await randomFile(tmp.dir, 'put.bin', 300_000);
    const progress: Progress[] = [];
    await bucket.putObject('file.bin', { file: path, onProgress: (p) => progress.push(p) });
    expect(fake.buckets.get('test-bucket')?.get('file.bin')?.data.equals(data)).toBe(true);
    // `sent` grows as bytes are written; `loaded` (acknowledged) stays 0 until OSS has answered.
    const sent = progress.map((p) => p.sent);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.slice(0, -1).every((p) => p.loaded === 0 && p.total === 300_000)).toBe(true);
    expect(progress.at(-2)?.sent).toBe(300_000);
    expect(progress.at(-1)).toEqual({ loaded: 300_000, sent: 300_000, total: 300_000 });

    await bucket.putObject('node.txt', { body: Readable.from([Buffer.from('a'), Buffer.from('b')]) });
    expect(fake.buckets.get('test-bucket')?.get('node.txt')?.data.toString()).toBe('ab');

    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('web'));
        controller.close();
      },
    });
    await bucket.putObject('web.txt', { body: web, contentLength: 3 });
    expect(fake.requests.at(-1)?.headers['content-length']).toBe('3');
    expect(fake.buckets.get('test-bucket')?.get('web.txt')?.data.toString()).toBe('web');
  });

  it('needs exactly one of file or body', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    await expect(bucket.putObject('x', {})).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(bucket.putObject('x', { body: 'a', file: '/tmp/a' })).rejects.toMatchObject({ code: 'InvalidArgument' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('virtual-hosted addressing', () => {
  it('sends Host: <bucket>.<endpoint> and the key as the path', async () => {
    // Resolve every host to loopback so `test-bucket.localhost` reaches the fake.
    const dispatcher = new Agent({
      connect: { lookup: (_host, _opts, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]) },
    });
    const client = clientFor(fake, { endpoint: `http://localhost:${fake.port}`, pathStyle: false, dispatcher });
    await client.getBucket('test-bucket').putObject('vh/key.txt', { body: 'vh' });
    const req = fake.requests[0]!;
    expect(req.host).toBe(`test-bucket.localhost:${fake.port}`);
    expect(req.url).toBe('/vh/key.txt');
    expect(req.auth).toBe('v4');
    await dispatcher.close();
  });
});

describe('CNAME addressing (undici MockAgent)', () => {
  it('sends /<key> to the custom domain and signs the /<bucket>/<key> resource', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    let seen: { path: string; headers: Record<string, string> } | undefined;
    agent
      .get('https://img.example.com')
      .intercept({ path: '/photos/cat.jpg', method: 'PUT' })
      .reply(200, '', { headers: { etag: '"ABC"', 'x-oss-request-id': 'RID' } });
    const client = new Client({ endpoint: 'https://img.example.com', cname: true, accessKeyId: 'ak', accessKeySecret: 'sk', dispatcher: agent, crcCheck: false });
    const intercepted = new Promise<void>((done) => {
      const original = agent.dispatch.bind(agent);
      agent.dispatch = (opts, handler) => {
        seen = { path: String(opts.path), headers: opts.headers as Record<string, string> };
        done();
        return original(opts, handler);
      };
    });
    const res = await client.getBucket('photos-bucket').putObject('photos/cat.jpg', { body: 'meow' });
    await intercepted;
    expect(res).toMatchObject({ etag: 'ABC', requestId: 'RID' });
    expect(seen?.path).toBe('/photos/cat.jpg');
    expect(seen?.headers['authorization']).toMatch(/^OSS4-HMAC-SHA256 Credential=ak\/\d{8}\/cn-hangzhou\/oss\/aliyun_v4_request,Signature=[0-9a-f]{64}$/);
    const auth = verifyRequest(
      { method: 'PUT', bucket: 'photos-bucket', key: 'photos/cat.jpg', headers: seen?.headers ?? {}, query: {} },
      { lookupSecret: (id) => (id === 'ak' ? 'sk' : undefined), region: 'cn-hangzhou' },
    );
    expect(auth.kind).toBe('v4');
    await agent.close();
  });
});

describe('getObject / headObject / objectExists', () => {
  beforeEach(async () => {
    await clientFor(fake).getBucket('test-bucket').putObject('get.txt', { body: 'hello world', meta: { color: 'red' }, contentType: 'text/plain' });
    fake.requests.length = 0;
  });

  it('streams the object with its metadata', async () => {
    const res = await clientFor(fake).getBucket('test-bucket').getObject('get.txt');
    expect(await text(res.body)).toBe('hello world');
    expect(res.meta).toEqual({ color: 'red' });
    expect(res.contentType).toBe('text/plain');
    expect(res.size).toBe(11);
    expect(res.objectType).toBe('Normal');
  });

  it('reads a byte range and conditional headers', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    const res = await bucket.getObject('get.txt', { range: { start: 6 } });
    expect(res.status).toBe(206);
    expect(await text(res.body)).toBe('world');
    expect(fake.requests[0]?.headers['range']).toBe('bytes=6-');
    await expect(bucket.getObject('get.txt', { ifMatch: '"nope"' })).rejects.toMatchObject({ code: 'PreconditionFailed', status: 412 });
  });

  it('writes to a file', async () => {
    const target = join(tmp.dir, 'out.txt');
    const res = await clientFor(fake).getBucket('test-bucket').getObject('get.txt', { file: target });
    expect(res.body).toBeUndefined();
    expect(await readFile(target, 'utf8')).toBe('hello world');
  });

  it('HEAD returns metadata; a missing key gives NoSuchKeyError from x-oss-err', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    const head = await bucket.headObject('get.txt');
    expect(head.size).toBe(11);
    expect(head.etag).toBe('5EB63BBBE01EEED093CB22BB8F5ACDC3');
    const err = await bucket.headObject('missing.txt').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoSuchKeyError);
    expect((err as NoSuchKeyError).message).toContain('The specified key does not exist.');
    expect((err as NoSuchKeyError).requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(await bucket.objectExists('get.txt')).toBe(true);
    expect(await bucket.objectExists('missing.txt')).toBe(false);
  });

  it('GET of a missing key throws NoSuchKeyError parsed from the XML body', async () => {
    const err = await clientFor(fake).getBucket('test-bucket').getObject('missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoSuchKeyError);
    expect(err).toMatchObject({ code: 'NoSuchKey', status: 404 });
  });
});

describe('delete, copy, append, list', () => {
  it('deletes one and many objects', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    await bucket.putObject('d1', { body: '1' });
    await bucket.putObject('d 2+', { body: '2' });
    await bucket.deleteObject('d1');
    expect(fake.buckets.get('test-bucket')?.has('d1')).toBe(false);
    fake.requests.length = 0;
    const res = await bucket.deleteObjects(['d 2+', 'never']);
    expect(res.deleted.sort()).toEqual(['d 2+', 'never']);
    const req = fake.requests[0]!;
    expect(req.query).toMatchObject({ delete: '', 'encoding-type': 'url' });
    expect(req.headers['content-md5']).toBeDefined();
    expect(fake.buckets.get('test-bucket')?.has('d 2+')).toBe(false);
  });

  it('copies an object', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    await bucket.putObject('src/a b.txt', { body: 'copy me' });
    const res = await bucket.copyObject('dst.txt', 'src/a b.txt');
    expect(res.etag).toMatch(/^[0-9A-F]{32}$/);
    expect(fake.requests.at(-1)?.headers['x-oss-copy-source']).toBe('/test-bucket/src%2Fa%20b.txt');
    expect(fake.buckets.get('test-bucket')?.get('dst.txt')?.data.toString()).toBe('copy me');
  });

  it('appends', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    const first = await bucket.appendObject('log.txt', { body: 'abc', position: 0 });
    expect(first.nextAppendPosition).toBe(3);
    const second = await bucket.appendObject('log.txt', { body: 'de', position: 3 });
    expect(second.nextAppendPosition).toBe(5);
    expect(second.crc64).toBe(crc64(Buffer.from('abcde')).toString());
    await expect(bucket.appendObject('log.txt', { body: 'x', position: 1 })).rejects.toMatchObject({ code: 'PositionNotEqualToLength', status: 409 });
  });

  it('listObjects pages for you; listObjectsPage gives common prefixes', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    for (const key of ['l/1', 'l/2', 'l/3', 'l/4', 'l/5', 'l/sub/6']) await bucket.putObject(key, { body: key });
    fake.requests.length = 0;
    const keys: string[] = [];
    for await (const obj of bucket.listObjects({ prefix: 'l/', maxKeys: 2 })) keys.push(obj.key);
    expect(keys).toEqual(['l/1', 'l/2', 'l/3', 'l/4', 'l/5', 'l/sub/6']);
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[1]?.query['marker']).toBe('l/2');
    const page = await bucket.listObjectsPage({ prefix: 'l/', delimiter: '/' });
    expect(page.commonPrefixes).toEqual(['l/sub/']);
    expect(page.contents.map((o) => o.key)).toEqual(['l/1', 'l/2', 'l/3', 'l/4', 'l/5']);
  });
});

describe('buckets', () => {
  it('creates, lists and deletes buckets', async () => {
    const client = clientFor(fake);
    await client.createBucket('made-here');
    expect(fake.requests[0]).toMatchObject({ method: 'PUT', url: '/made-here/', auth: 'v4' });
    const list = await client.listBuckets();
    expect(list.buckets.map((b) => b.name)).toContain('made-here');
    await client.deleteBucket('made-here');
    expect(fake.buckets.has('made-here')).toBe(false);
    await expect(client.deleteBucket('made-here')).rejects.toMatchObject({ code: 'NoSuchBucket', status: 404 });
  });
});

describe('multipart operations', () => {
  it('initiate, upload parts, list parts/uploads, complete, abort', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    const { uploadId } = await bucket.initiateMultipartUpload('mp.bin', { contentType: 'application/x-test' });
    expect(fake.requests[0]?.query).toEqual({ uploads: '' });
    const p1 = await bucket.uploadPart('mp.bin', uploadId, 1, { body: Buffer.alloc(10, 1) });
    const p2 = await bucket.uploadPart('mp.bin', uploadId, 2, { body: Buffer.alloc(5, 2) });
    expect(fake.requests[1]?.query).toEqual({ partNumber: '1', uploadId });
    const parts = await bucket.listParts('mp.bin', uploadId);
    expect(parts.parts.map((p) => [p.partNumber, p.size])).toEqual([[1, 10], [2, 5]]);
    const uploads = await bucket.listUploads({ prefix: 'mp' });
    expect(uploads.uploads.map((u) => u.uploadId)).toContain(uploadId);
    const done = await bucket.completeMultipartUpload('mp.bin', uploadId, [p2, p1]);
    expect(done.etag).toMatch(/-2$/);
    expect(done.crc64).toBe(crc64(Buffer.concat([Buffer.alloc(10, 1), Buffer.alloc(5, 2)])).toString());
    expect(done.location).toContain('mp.bin');
    const body = fake.requests.at(-1)!.body.toString();
    expect(body.indexOf('<PartNumber>1</PartNumber>')).toBeLessThan(body.indexOf('<PartNumber>2</PartNumber>'));

    const other = await bucket.initiateMultipartUpload('mp2.bin');
    await bucket.abortMultipartUpload('mp2.bin', other.uploadId);
    await expect(bucket.listParts('mp2.bin', other.uploadId)).rejects.toMatchObject({ code: 'NoSuchUpload', name: 'NoSuchUploadError' });
  });

  it('parts streamed without a declared length report the bytes sent, so the combined CRC-64 checks out', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    const { uploadId } = await bucket.initiateMultipartUpload('mp-stream.bin');
    const data = [Buffer.alloc(7, 3), Buffer.alloc(4, 4)];
    const p1 = await bucket.uploadPart('mp-stream.bin', uploadId, 1, { body: Readable.from([data[0]!]) });
    const p2 = await bucket.uploadPart('mp-stream.bin', uploadId, 2, { body: Readable.from([data[1]!]) });
    expect([p1.size, p2.size]).toEqual([7, 4]);
    const done = await bucket.completeMultipartUpload('mp-stream.bin', uploadId, [p1, p2]);
    expect(done.crc64).toBe(crc64(Buffer.concat(data)).toString());
  });
});
