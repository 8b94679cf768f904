// A client whose local clock is two hours behind OSS's (the fake's clock runs ahead): after one
// RequestTimeTooSkewed its requests, presigned URLs, POST policies and credential refreshes all
// count on OSS's clock.
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { checkPostPolicy, parsePostPolicy, parseV4DateTime, verifyPostSignature } from '@ossbox/protocol';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET } from './test-support/fake-oss.js';
import { clientFor, useFakeOss } from './test-support/setup.js';

const { fake } = useFakeOss();
const AHEAD = 2 * 3600_000;
const serverNow = () => Date.now() + AHEAD;

describe('a client two hours behind OSS', () => {
  it.each(['v4', 'v1'] as const)('%s: presigned URLs work once a request has corrected the clock', async (signatureVersion) => {
    fake.clockAheadMs = AHEAD;
    const bucket = clientFor(fake, { signatureVersion }).getBucket('test-bucket');
    // On the local clock the URL expired 1h30 ago by OSS's: refused.
    const early = await request(bucket.signatureUrl(`skewed-${signatureVersion}.txt`, { expires: 1800 }));
    await early.body.dump();
    expect(early.statusCode).toBe(403);

    await bucket.putObject(`skewed-${signatureVersion}.txt`, { body: 'on OSS time' });
    // Refused as skewed, then signed again on OSS's clock.
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);

    for (const method of ['GET', 'HEAD'] as const) {
      const url = bucket.signatureUrl(`skewed-${signatureVersion}.txt`, { expires: 1800, method });
      const res = await request(url, { method });
      expect(res.statusCode, method).toBe(200);
      if (method === 'GET') expect(await res.body.text()).toBe('on OSS time');
      else await res.body.dump();
    }
    const put = bucket.signatureUrl(`put-${signatureVersion}.txt`, { expires: 60, method: 'PUT' });
    const res = await request(put, { method: 'PUT', body: 'presigned put' });
    await res.body.dump();
    expect(res.statusCode).toBe(200);
  });

  it('POST policies count their expiration and V4 date on the corrected clock', async () => {
    fake.clockAheadMs = AHEAD;
    const bucket = clientFor(fake).getBucket('test-bucket');
    await bucket.headObject('missing').catch(() => undefined); // 403 skew, then 404 on OSS time
    const form = bucket.createPostPolicy({ key: 'form.txt', expires: 600 });
    expect(Math.abs(form.expiration.getTime() - (serverNow() + 600_000))).toBeLessThan(60_000);
    const signedAt = parseV4DateTime(form.fields['x-oss-date'] ?? '')!;
    expect(Math.abs(signedAt.getTime() - serverNow())).toBeLessThan(60_000);
    // What OSS (here the protocol's server-side checks, on OSS's clock) makes of the form:
    const now = new Date(serverNow());
    const lookupSecret = (id: string) => (id === ACCESS_KEY_ID ? ACCESS_KEY_SECRET : undefined);
    expect(() => verifyPostSignature(form.fields, { lookupSecret, region: 'cn-hangzhou', now })).not.toThrow();
    expect(() => checkPostPolicy(parsePostPolicy(form.fields.policy!), form.fields, { bucket: 'test-bucket', contentLength: 1, now })).not.toThrow();
  });

  it('temporary credentials are refreshed by their expiration on the corrected clock', async () => {
    fake.clockAheadMs = AHEAD;
    let calls = 0;
    // One minute left on OSS's clock: due for a refresh (5 min margin), though two hours away locally.
    const credentialsProvider = async () => {
      calls++;
      return { accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET, securityToken: `token-${calls}`, expiration: new Date(serverNow() + 60_000) };
    };
    const bucket = clientFor(fake, { accessKeyId: undefined, accessKeySecret: undefined, credentialsProvider }).getBucket('test-bucket');
    // Signed with token-1 on the local clock: refused as skewed. Signed again on OSS's clock, by
    // which token-1 is due: the provider is called again first.
    await bucket.putObject('sts.txt', { body: 'x' });
    expect(fake.requests.map((r) => r.headers['x-oss-security-token'])).toEqual(['token-1', 'token-2']);
    // token-2 has a minute left on OSS's clock, more than half its lifetime's margin: kept.
    await bucket.headObject('sts.txt');
    expect(calls).toBe(2);
    expect(fake.requests.at(-1)?.headers['x-oss-security-token']).toBe('token-2');
  });
});
