/**
 * Drives the emulator with the unmodified `ali-oss` npm client (a client nobody here wrote), in
 * path style (`endpoint: http://localhost:<port>` with `sldEnable: true`, docs/rest-api.md §5.1)
 * and in its default virtual-hosted style, with V1 and V4 signatures.
 */
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import type { LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from './server.js';
import { aliOssClient } from './test-support/ali-oss-client.js';
import type { TestEmulator } from './test-support/harness.js';
import { startTestEmulator } from './test-support/harness.js';

const B = 'examplebucket';

/* eslint-disable @typescript-eslint/no-explicit-any -- ali-oss is untyped */
describe('unmodified ali-oss client', () => {
  let t: TestEmulator;
  let emulator: RunningEmulator;
  let client: any;

  beforeAll(async () => {
    t = await startTestEmulator();
    emulator = t.emulator;
    client = aliOssClient(emulator);
  });
  afterAll(async () => {
    await t.close();
  });

  it('put, get with range, head', async () => {
    const put = await client.put('docs/hello.txt', Buffer.from('hello, ossbox'), { headers: { 'x-oss-meta-who': 'me' } });
    expect(put.res.status).toBe(200);
    const range = await client.get('docs/hello.txt', { headers: { Range: 'bytes=0-4' } });
    expect(range.res.status).toBe(206);
    expect(range.content.toString()).toBe('hello');
    const head = await client.head('docs/hello.txt');
    expect(head.status).toBe(200);
    expect(head.meta).toEqual({ who: 'me' });
    expect(head.res.headers['content-length']).toBe('13');
  });

  it('copy, list with prefix and delimiter, delete', async () => {
    await client.put('docs/a.txt', Buffer.from('a'));
    await client.put('docs/sub/b.txt', Buffer.from('b'));
    await client.put('other.txt', Buffer.from('o'));
    const copy = await client.copy('docs/copy.txt', 'docs/a.txt');
    expect(copy.res.status).toBe(200);
    expect((await client.get('docs/copy.txt')).content.toString()).toBe('a');
    const list = await client.list({ prefix: 'docs/', delimiter: '/' });
    expect(list.objects.map((o: any) => o.name)).toEqual(['docs/a.txt', 'docs/copy.txt', 'docs/hello.txt']);
    expect(list.prefixes).toEqual(['docs/sub/']);
    const v2 = await client.listV2({ prefix: 'docs/', 'max-keys': 2 });
    expect(v2.objects).toHaveLength(2);
    expect(v2.isTruncated).toBe(true);
    const del = await client.delete('docs/copy.txt');
    expect(del.res.status).toBe(204);
    await expect(client.get('docs/copy.txt')).rejects.toMatchObject({ code: 'NoSuchKey', status: 404 });
    const multi = await client.deleteMulti(['docs/a.txt', 'other.txt'], { quiet: false });
    expect(multi.deleted.map((d: any) => d.Key ?? d)).toHaveLength(2);
  });

  it('multipartUpload with several parts', async () => {
    const data = randomBytes(100 * 1024 * 3 + 777);
    const result = await client.multipartUpload('big/file.bin', data, { partSize: 100 * 1024, parallel: 2 });
    expect(result.res.status).toBe(200);
    const got = await client.get('big/file.bin');
    expect(Buffer.compare(got.content, data)).toBe(0);
    expect(got.res.headers['x-oss-object-type']).toBe('Multipart');
    expect(got.res.headers.etag).toMatch(/^"[0-9A-F]{32}-4"$/);
  });

  it('append, ACLs, bucket info and multipart bookkeeping', async () => {
    const first = await client.append('log.txt', Buffer.from('one,'));
    const second = await client.append('log.txt', Buffer.from('two'), { position: first.nextAppendPosition });
    expect(second.nextAppendPosition).toBe('7');
    expect((await client.get('log.txt')).content.toString()).toBe('one,two');
    await client.putACL('log.txt', 'public-read');
    expect((await client.getACL('log.txt')).acl).toBe('public-read');
    expect((await fetch(`http://localhost:${emulator.port}/${B}/log.txt`)).status).toBe(200);
    const info = await client.getBucketInfo(B);
    expect(info.bucket.Name).toBe(B);
    expect((await client.getBucketLocation(B)).location).toBe('oss-cn-hangzhou');
    const { uploadId } = await client.initMultipartUpload('pending.bin');
    const uploads = await client.listUploads({ prefix: 'pending' });
    expect(uploads.uploads.map((u: any) => u.uploadId)).toEqual([uploadId]);
    await client.abortMultipartUpload('pending.bin', uploadId);
    expect((await client.listUploads({ prefix: 'pending' })).uploads).toEqual([]);
  });

  // ali-oss guesses the type from the name before sending (createRequest: mime.getType of the
  // key's extension); a presigned PUT sent without one is stored as OSS stores it, untyped.
  it('put, append and multipartUpload store the type ali-oss guesses; a presigned PUT without one is application/octet-stream', async () => {
    const typeOf = async (key: string) => (await client.head(key)).res.headers['content-type'];
    await client.put('types/photo.jpg', Buffer.from('jpeg?'));
    await client.append('types/log.csv', Buffer.from('a,b'));
    await client.multipartUpload('types/clip.mp4', randomBytes(100 * 1024 + 1), { partSize: 100 * 1024 });
    await client.put('types/no-extension', Buffer.from('x'));
    const url: string = client.signatureUrl('types/presigned.png', { method: 'PUT', expires: 60 });
    expect((await fetch(url, { method: 'PUT', body: new Uint8Array([137, 80, 78, 71]) })).status).toBe(200);
    const keys = ['photo.jpg', 'log.csv', 'clip.mp4', 'no-extension', 'presigned.png'];
    expect(await Promise.all(keys.map((key) => typeOf(`types/${key}`)))).toEqual([
      'image/jpeg',
      'text/csv',
      'video/mp4',
      'application/octet-stream',
      'application/octet-stream',
    ]);
  });

  it('signatureUrl works with plain fetch', async () => {
    await client.put('signed.txt', Buffer.from('signed body'));
    const url: string = client.signatureUrl('signed.txt', { expires: 60 });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('signed body');
    const tampered = await fetch(url.replace('signed.txt', 'other.txt'));
    expect(tampered.status).toBe(403);
  });

  it('virtual-hosted style (the ali-oss default) with <bucket>.localhost', async () => {
    // Not every resolver maps *.localhost to loopback, so the agent does it.
    const lookup = ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
      options?.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)) as unknown as LookupFunction;
    const agent = new Agent({ lookup });
    const vhost = aliOssClient(emulator, { sldEnable: false, agent });
    const put = await vhost.put('vhost.txt', Buffer.from('virtual'));
    expect(put.res.requestUrls[0]).toContain(`//${B}.localhost:${emulator.port}/vhost.txt`);
    expect((await vhost.get('vhost.txt')).content.toString()).toBe('virtual');
    expect((await client.get('vhost.txt')).content.toString()).toBe('virtual');
    agent.destroy();
  });

  it('V4 signatures (authorizationV4)', async () => {
    const v4 = aliOssClient(emulator, { authorizationV4: true });
    await v4.put('v4.txt', Buffer.from('signed with v4'));
    expect((await v4.get('v4.txt')).content.toString()).toBe('signed with v4');
    const list = await v4.list({ prefix: 'v4' });
    expect(list.objects.map((o: any) => o.name)).toEqual(['v4.txt']);
  });

  it('errors come back as ali-oss errors with code and request id', async () => {
    await expect(client.head('missing')).rejects.toMatchObject({ status: 404, code: 'NoSuchKey' });
    const wrong = aliOssClient(emulator, { accessKeySecret: 'nope' });
    await expect(wrong.get('signed.txt')).rejects.toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
  });
});
