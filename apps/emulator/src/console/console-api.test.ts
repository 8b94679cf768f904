/**
 * The console's page, assets and JSON API on a running emulator: what the store holds, read
 * without OSS requests (no request events), and presigned URLs that work as real OSS requests.
 */
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCallback } from '@ossbox/protocol';
import type { TestEmulator } from '../test-support/harness.js';
import { oss, startTestEmulator } from '../test-support/harness.js';
import type { EmulatorEvent } from '../events/index.js';

const B = 'examplebucket';
const CORS = '<CORSConfiguration><CORSRule><AllowedOrigin>http://app.test</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><MaxAgeSeconds>60</MaxAgeSeconds></CORSRule></CORSConfiguration>';

describe('console', () => {
  let t: TestEmulator;
  let api: supertest.Agent;
  let uploadId: string;

  beforeAll(async () => {
    t = await startTestEmulator();
    api = supertest.agent(t.emulator.url);
    const put = (key: string, body: string, headers: Record<string, string> = {}) => oss(t.emulator.url, 'PUT', { bucket: B, key, body, headers });
    expect((await put('docs/a.txt', 'alpha', { 'x-oss-meta-owner': 'me', 'Content-Type': 'text/plain' })).status).toBe(200);
    expect((await put('docs/deep/b.txt', 'beta')).status).toBe(200);
    for (const name of ['1', '2', '3']) expect((await put(`list/${name}`, name)).status).toBe(200);
    expect((await put('top.bin', 'x')).status).toBe(200);
    expect((await oss(t.emulator.url, 'PUT', { bucket: B, query: { cors: '' }, body: CORS, headers: { 'Content-Type': 'application/xml' } })).status).toBe(200);
    const init = await oss(t.emulator.url, 'POST', { bucket: B, key: 'big.bin', query: { uploads: '' } });
    uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    for (const [partNumber, body] of [['1', 'x'.repeat(300)], ['2', 'yy']] as const) {
      expect((await oss(t.emulator.url, 'PUT', { bucket: B, key: 'big.bin', query: { partNumber, uploadId }, body })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the page at /_ossbox/, its scripts, and Preact and htm from node_modules', async () => {
    expect(t.emulator.consoleUrl).toBe(`${t.emulator.url}/_ossbox/`);
    const page = await api.get('/_ossbox/').expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('"preact": "/_ossbox/console/vendor/preact.mjs"');
    for (const path of ['/_ossbox/console/app.js', '/_ossbox/console/vendor/preact.mjs', '/_ossbox/console/vendor/hooks.mjs', '/_ossbox/console/vendor/htm.mjs']) {
      const res = await api.get(path).expect(200);
      expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    }
    await api.get('/_ossbox/console/vendor/other.mjs').expect(404);
    await api.get('/_ossbox/console/../package.json').expect(404);
  });

  it('GET /api/buckets lists buckets with ACL and parsed CORS rules', async () => {
    const { body } = await api.get('/_ossbox/api/buckets').expect(200);
    expect(body.buckets).toHaveLength(1);
    expect(body.buckets[0]).toMatchObject({
      name: B,
      acl: 'private',
      cors: { rules: [{ allowedOrigins: ['http://app.test'], allowedMethods: ['PUT'], maxAgeSeconds: 60 }], responseVary: false },
    });
    expect(body.buckets[0].corsXml).toContain('<AllowedOrigin>http://app.test</AllowedOrigin>');
  });

  it('GET /api/buckets/<b>/objects folds folders at the delimiter and pages with markers', async () => {
    const root = await api.get(`/_ossbox/api/buckets/${B}/objects?delimiter=/`).expect(200);
    expect(root.body).toMatchObject({ commonPrefixes: ['docs/', 'list/'], isTruncated: false });
    expect(root.body.objects.map((o: { key: string }) => o.key)).toEqual(['top.bin']);

    const first = await api.get(`/_ossbox/api/buckets/${B}/objects?prefix=list/&maxKeys=2`).expect(200);
    expect(first.body.objects.map((o: { key: string }) => o.key)).toEqual(['list/1', 'list/2']);
    expect(first.body).toMatchObject({ isTruncated: true, nextMarker: 'list/2' });
    const second = await api.get(`/_ossbox/api/buckets/${B}/objects?prefix=list/&maxKeys=2&marker=list/2`).expect(200);
    expect(second.body.objects.map((o: { key: string }) => o.key)).toEqual(['list/3']);
    expect(second.body.isTruncated).toBe(false);

    const docs = await api.get(`/_ossbox/api/buckets/${B}/objects?prefix=docs/&delimiter=/`).expect(200);
    expect(docs.body.commonPrefixes).toEqual(['docs/deep/']);
    expect(docs.body.objects[0]).toMatchObject({ key: 'docs/a.txt', size: 5, contentType: 'text/plain', userMeta: { owner: 'me' }, type: 'Normal' });
    expect(docs.body.objects[0]).not.toHaveProperty('blobId');

    for (const bad of ['0', '1001', 'x']) {
      expect((await api.get(`/_ossbox/api/buckets/${B}/objects?maxKeys=${bad}`).expect(400)).body.code).toBe('InvalidArgument');
    }
    expect((await api.get('/_ossbox/api/buckets/nope/objects').expect(404)).body.code).toBe('NoSuchBucket');
  });

  it('GET /api/buckets/<b>/object returns one record; 404 NoSuchKey otherwise', async () => {
    const { body } = await api.get(`/_ossbox/api/buckets/${B}/object?key=${encodeURIComponent('docs/a.txt')}`).expect(200);
    expect(body.object).toMatchObject({ bucket: B, key: 'docs/a.txt', etag: '2C1743A391305FBF367DF8E4F069F9F9', contentMd5: 'LBdDo5EwX782ffjk8Gn5+Q==' });
    expect(Date.parse(body.object.lastModified)).not.toBeNaN();
    expect((await api.get(`/_ossbox/api/buckets/${B}/object?key=missing`).expect(404)).body.code).toBe('NoSuchKey');
  });

  it('GET /api/buckets/<b>/uploads lists uploads in progress with their parts and total size', async () => {
    const { body } = await api.get(`/_ossbox/api/buckets/${B}/uploads`).expect(200);
    expect(body.uploads).toHaveLength(1);
    expect(body.uploads[0]).toMatchObject({ key: 'big.bin', uploadId, size: 302 });
    expect(body.uploads[0].parts.map((p: { partNumber: number; size: number }) => [p.partNumber, p.size])).toEqual([[1, 300], [2, 2]]);
  });

  it('reads do not emit events (looking does not show up in the request log)', async () => {
    const seen: EmulatorEvent[] = [];
    const stop = t.emulator.events.subscribe((e) => seen.push(e));
    await api.get('/_ossbox/api/buckets').expect(200);
    await api.get(`/_ossbox/api/buckets/${B}/objects`).expect(200);
    await api.get(`/_ossbox/api/buckets/${B}/uploads`).expect(200);
    stop();
    expect(seen).toEqual([]);
  });

  describe('POST /api/presign', () => {
    const presign = async (request: object) => (await api.post('/_ossbox/api/presign').send(request).expect(200)).body.url as string;

    it('gives same-origin URLs that work as signed OSS requests, covering the headers asked for', async () => {
      const put = await presign({ method: 'PUT', bucket: B, key: 'from console/ü.txt', headers: { 'Content-Type': 'text/plain' } });
      expect(put).toMatch(/^\/examplebucket\/from%20console\/%C3%BC\.txt\?OSSAccessKeyId=ossbox&Expires=\d+&Signature=/);
      await api.put(put).set('Content-Type', 'text/plain').send('hi').expect(200);
      // The signature covers Content-Type: another one is refused.
      const refused = await api.put(put).set('Content-Type', 'text/html').send('hi').expect(403);
      expect(refused.text).toContain('<Code>SignatureDoesNotMatch</Code>');
      const get = await presign({ method: 'GET', bucket: B, key: 'from console/ü.txt' });
      expect((await api.get(get).expect(200)).text).toBe('hi');

      const acl = await presign({ method: 'PUT', bucket: B, query: { acl: '' }, headers: { 'x-oss-acl': 'public-read' } });
      await api.put(acl).set('x-oss-acl', 'public-read').expect(200);
      expect((await api.get('/_ossbox/api/buckets').expect(200)).body.buckets[0].acl).toBe('public-read');
    });

    it('puts the callback and its variables in the URL (signed sub-resources)', async () => {
      const url = new URL(
        await presign({
          method: 'PUT',
          bucket: B,
          key: 'cb.txt',
          callback: { url: 'http://127.0.0.1:1/cb', body: 'object=${object}&who=${x:who}' },
          callbackVars: { 'x:who': 'console' },
        }),
        'http://emulator',
      );
      expect(decodeCallback(url.searchParams.get('callback')!)).toMatchObject({
        urls: ['http://127.0.0.1:1/cb'],
        body: 'object=${object}&who=${x:who}',
        bodyType: 'application/x-www-form-urlencoded',
      });
      expect(JSON.parse(Buffer.from(url.searchParams.get('callback-var')!, 'base64').toString())).toEqual({ 'x:who': 'console' });
    });

    it('answers 400 InvalidArgument for a malformed request, and for a body that is not JSON', async () => {
      for (const bad of [{ method: 'PATCH' }, { method: 'GET', key: 'k' }, { method: 'GET', bucket: B, headers: { a: 1 } }, { method: 'PUT', bucket: B, key: 'k', callback: { url: 'x' } }]) {
        const res = await api.post('/_ossbox/api/presign').send(bad).expect(400);
        expect(res.body.code).toBe('InvalidArgument');
      }
      // A cross-site form can post text/plain without a preflight; it is not parsed, so refused.
      await api.post('/_ossbox/api/presign').set('Content-Type', 'text/plain').send('{"method":"GET"}').expect(400);
    });
  });
});
