import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeErrHeader, parseCopyObjectResult, parseDeleteResult, parseErrorXml } from '@ossbox/protocol';
import { oss, provisionCallbackKey, useTestApp } from '../test-support/harness.js';
import { storedBlobs } from '../test-support/stored-blobs.js';

const B = 'examplebucket';

function md5b64(body: string | Buffer): string {
  return createHash('md5').update(body).digest('base64');
}

describe('object operations', () => {
  const t = useTestApp();

  async function put(key: string, body: string | Buffer, headers: Record<string, string> = {}) {
    return oss(t.app, 'PUT', { bucket: B, key, body, headers });
  }

  it('PutObject returns the uppercase MD5 ETag (§5.12 vector), CRC-64 and Content-MD5', async () => {
    const res = await put('test.txt', 'test\n');
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"D8E8FCA2DC0F896FD7CB4CB0031BA249"');
    expect(res.headers['content-md5']).toBe(md5b64('test\n'));
    expect(res.headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);
  });

  it('CRC-64 header matches the published vector (§5.12)', async () => {
    const res = await put('crc', "Anything you're good at contributes to happiness.");
    expect(res.headers['x-oss-hash-crc64ecma']).toBe('108247482078852440');
    const get = await oss(t.app, 'GET', { bucket: B, key: 'crc' });
    expect(get.headers['x-oss-hash-crc64ecma']).toBe('108247482078852440');
    const head = await oss(t.app, 'HEAD', { bucket: B, key: 'crc' });
    expect(head.headers['x-oss-hash-crc64ecma']).toBe('108247482078852440');
  });

  it('GetObject returns bytes and stored metadata; no Content-Type sent is application/octet-stream, whatever the extension', async () => {
    await put('dir/page.html', Buffer.from('<p>hi</p>'), {
      'Cache-Control': 'no-cache',
      'Content-Disposition': 'attachment; filename="p.html"',
      'Content-Encoding': 'identity',
      Expires: 'Wed, 21 Oct 2015 07:28:00 GMT',
      'x-oss-meta-author': 'alice',
    });
    const res = await oss(t.app, 'GET', { bucket: B, key: 'dir/page.html' }).buffer(true);
    expect(res.status).toBe(200);
    expect(res.text).toBe('<p>hi</p>');
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-disposition']).toBe('attachment; filename="p.html"');
    expect(res.headers['expires']).toBe('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(res.headers['x-oss-meta-author']).toBe('alice');
    expect(res.headers['x-oss-object-type']).toBe('Normal');
    expect(res.headers['last-modified']).toMatch(/GMT$/);
  });

  it('keeps the request Content-Type', async () => {
    await put('x.bin', 'abc', { 'Content-Type': 'text/plain; charset=utf-8' });
    const res = await oss(t.app, 'HEAD', { bucket: B, key: 'x.bin' });
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-length']).toBe('3');
  });

  it('stores hostile keys as plain keys, never as paths', async () => {
    const keys = ['../../etc/passwd', '..', 'a/../b', '中文/文件 名+plus.txt', 'emoji-😀', 'sp ace', 'x'.repeat(1023)];
    for (const key of keys) {
      expect((await put(key, `body of ${key}`)).status).toBe(200);
    }
    for (const key of keys) {
      const res = await oss(t.app, 'GET', { bucket: B, key }).buffer(true);
      expect(res.text).toBe(`body of ${key}`);
    }
    // Nothing escaped the data directory: blobs are named by random ids.
    const top = await readdir(t.dir);
    expect(top.sort()).toEqual(expect.arrayContaining(['blobs', 'ossbox.sqlite', 'tmp']));
    expect(top.some((name) => name.includes('passwd') || name === 'etc')).toBe(false);
    const shards = await readdir(join(t.dir, 'blobs'));
    for (const shard of shards) {
      for (const name of await readdir(join(t.dir, 'blobs', shard))) expect(name).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('rejects a key over 1023 bytes with InvalidObjectName', async () => {
    const res = await put('é'.repeat(512), 'x');
    expect(res.status).toBe(400);
    expect(parseErrorXml(res.text)?.code).toBe('InvalidObjectName');
  });

  it('decodes %2F and keeps + literal in keys', async () => {
    await put('a/b+c', '1');
    const res = await oss(t.app, 'GET', { bucket: B, key: 'a/b+c' });
    expect(res.status).toBe(200);
    // The same key addressed with %2F instead of /.
    const raw = await oss(t.app, 'GET', { bucket: B, key: 'a/b+c' }).buffer(true);
    expect(raw.status).toBe(200);
  });

  it('rejects invalid percent-encoding with 400, not 500', async () => {
    const bad = await (await import('supertest')).default(t.app).get(`/${B}/%E0%A4%A`);
    expect(bad.status).toBe(400);
    expect(parseErrorXml(bad.text)?.code).toBe('InvalidURI');
  });

  it('Content-MD5 mismatch gives InvalidDigest and stores nothing', async () => {
    await put('k', 'old');
    const res = await put('k', 'new', { 'Content-MD5': md5b64('other') });
    expect(res.status).toBe(400);
    const err = parseErrorXml(res.text)!;
    expect(err.code).toBe('InvalidDigest');
    expect(err.ec).toBe('0017-00000503');
    const get = await oss(t.app, 'GET', { bucket: B, key: 'k' }).buffer(true);
    expect(get.text).toBe('old');
    expect(await readdir(join(t.dir, 'tmp'))).toEqual([]);
  });

  it('malformed Content-MD5 gives InvalidDigest 0017-00000502', async () => {
    const res = await put('k', 'x', { 'Content-MD5': 'not-base64' });
    expect(parseErrorXml(res.text)?.ec).toBe('0017-00000502');
  });

  it('matching Content-MD5 is accepted', async () => {
    expect((await put('k', 'x', { 'Content-MD5': md5b64('x') })).status).toBe(200);
  });

  it('x-oss-forbid-overwrite: true gives 409 FileAlreadyExists and keeps the object', async () => {
    await put('k', 'one');
    const res = await put('k', 'two', { 'x-oss-forbid-overwrite': 'true' });
    expect(res.status).toBe(409);
    expect(parseErrorXml(res.text)?.code).toBe('FileAlreadyExists');
    expect((await oss(t.app, 'GET', { bucket: B, key: 'k' }).buffer(true)).text).toBe('one');
    expect((await put('new', 'x', { 'x-oss-forbid-overwrite': 'true' })).status).toBe(200);
  });

  it('overwriting deletes the old blob', async () => {
    await put('k', 'one');
    await put('k', 'two');
    expect(await storedBlobs(t.dir)).toHaveLength(1);
  });

  it('GetObject on a missing key is 404 NoSuchKey; missing bucket is NoSuchBucket', async () => {
    const res = await oss(t.app, 'GET', { bucket: B, key: 'nope' });
    expect(res.status).toBe(404);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'NoSuchKey', requestId: res.headers['x-oss-request-id'] });
    expect(res.headers['content-type']).toMatch(/application\/xml/);
    const nb = await oss(t.app, 'GET', { bucket: 'nobucket', key: 'k' });
    expect(nb.status).toBe(404);
    expect(parseErrorXml(nb.text)?.code).toBe('NoSuchBucket');
    expect(nb.headers['x-oss-ec']).toBe('0015-00000101');
  });

  it('HEAD errors carry x-oss-err and x-oss-ec, no body', async () => {
    const res = await oss(t.app, 'HEAD', { bucket: 'nobucket', key: 'k' });
    expect(res.status).toBe(404);
    expect(res.text ?? '').toBe('');
    const xml = decodeErrHeader(res.headers['x-oss-err'] as string)!;
    expect(parseErrorXml(xml)?.code).toBe('NoSuchBucket');
    expect(res.headers['x-oss-ec']).toBe('0015-00000101');
  });

  describe('Range', () => {
    beforeEach(async () => {
      await put('r', '0123456789');
    });
    const get = (range: string, standard = false) =>
      oss(t.app, 'GET', {
        bucket: B,
        key: 'r',
        headers: { Range: range, ...(standard ? { 'x-oss-range-behavior': 'standard' } : {}) },
      }).buffer(true);

    it('serves a valid range with 206 and Content-Range', async () => {
      const res = await get('bytes=2-5');
      expect(res.status).toBe(206);
      expect(res.text).toBe('2345');
      expect(res.headers['content-range']).toBe('bytes 2-5/10');
    });
    it('suffix and open ranges', async () => {
      expect((await get('bytes=-3')).text).toBe('789');
      expect((await get('bytes=7-')).text).toBe('789');
    });
    it('ignores an invalid or out-of-range value by default (200, whole object)', async () => {
      for (const range of ['bytes=20-30', 'bytes=5-2', 'items=1-2', 'bytes=5-20', 'bytes=-20']) {
        const res = await get(range);
        expect(res.status).toBe(200);
        expect(res.text).toBe('0123456789');
      }
    });
    it('serves only the first of several ranges, as OSS does', async () => {
      const res = await get('bytes=1-2,4-5');
      expect(res.status).toBe(206);
      expect(res.headers['content-range']).toBe('bytes 1-2/10');
      expect(res.text).toBe('12');
    });
    it('standard behaviour clamps the end and 416s a start past EOF', async () => {
      const clamped = await get('bytes=5-20', true);
      expect(clamped.status).toBe(206);
      expect(clamped.text).toBe('56789');
      const res = await get('bytes=100-', true);
    expect(res.status).toBe(416);
      expect(parseErrorXml(res.text)?.code).toBe('InvalidRange');
    });
  });

  describe('conditional GET', () => {
    it('If-Match / If-None-Match / If-Modified-Since / If-Unmodified-Since', async () => {
      const etag = (await put('c', 'x')).headers.etag as string;
      const get = (headers: Record<string, string>) => oss(t.app, 'GET', { bucket: B, key: 'c', headers });
      expect((await get({ 'If-Match': etag })).status).toBe(200);
      const failed = await get({ 'If-Match': '"0000"' });
      expect(failed.status).toBe(412);
      expect(parseErrorXml(failed.text)?.code).toBe('PreconditionFailed');
      expect((await get({ 'If-None-Match': etag })).status).toBe(304);
      expect((await get({ 'If-None-Match': '"0000"' })).status).toBe(200);
      const future = new Date(Date.now() + 3600_000).toUTCString();
      const past = new Date(Date.now() - 3600_000).toUTCString();
      expect((await get({ 'If-Modified-Since': future })).status).toBe(304);
      expect((await get({ 'If-Modified-Since': past })).status).toBe(200);
      expect((await get({ 'If-Unmodified-Since': past })).status).toBe(412);
      expect((await get({ 'If-Unmodified-Since': future })).status).toBe(200);
    });
  });

  it('response-* query parameters override headers', async () => {
    await put('o', 'x');
    const res = await oss(t.app, 'GET', {
      bucket: B,
      key: 'o',
      query: { 'response-content-type': 'text/csv', 'response-content-disposition': 'inline' },
    });
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('inline');
  });

  it('response-* overrides carry UTF-8 file names and refuse control characters', async () => {
    await put('o', 'x');
    const res = await oss(t.app, 'GET', {
      bucket: B,
      key: 'o',
      query: { 'response-content-disposition': 'attachment; filename="中文.txt"' },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(res.headers['content-disposition'] as string, 'latin1').toString('utf8')).toBe(
      'attachment; filename="中文.txt"',
    );
    const bad = await oss(t.app, 'GET', { bucket: B, key: 'o', query: { 'response-content-type': 'a\r\nX-Evil: 1' } });
    expect(bad.status).toBe(400);
    expect(parseErrorXml(bad.text)?.code).toBe('InvalidArgument');
  });

  it('an error after the object headers are set (416 of a standard Range) keeps their UTF-8 bytes', async () => {
    // A bare node:http res.end(string) writes the head in the body's encoding, which would send
    // UTF-8 header values (held as Latin-1 strings of their bytes) encoded twice.
    await put('o', 'x');
    const res = await oss(t.app, 'GET', {
      bucket: B,
      key: 'o',
      headers: { Range: 'bytes=5-9', 'x-oss-range-behavior': 'standard' },
      query: { 'response-content-disposition': 'attachment; filename="中文.txt"' },
    });
    expect(res.status).toBe(416);
    expect(parseErrorXml(res.text)?.code).toBe('InvalidRange');
    expect(Buffer.from(res.headers['content-disposition'] as string, 'latin1').toString('utf8')).toBe(
      'attachment; filename="中文.txt"',
    );
  });

  it('POST on an object without a sub-resource is MethodNotAllowed', async () => {
    const res = await oss(t.app, 'POST', { bucket: B, key: 'k' });
    expect(res.status).toBe(405);
    expect(parseErrorXml(res.text)?.code).toBe('MethodNotAllowed');
  });

  it('UploadPart with a wrong Content-MD5 stores no part', async () => {
    const init = await oss(t.app, 'POST', { bucket: B, key: 'mp', query: { uploads: '' } });
    const uploadId = /<UploadId>(\w+)<\/UploadId>/.exec(init.text)![1]!;
    const res = await oss(t.app, 'PUT', {
      bucket: B,
      key: 'mp',
      query: { partNumber: '1', uploadId },
      body: 'abc',
      headers: { 'Content-MD5': md5b64('xyz') },
    });
    expect(parseErrorXml(res.text)?.code).toBe('InvalidDigest');
    const parts = await oss(t.app, 'GET', { bucket: B, key: 'mp', query: { uploadId } });
    expect(parts.text).not.toContain('<Part>');
  });

  it('GetObjectMeta returns ETag, size and CRC', async () => {
    const etag = (await put('m', 'hello')).headers.etag;
    const res = await oss(t.app, 'HEAD', { bucket: B, key: 'm', query: { objectMeta: '' } });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(etag);
    expect(res.headers['content-length']).toBe('5');
  });

  it('DeleteObject is 204, also for a missing key', async () => {
    await put('d', 'x');
    expect((await oss(t.app, 'DELETE', { bucket: B, key: 'd' })).status).toBe(204);
    expect((await oss(t.app, 'GET', { bucket: B, key: 'd' })).status).toBe(404);
    expect((await oss(t.app, 'DELETE', { bucket: B, key: 'd' })).status).toBe(204);
  });

  it('DeleteMultipleObjects deletes, reports, and honours quiet mode', async () => {
    await put('a', '1');
    await put('b', '2');
    const body = '<Delete><Quiet>false</Quiet><Object><Key>a</Key></Object><Object><Key>zz</Key></Object></Delete>';
    const res = await oss(t.app, 'POST', {
      bucket: B,
      query: { delete: '' },
      body,
      headers: { 'Content-MD5': md5b64(body), 'Content-Type': 'application/xml' },
    });
    expect(res.status).toBe(200);
    expect(parseDeleteResult(res.text).deleted).toEqual(['a', 'zz']);
    const quietBody = '<Delete><Quiet>true</Quiet><Object><Key>b</Key></Object></Delete>';
    const quiet = await oss(t.app, 'POST', {
      bucket: B,
      query: { delete: '' },
      body: quietBody,
      headers: { 'Content-MD5': md5b64(quietBody), 'Content-Type': 'application/xml' },
    });
    expect(parseDeleteResult(quiet.text).deleted).toEqual([]);
    expect((await oss(t.app, 'GET', { bucket: B, key: 'b' })).status).toBe(404);
  });

  it('DeleteMultipleObjects rejects malformed XML and a wrong Content-MD5', async () => {
    const bad = await oss(t.app, 'POST', { bucket: B, query: { delete: '' }, body: '<Delete><Object>', headers: { 'Content-Type': 'application/xml' } });
    expect(bad.status).toBe(400);
    expect(parseErrorXml(bad.text)?.code).toBe('MalformedXML');
    const body = '<Delete><Quiet>true</Quiet><Object><Key>a</Key></Object></Delete>';
    const md5 = await oss(t.app, 'POST', { bucket: B, query: { delete: '' }, body, headers: { 'Content-MD5': md5b64('x'), 'Content-Type': 'application/xml' } });
    expect(parseErrorXml(md5.text)?.code).toBe('InvalidDigest');
  });

  describe('CopyObject', () => {
    it('copies bytes and metadata (COPY) or takes new metadata (REPLACE)', async () => {
      await put('src', 'payload', { 'x-oss-meta-a': '1', 'Content-Type': 'text/plain' });
      const res = await oss(t.app, 'PUT', {
        bucket: B,
        key: 'dst',
        headers: { 'x-oss-copy-source': `/${B}/src` },
      });
      expect(res.status).toBe(200);
      const result = parseCopyObjectResult(res.text);
      expect(result.etag).toBe(`"${createHash('md5').update('payload').digest('hex').toUpperCase()}"`);
      const got = await oss(t.app, 'GET', { bucket: B, key: 'dst' }).buffer(true);
      expect(got.text).toBe('payload');
      expect(got.headers['x-oss-meta-a']).toBe('1');
      expect(got.headers['content-type']).toMatch(/^text\/plain/);

      await oss(t.app, 'PUT', {
        bucket: B,
        key: 'src',
        headers: {
          'x-oss-copy-source': `/${B}/src`,
          'x-oss-metadata-directive': 'REPLACE',
          'x-oss-meta-b': '2',
          'Content-Type': 'application/json',
        },
      }).expect(200);
      const replaced = await oss(t.app, 'HEAD', { bucket: B, key: 'src' });
      expect(replaced.headers['x-oss-meta-a']).toBeUndefined();
      expect(replaced.headers['x-oss-meta-b']).toBe('2');
      expect(replaced.headers['content-type']).toMatch(/^application\/json/);
    });

    it('url-encoded source keys, missing source, and copy-source conditions', async () => {
      await put('a b/中', 'x');
      await oss(t.app, 'PUT', {
        bucket: B,
        key: 'c',
        headers: { 'x-oss-copy-source': `/${B}/${encodeURIComponent('a b/中')}` },
      }).expect(200);
      const missing = await oss(t.app, 'PUT', { bucket: B, key: 'c', headers: { 'x-oss-copy-source': `/${B}/none` } });
      expect(missing.status).toBe(404);
      expect(parseErrorXml(missing.text)?.code).toBe('NoSuchKey');
      const cond = await oss(t.app, 'PUT', {
        bucket: B,
        key: 'c',
        headers: { 'x-oss-copy-source': `/${B}/c`, 'x-oss-copy-source-if-match': '"nope"' },
      });
      expect(cond.status).toBe(412);
      // A failing if-none-match / if-modified-since is 304 with no body and copies nothing.
      const failing: Record<string, string>[] = [
        { 'x-oss-copy-source-if-none-match': '*' },
        { 'x-oss-copy-source-if-modified-since': new Date(Date.now() + 60_000).toUTCString() },
      ];
      for (const header of failing) {
        const notModified = await oss(t.app, 'PUT', { bucket: B, key: 'd', headers: { 'x-oss-copy-source': `/${B}/c`, ...header } });
        expect(notModified.status).toBe(304);
        expect(notModified.text).toBe('');
        expect((await oss(t.app, 'HEAD', { bucket: B, key: 'd' })).status).toBe(404);
      }
      const bad = await oss(t.app, 'PUT', { bucket: B, key: 'c', headers: { 'x-oss-copy-source': 'nobucketnokey' } });
      expect(parseErrorXml(bad.text)?.code).toBe('InvalidArgument');
    });
  });

  describe('AppendObject', () => {
    const append = (position: number, body: string) =>
      oss(t.app, 'POST', { bucket: B, key: 'log', query: { append: '', position: String(position) }, body });

    it('appends at the current length and reports the next position and cumulative CRC', async () => {
      const first = await append(0, 'Anything you');
      expect(first.status).toBe(200);
      expect(first.headers['x-oss-next-append-position']).toBe('12');
      const second = await append(12, "'re good at contributes to happiness.");
      expect(second.headers['x-oss-next-append-position']).toBe('49');
      // Cumulative CRC equals the published vector for the whole text (§5.12).
      expect(second.headers['x-oss-hash-crc64ecma']).toBe('108247482078852440');
      const get = await oss(t.app, 'GET', { bucket: B, key: 'log' }).buffer(true);
      expect(get.text).toBe("Anything you're good at contributes to happiness.");
      expect(get.headers['x-oss-object-type']).toBe('Appendable');
    });

    it('PositionNotEqualToLength and ObjectNotAppendable are 409', async () => {
      await append(0, 'abc');
      const wrong = await append(1, 'x');
      expect(wrong.status).toBe(409);
      expect(parseErrorXml(wrong.text)?.code).toBe('PositionNotEqualToLength');
      expect(wrong.headers['x-oss-next-append-position']).toBe('3');
      await put('normal', 'x');
      const na = await oss(t.app, 'POST', { bucket: B, key: 'normal', query: { append: '', position: '1' }, body: 'y' });
      expect(na.status).toBe(409);
      expect(parseErrorXml(na.text)?.code).toBe('ObjectNotAppendable');
    });

    it('a failed Content-MD5 leaves the object as it was', async () => {
      await append(0, 'abc');
      const bad = await oss(t.app, 'POST', {
        bucket: B,
        key: 'log',
        query: { append: '', position: '3' },
        body: 'def',
        headers: { 'Content-MD5': md5b64('zzz') },
      });
      expect(bad.status).toBe(400);
      expect((await append(3, 'DEF')).status).toBe(200);
      expect((await oss(t.app, 'GET', { bucket: B, key: 'log' }).buffer(true)).text).toBe('abcDEF');
    });
  });

  it('Put/GetObjectAcl', async () => {
    await put('acl', 'x');
    expect((await oss(t.app, 'GET', { bucket: B, key: 'acl', query: { acl: '' } })).text).toContain('<Grant>default</Grant>');
    await oss(t.app, 'PUT', { bucket: B, key: 'acl', query: { acl: '' }, headers: { 'x-oss-object-acl': 'public-read' } }).expect(200);
    expect((await oss(t.app, 'GET', { bucket: B, key: 'acl', query: { acl: '' } })).text).toContain('<Grant>public-read</Grant>');
    const bad = await oss(t.app, 'PUT', { bucket: B, key: 'acl', query: { acl: '' }, headers: { 'x-oss-object-acl': 'everyone' } });
    expect(parseErrorXml(bad.text)?.code).toBe('InvalidArgument');
  });

  it('chunked PUT bodies are stored whole', async () => {
    const { Readable } = await import('node:stream');
    const { request } = await import('node:http');
    const { startEmulator } = await import('../server.js');
    await provisionCallbackKey(t.dir + '-chunked');
    const emulator = await startEmulator({ port: 0, location: t.dir + '-chunked', buckets: [B], logLevel: 'silent' });
    try {
      const { signedHeaders } = await import('../test-support/harness.js');
      const headers = signedHeaders('PUT', { bucket: B, key: 'chunked', body: '' });
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${emulator.url}/${B}/chunked`, { method: 'PUT', headers: { ...headers, Expect: '100-continue' } });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('continue', () => Readable.from(['abc', 'def', 'ghi']).pipe(req));
        req.on('error', reject);
      });
      expect(status).toBe(200);
      const get = await fetch(`${emulator.url}/${B}/chunked`, { headers: signedHeaders('GET', { bucket: B, key: 'chunked' }) });
      expect(await get.text()).toBe('abcdefghi');
    } finally {
      await emulator.close();
      const { rm } = await import('node:fs/promises');
      await rm(t.dir + '-chunked', { recursive: true, force: true });
    }
  });
});
