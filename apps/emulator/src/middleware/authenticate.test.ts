import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { authorizationV4, parseErrorXml, presignV1, presignV4 } from '@ossbox/protocol';
import type { TestApp } from '../test-support/harness.js';
import { createTestApp, oss, targetOf } from '../test-support/harness.js';

const B = 'examplebucket';
const CREDS = { accessKeyId: 'ossbox', accessKeySecret: 'ossbox-secret' };

function v4DateTime(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

describe('authentication and ACLs', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({
      accessKeys: [CREDS, { accessKeyId: 'second', accessKeySecret: 'second-secret' }],
    });
    await oss(t.app, 'PUT', { bucket: B, key: 'k', body: 'private data' }).expect(200);
  });
  afterEach(async () => {
    await t.close();
  });

  it('unsigned requests to a private bucket are AccessDenied', async () => {
    const res = await oss(t.app, 'GET', { bucket: B, key: 'k', anonymous: true });
    expect(res.status).toBe(403);
    expect(parseErrorXml(res.text)?.code).toBe('AccessDenied');
    expect((await oss(t.app, 'GET', { anonymous: true })).status).toBe(403);
  });

  it('unsigned ListBuckets and bucket administration say the operation needs identity (EC 0003-00001201)', async () => {
    for (const res of [await oss(t.app, 'GET', { anonymous: true }), await oss(t.app, 'GET', { bucket: B, query: { acl: '' }, anonymous: true })]) {
      expect(res.status).toBe(403);
      expect(parseErrorXml(res.text)).toMatchObject({ code: 'AccessDenied', message: 'Anonymous access is forbidden for this operation.', ec: '0003-00001201' });
    }
  });

  it('a wrong secret is SignatureDoesNotMatch with the server string-to-sign', async () => {
    const res = await oss(t.app, 'GET', { bucket: B, key: 'k', credentials: { accessKeyId: 'ossbox', accessKeySecret: 'wrong' } });
    expect(res.status).toBe(403);
    const err = parseErrorXml(res.text)!;
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(err.ec).toBe('0002-00000040');
    expect(err.details?.StringToSign).toContain('/examplebucket/k');
  });

  it('an unknown key id is InvalidAccessKeyId; a second configured pair works', async () => {
    const res = await oss(t.app, 'GET', { bucket: B, key: 'k', credentials: { accessKeyId: 'nobody', accessKeySecret: 'x' } });
    expect(parseErrorXml(res.text)?.code).toBe('InvalidAccessKeyId');
    const ok = await oss(t.app, 'GET', { bucket: B, key: 'k', credentials: { accessKeyId: 'second', accessKeySecret: 'second-secret' } });
    expect(ok.status).toBe(200);
  });

  it('a date more than 15 minutes off is RequestTimeTooSkewed', async () => {
    const res = await oss(t.app, 'GET', {
      bucket: B,
      key: 'k',
      headers: { 'x-oss-date': new Date(Date.now() - 16 * 60_000).toUTCString() },
    });
    expect(res.status).toBe(403);
    expect(parseErrorXml(res.text)?.code).toBe('RequestTimeTooSkewed');
  });

  it('accepts V4 header signatures', async () => {
    const headers: Record<string, string> = {
      'x-oss-date': v4DateTime(new Date()),
      'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
    };
    headers.Authorization = authorizationV4({ method: 'GET', bucket: B, key: 'k', headers, query: {} }, CREDS, {
      region: 'cn-hangzhou',
    });
    const res = await supertest(t.app).get(`/${B}/k`).set(headers);
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('12');
  });

  // The official C++, Kotlin and Swift SDK v2 and the Android SDK correct their clock when the
  // message is exactly OSS's "Invalid signing date in Authorization header.".
  it('a V4 credential scope of another day than x-oss-date: InvalidArgument in OSS\'s exact words', async () => {
    const headers: Record<string, string> = {
      'x-oss-date': v4DateTime(new Date()),
      'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
    };
    const day = headers['x-oss-date']!.slice(0, 8);
    const otherDay = day === '20200101' ? '20200102' : '20200101';
    headers.Authorization = authorizationV4({ method: 'GET', bucket: B, key: 'k', headers, query: {} }, CREDS, {
      region: 'cn-hangzhou',
    }).replace(`/${day}/`, `/${otherDay}/`);
    const res = await supertest(t.app).get(`/${B}/k`).set(headers);
    expect(res.status).toBe(400);
    expect(parseErrorXml(res.text)).toMatchObject({
      code: 'InvalidArgument',
      message: 'Invalid signing date in Authorization header.',
      details: { ArgumentName: 'date', ArgumentValue: otherDay },
    });
  });

  it('accepts V1 presigned URLs and rejects expired ones', async () => {
    const url = (expires: number) => {
      const query = presignV1({ method: 'GET', bucket: B, key: 'k', headers: {}, query: {} }, CREDS, expires);
      return targetOf({ bucket: B, key: 'k', query });
    };
    const ok = await supertest(t.app).get(url(Math.floor(Date.now() / 1000) + 60));
    expect(ok.status).toBe(200);
    const expired = await supertest(t.app).get(url(Math.floor(Date.now() / 1000) - 60));
    expect(expired.status).toBe(403);
    expect(parseErrorXml(expired.text)?.code).toBe('AccessDenied');
  });

  it('accepts V4 presigned URLs', async () => {
    const query = presignV4({ method: 'GET', bucket: B, key: 'k', headers: {}, query: {} }, CREDS, {
      region: 'cn-hangzhou',
      date: new Date(),
      expiresIn: 60,
    });
    const res = await supertest(t.app).get(targetOf({ bucket: B, key: 'k', query }));
    expect(res.status).toBe(200);
  });

  it('signs virtual-hosted requests with the /bucket/key resource', async () => {
    const res = await oss(t.app, 'GET', { bucket: B, key: 'k', host: `${B}.localhost:9000` });
    expect(res.status).toBe(200);
    expect(res.text).toBe('private data');
  });

  it('public-read allows anonymous reads and listing, not writes', async () => {
    await oss(t.app, 'PUT', { bucket: B, query: { acl: '' }, headers: { 'x-oss-acl': 'public-read' } }).expect(200);
    expect((await oss(t.app, 'GET', { bucket: B, key: 'k', anonymous: true })).status).toBe(200);
    expect((await oss(t.app, 'HEAD', { bucket: B, key: 'k', anonymous: true })).status).toBe(200);
    expect((await oss(t.app, 'GET', { bucket: B, anonymous: true })).status).toBe(200);
    const put = await oss(t.app, 'PUT', { bucket: B, key: 'w', body: 'x', anonymous: true });
    expect(put.status).toBe(403);
    expect((await oss(t.app, 'GET', { bucket: B, query: { acl: '' }, anonymous: true })).status).toBe(403);
  });

  it('public-read-write allows anonymous writes', async () => {
    await oss(t.app, 'PUT', { bucket: B, query: { acl: '' }, headers: { 'x-oss-acl': 'public-read-write' } }).expect(200);
    expect((await oss(t.app, 'PUT', { bucket: B, key: 'w', body: 'x', anonymous: true })).status).toBe(200);
    expect((await oss(t.app, 'DELETE', { bucket: B, anonymous: true })).status).toBe(403);
  });

  it('an object ACL overrides the bucket ACL', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'k', query: { acl: '' }, headers: { 'x-oss-object-acl': 'public-read' } }).expect(200);
    expect((await oss(t.app, 'GET', { bucket: B, key: 'k', anonymous: true })).status).toBe(200);
    await oss(t.app, 'PUT', { bucket: B, query: { acl: '' }, headers: { 'x-oss-acl': 'public-read' } }).expect(200);
    await oss(t.app, 'PUT', { bucket: B, key: 'k', query: { acl: '' }, headers: { 'x-oss-object-acl': 'private' } }).expect(200);
    expect((await oss(t.app, 'GET', { bucket: B, key: 'k', anonymous: true })).status).toBe(403);
  });

  it('anonymous requests to a missing bucket are NoSuchBucket', async () => {
    const res = await oss(t.app, 'GET', { bucket: 'nobucket', key: 'k', anonymous: true });
    expect(res.status).toBe(404);
  });

  it('/_ossbox/health needs no signature', async () => {
    const res = await supertest(t.app).get('/_ossbox/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);
  });
});
