/**
 * Bucket CORS through the app: PutBucketCors / GetBucketCors / DeleteBucketCors, unsigned
 * preflights on bucket and object URLs (path and virtual-host style), and the rule's headers on
 * every cross-origin answer, errors included.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { buildCorsConfiguration, parseCorsConfiguration, parseErrorXml } from '@ossbox/protocol';
import type { CorsRule } from '@ossbox/protocol';
import { createApp } from '../app.js';
import { openStorage } from '../store/storage.js';
import type { TestApp } from '../test-support/harness.js';
import { oss, useTestApp } from '../test-support/harness.js';

const B = 'examplebucket';
const PAGE = 'http://127.0.0.1:5173';

const rule = (over: Partial<CorsRule> = {}): CorsRule => ({
  allowedOrigins: [PAGE],
  allowedMethods: ['GET', 'PUT', 'POST'],
  allowedHeaders: ['content-type', 'x-oss-*'],
  exposeHeaders: ['ETag', 'x-oss-request-id'],
  maxAgeSeconds: 60,
  ...over,
});

const putCors = (app: TestApp['app'], body: string) =>
  oss(app, 'PUT', { bucket: B, query: { cors: '' }, body, headers: { 'Content-Type': 'application/xml' } });
const getCors = (app: TestApp['app']) => oss(app, 'GET', { bucket: B, query: { cors: '' } });

function preflight(app: TestApp['app'], path: string, headers: Record<string, string>) {
  const test = supertest(app).options(path);
  for (const [name, value] of Object.entries(headers)) test.set(name, value);
  return test;
}

describe('bucket CORS', () => {
  const t = useTestApp();

  it('Put, Get and Delete BucketCors round-trip the rules; no rules is NoSuchCORSConfiguration', async () => {
    const none = await getCors(t.app);
    expect(none.status).toBe(404);
    expect(parseErrorXml(none.text)).toMatchObject({ code: 'NoSuchCORSConfiguration', ec: '0034-00000001' });

    const config = { rules: [rule(), rule({ allowedOrigins: ['*'], allowedMethods: ['GET'] })], responseVary: true };
    expect((await putCors(t.app, buildCorsConfiguration(config))).status).toBe(200);
    const got = await getCors(t.app);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toMatch(/^application\/xml/);
    expect(parseCorsConfiguration(got.text)).toEqual(config);

    expect((await oss(t.app, 'DELETE', { bucket: B, query: { cors: '' } })).status).toBe(204);
    expect((await getCors(t.app)).status).toBe(404);
    // Deleting again is not an error.
    expect((await oss(t.app, 'DELETE', { bucket: B, query: { cors: '' } })).status).toBe(204);
  });

  it('bucket administration: needs a signature, and the bucket must exist', async () => {
    const anonymous = await oss(t.app, 'GET', { bucket: B, query: { cors: '' }, anonymous: true });
    expect(parseErrorXml(anonymous.text)?.code).toBe('AccessDenied');
    const missing = await oss(t.app, 'GET', { bucket: 'no-such-bucket', query: { cors: '' } });
    expect(parseErrorXml(missing.text)?.code).toBe('NoSuchBucket');
  });

  it('a rejected PutBucketCors leaves the stored rules unchanged (MalformedXML / InvalidArgument, never 500)', async () => {
    const stored = buildCorsConfiguration({ rules: [rule()], responseVary: false });
    expect((await putCors(t.app, stored)).status).toBe(200);
    const bad = (methods: string) =>
      `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>${methods}</CORSRule></CORSConfiguration>`;
    const cases: [string, string][] = [
      ['<CORSConfiguration><CORSRule>', 'MalformedXML'],
      ['<CORSConfiguration></CORSConfiguration>', 'MalformedXML'],
      ['', 'MalformedXML'],
      [bad(''), 'MalformedXML'],
      [bad('<AllowedMethod>PATCH</AllowedMethod>'), 'InvalidArgument'],
      [
        `<CORSConfiguration>${'<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>'.repeat(11)}</CORSConfiguration>`,
        'InvalidArgument',
      ],
      // Over the 16 KB body limit, though well formed.
      [bad(`<AllowedMethod>GET</AllowedMethod>${'<AllowedHeader>x-oss-meta-padding</AllowedHeader>'.repeat(400)}`), 'MalformedXML'],
    ];
    for (const [body, code] of cases) {
      const res = await putCors(t.app, body);
      expect(res.status, body.slice(0, 60)).toBe(400);
      expect(parseErrorXml(res.text)?.code, body.slice(0, 60)).toBe(code);
    }
    expect(parseCorsConfiguration((await getCors(t.app)).text)).toEqual(parseCorsConfiguration(stored));
  });

  it('a wrong Content-MD5 is InvalidDigest and stores nothing', async () => {
    const res = await oss(t.app, 'PUT', {
      bucket: B,
      query: { cors: '' },
      body: buildCorsConfiguration({ rules: [rule()], responseVary: false }),
      headers: { 'Content-MD5': '1B2M2Y8AsgTpgAmY7PhCfg==' },
    });
    expect(parseErrorXml(res.text)?.code).toBe('InvalidDigest');
    expect((await getCors(t.app)).status).toBe(404);
  });

  describe('preflight OPTIONS (unsigned)', () => {
    beforeEach(async () => {
      const config = { rules: [rule(), rule({ allowedOrigins: ['http://*.example.com'], allowedMethods: ['DELETE'], exposeHeaders: [] })], responseVary: false };
      expect((await putCors(t.app, buildCorsConfiguration(config))).status).toBe(200);
    });

    it.each([
      ['an object URL, path style', `/${B}/uploads/a.png`, undefined],
      ['a bucket URL, path style', `/${B}`, undefined],
      ['an object URL, virtual-host style', '/uploads/a.png', `${B}.localhost`],
      ['a bucket URL, virtual-host style', '/', `${B}.localhost`],
    ])('on %s: 200 with the first matching rule', async (_name, path, host) => {
      const headers: Record<string, string> = {
        Origin: PAGE,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'Content-Type,X-OSS-Meta-Author',
      };
      if (host) headers.Host = host;
      const res = await preflight(t.app, path, headers);
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      expect(res.headers).toMatchObject({
        'access-control-allow-origin': PAGE,
        'access-control-allow-methods': 'GET, PUT, POST',
        'access-control-allow-headers': 'Content-Type,X-OSS-Meta-Author',
        'access-control-expose-headers': 'ETag, x-oss-request-id',
        'access-control-max-age': '60',
      });
      expect(res.headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);
      expect(res.headers.vary).toBeUndefined();
    });

    it('a wildcard origin rule further down matches', async () => {
      const res = await preflight(t.app, `/${B}/k`, { Origin: 'http://app.example.com', 'Access-Control-Request-Method': 'DELETE' });
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-methods']).toBe('DELETE');
      expect(res.headers['access-control-expose-headers']).toBeUndefined();
    });

    it.each([
      ['an origin no rule allows', { Origin: 'http://127.0.0.1:8080', 'Access-Control-Request-Method': 'PUT' }],
      ['a method no rule allows', { Origin: PAGE, 'Access-Control-Request-Method': 'DELETE' }],
      ['a header no rule allows', { Origin: PAGE, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type, authorization' }],
    ])('refuses %s: 403 AccessForbidden without CORS headers', async (_name, headers) => {
      const res = await preflight(t.app, `/${B}/k`, headers);
      expect(res.status).toBe(403);
      const error = parseErrorXml(res.text);
      expect(error?.code).toBe('AccessForbidden');
      expect(error?.message).toMatch(/^CORSResponse: /);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    // https://www.alibabacloud.com/help/en/oss/support/http-400-status-code, "BadRequest".
    it.each([
      ['no Origin', { 'Access-Control-Request-Method': 'PUT' }, 'Insufficient information. Origin request header needed'],
      ['no Access-Control-Request-Method', { Origin: PAGE }, 'Insufficient information. Request Access-Control-Request-Method header needed'],
    ])('answers a preflight with %s: 400 BadRequest with OSS message, without CORS headers', async (_name, headers, message) => {
      const res = await preflight(t.app, `/${B}/k`, headers);
      expect(res.status).toBe(400);
      expect(parseErrorXml(res.text)).toMatchObject({ code: 'BadRequest', message });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('refuses every preflight once the rules are deleted', async () => {
      const headers = { Origin: PAGE, 'Access-Control-Request-Method': 'PUT' };
      expect((await preflight(t.app, `/${B}/k`, headers)).status).toBe(200);
      await oss(t.app, 'DELETE', { bucket: B, query: { cors: '' } });
      const res = await preflight(t.app, `/${B}/k`, headers);
      expect(res.status).toBe(403);
      expect(parseErrorXml(res.text)?.message).toContain('This CORS request is not allowed');
    });

    it('on a missing bucket: NoSuchBucket', async () => {
      const res = await preflight(t.app, '/no-such-bucket/k', { Origin: PAGE, 'Access-Control-Request-Method': 'PUT' });
      expect(res.status).toBe(404);
      expect(parseErrorXml(res.text)?.code).toBe('NoSuchBucket');
    });
  });

  describe('actual cross-origin requests', () => {
    beforeEach(async () => {
      expect((await putCors(t.app, buildCorsConfiguration({ rules: [rule()], responseVary: false }))).status).toBe(200);
    });

    it('a success carries the rule headers, so the page can read ETag', async () => {
      const res = await oss(t.app, 'PUT', { bucket: B, key: 'a.txt', body: 'hello', headers: { Origin: PAGE } });
      expect(res.status).toBe(200);
      expect(res.headers).toMatchObject({
        'access-control-allow-origin': PAGE,
        'access-control-expose-headers': 'ETag, x-oss-request-id',
      });
      expect(res.headers.etag).toBeDefined();
    });

    it.each([
      ['NoSuchKey (handler)', () => oss(t.app, 'GET', { bucket: B, key: 'missing', headers: { Origin: PAGE } }), 404],
      ['AccessDenied (authentication)', () => oss(t.app, 'GET', { bucket: B, key: 'k', anonymous: true, headers: { Origin: PAGE } }), 403],
      [
        'SignatureDoesNotMatch',
        () => oss(t.app, 'GET', { bucket: B, key: 'k', credentials: { accessKeyId: 'ossbox', accessKeySecret: 'wrong' }, headers: { Origin: PAGE } }),
        403,
      ],
      ['PostObject without a policy', () => supertest(t.app).post(`/${B}`).set('Origin', PAGE).field('key', 'k').attach('file', Buffer.from('x'), 'x'), 403],
      // Refused while reading the path, before any operation: the bucket's rules still apply.
      ['InvalidObjectName (a key over 1023 bytes)', () => oss(t.app, 'PUT', { bucket: B, key: 'k'.repeat(1024), body: 'x', headers: { Origin: PAGE } }), 400],
      ['InvalidObjectName (a key that is not UTF-8)', () => supertest(t.app).get(`/${B}/%FF`).set('Origin', PAGE), 400],
      ['InvalidURI (a query that is not valid percent-encoding)', () => supertest(t.app).get(`/${B}/?prefix=%E4%B8`).set('Origin', PAGE), 400],
    ])('an error (%s) carries them too', async (_name, send, status) => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers['access-control-allow-origin']).toBe(PAGE);
      expect(res.headers['access-control-expose-headers']).toBe('ETag, x-oss-request-id');
    });

    it('an origin or method no rule allows gets no CORS headers, and the request still runs', async () => {
      const other = await oss(t.app, 'PUT', { bucket: B, key: 'b.txt', body: 'x', headers: { Origin: 'http://elsewhere' } });
      expect(other.status).toBe(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const del = await oss(t.app, 'DELETE', { bucket: B, key: 'b.txt', headers: { Origin: PAGE } });
      expect(del.status).toBe(204);
      expect(del.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  // OSS user guide, Configure CORS, How it works: on a match "OSS includes the
  // Access-Control-Allow-Origin header in the response. The value of this header is the value of
  // the Origin header from the initial request" -- for an AllowedOrigin of * too; and without
  // ResponseVary no Vary: Origin "in any case" (GetBucketCors reference).
  it('a * rule answers with the request Origin, not *, on preflights, successes, errors, 304 and HEAD', async () => {
    const star = rule({ allowedOrigins: ['*'], allowedMethods: ['GET', 'PUT', 'HEAD'], allowedHeaders: ['*'] });
    await putCors(t.app, buildCorsConfiguration({ rules: [star], responseVary: false }));
    const origin = 'https://shop.example.net:8443';
    const put = await oss(t.app, 'PUT', { bucket: B, key: 'a.txt', body: 'hello', headers: { Origin: origin } });
    const answers = [
      await preflight(t.app, `/${B}/a.txt`, { Origin: origin, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-oss-meta-a' }),
      put,
      await oss(t.app, 'GET', { bucket: B, key: 'missing', headers: { Origin: origin } }),
      await oss(t.app, 'GET', { bucket: B, key: 'a.txt', headers: { Origin: origin, 'If-None-Match': put.headers.etag! } }),
      await oss(t.app, 'HEAD', { bucket: B, key: 'a.txt', headers: { Origin: origin } }),
      await oss(t.app, 'HEAD', { bucket: B, key: 'missing', headers: { Origin: origin } }),
    ];
    expect(answers.map((res) => res.status)).toEqual([200, 200, 404, 304, 200, 404]);
    for (const res of answers) {
      expect(res.headers).toMatchObject({ 'access-control-allow-origin': origin, 'access-control-expose-headers': 'ETag, x-oss-request-id' });
      expect(res.headers.vary).toBeUndefined();
    }
  });

  it('ResponseVary: true adds Vary: Origin to every response of the bucket, cross-origin or not', async () => {
    const res0 = await oss(t.app, 'GET', { bucket: B, key: 'missing' });
    expect(res0.headers.vary).toBeUndefined();
    await putCors(t.app, buildCorsConfiguration({ rules: [rule()], responseVary: true }));
    expect((await oss(t.app, 'GET', { bucket: B, key: 'missing' })).headers.vary).toBe('Origin');
    expect((await oss(t.app, 'GET', { bucket: B, key: 'missing', headers: { Origin: 'http://elsewhere' } })).headers.vary).toBe('Origin');
    const pre = await preflight(t.app, `/${B}/k`, { Origin: PAGE, 'Access-Control-Request-Method': 'GET' });
    expect(pre.headers.vary).toBe('Origin');
    // "whether or not the cross-origin request succeeds" (GetBucketCors reference, ResponseVary).
    const refused = await preflight(t.app, `/${B}/k`, { Origin: 'http://elsewhere', 'Access-Control-Request-Method': 'GET' });
    expect([refused.status, refused.headers.vary]).toEqual([403, 'Origin']);
  });

  it('rules survive a restart, and go away with their bucket', async () => {
    const config = { rules: [rule()], responseVary: false };
    await putCors(t.app, buildCorsConfiguration(config));
    t.storage.close();
    const storage = await openStorage(t.dir);
    try {
      const app = createApp({ config: t.config, storage });
      expect(parseCorsConfiguration((await getCors(app)).text)).toEqual(config);
      const res = await preflight(app, `/${B}/k`, { Origin: PAGE, 'Access-Control-Request-Method': 'PUT' });
      expect(res.status).toBe(200);

      expect((await oss(app, 'DELETE', { bucket: B })).status).toBe(204);
      expect((await oss(app, 'PUT', { bucket: B })).status).toBe(200);
      expect((await getCors(app)).status).toBe(404);
    } finally {
      storage.close();
    }
  });
});
