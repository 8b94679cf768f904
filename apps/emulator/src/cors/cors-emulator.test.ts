/**
 * Bucket CORS on a running emulator: the `corsAllowOrigins` rule given at start, the headers on
 * answers produced after the upload (203 CallbackFailed, PostObject redirect), and the unmodified
 * ali-oss client's putBucketCORS / getBucketCORS / deleteBucketCORS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCallback, encodePostPolicy, parseErrorXml, signPostPolicyV1 } from '@ossbox/protocol';
import { aliOssClient } from '../test-support/ali-oss-client.js';
import { refusedUrl } from '../test-support/callback-receiver.js';
import type { TestEmulator } from '../test-support/harness.js';
import { CREDENTIALS, oss, startTestEmulator } from '../test-support/harness.js';
import { DEV_EXPOSE_HEADERS } from './dev-rule.js';

const PAGE = 'http://127.0.0.1:5173';
const EXPOSED = DEV_EXPOSE_HEADERS.join(', ');

describe('bucket CORS on a running emulator', () => {
  let t: TestEmulator;
  let url: string;

  beforeAll(async () => {
    t = await startTestEmulator({
      buckets: ['examplebucket', 'other-bucket'],
      corsAllowOrigins: [PAGE, 'http://*.example.test'],
      callbackTimeoutMs: 500,
    });
    url = t.emulator.url;
  });
  afterAll(async () => {
    await t.close();
  });

  it('corsAllowOrigins gives the buckets created at start a permissive rule', async () => {
    for (const origin of [PAGE, 'http://app.example.test']) {
      const res = await fetch(`${url}/other-bucket/uploads/a.png`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type,x-oss-callback,authorization' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-methods')).toBe('GET, PUT, DELETE, POST, HEAD');
      expect(res.headers.get('access-control-expose-headers')).toBe(EXPOSED);
    }
    const refused = await fetch(`${url}/examplebucket/a.png`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:9999', 'Access-Control-Request-Method': 'PUT' },
    });
    expect(refused.status).toBe(403);
    expect(parseErrorXml(await refused.text())?.code).toBe('AccessForbidden');
  });

  it('a 203 CallbackFailed carries the CORS headers, so the page can read ETag and the message', async () => {
    const callback = encodeCallback({ urls: [await refusedUrl()], body: 'a', bodyType: 'application/x-www-form-urlencoded' });
    const res = await oss(url, 'PUT', { bucket: 'examplebucket', key: 'cb.txt', body: 'data', headers: { Origin: PAGE, 'x-oss-callback': callback } });
    expect(res.status).toBe(203);
    expect(parseErrorXml(res.text)?.code).toBe('CallbackFailed');
    expect(res.headers['access-control-allow-origin']).toBe(PAGE);
    expect(res.headers['access-control-expose-headers']).toBe(EXPOSED);
    expect(res.headers.etag).toBeDefined();
  });

  it('a PostObject redirect carries the CORS headers', async () => {
    const policy = encodePostPolicy({ expiration: new Date(Date.now() + 600_000), conditions: [{ bucket: 'examplebucket' }] });
    const form = new FormData();
    form.set('key', 'posted.txt');
    for (const [name, value] of Object.entries(signPostPolicyV1(policy, CREDENTIALS))) form.set(name, value);
    form.set('success_action_redirect', 'http://127.0.0.1:5173/done');
    form.set('file', new Blob(['posted']), 'posted.txt');
    const res = await fetch(`${url}/examplebucket`, { method: 'POST', body: form, headers: { Origin: PAGE }, redirect: 'manual' });
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
    expect(res.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:5173\/done\?/);
    expect(res.headers.get('access-control-allow-origin')).toBe(PAGE);
  });

  /* eslint-disable @typescript-eslint/no-explicit-any -- ali-oss is untyped */
  it.each([
    ['V1', {}],
    ['V4', { authorizationV4: true }],
  ])('ali-oss putBucketCORS / getBucketCORS / deleteBucketCORS (%s)', async (_name, options) => {
    const client: any = aliOssClient(t.emulator, options);
    const rules = [
      { allowedOrigin: 'http://localhost:3000', allowedMethod: ['GET', 'POST'], allowedHeader: '*', exposeHeader: ['ETag', 'x-oss-request-id'], maxAgeSeconds: '30' },
      { allowedOrigin: ['http://a.test', 'http://b.test'], allowedMethod: 'PUT' },
    ];
    expect((await client.putBucketCORS('other-bucket', rules)).res.status).toBe(200);
    const got = await client.getBucketCORS('other-bucket');
    expect(got.rules).toEqual([
      { allowedOrigin: 'http://localhost:3000', allowedMethod: ['GET', 'POST'], allowedHeader: '*', exposeHeader: ['ETag', 'x-oss-request-id'], maxAgeSeconds: '30' },
      { allowedOrigin: ['http://a.test', 'http://b.test'], allowedMethod: 'PUT' },
    ]);
    const preflight = await fetch(`${url}/other-bucket/x`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://b.test', 'Access-Control-Request-Method': 'PUT' },
    });
    expect(preflight.status).toBe(200);
    expect((await client.deleteBucketCORS('other-bucket')).res.status).toBe(204);
    const error = await client.getBucketCORS('other-bucket').catch((e: any) => e);
    expect(error).toMatchObject({ status: 404, code: 'NoSuchCORSConfiguration' });
  });
  /* eslint-enable @typescript-eslint/no-explicit-any */
});
