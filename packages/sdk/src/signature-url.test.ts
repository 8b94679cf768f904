import { beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { Callback } from './callback.js';
import { clientFor, useFakeOss } from './test-support/setup.js';

const { fake } = useFakeOss();
beforeAll(async () => {
  await clientFor(fake).getBucket('test-bucket').putObject('signed/a b.txt', { body: 'presigned!' });
});

describe('signatureUrl', () => {
  it('V4 (default): a GET URL the server accepts', async () => {
    const url = clientFor(fake).getBucket('test-bucket').signatureUrl('signed/a b.txt', { expires: 60 });
    const parsed = new URL(url);
    expect(parsed.pathname).toBe('/test-bucket/signed/a%20b.txt');
    expect(parsed.searchParams.get('x-oss-signature-version')).toBe('OSS4-HMAC-SHA256');
    expect(parsed.searchParams.get('x-oss-expires')).toBe('60');
    const res = await request(url);
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('presigned!');
    expect(fake.requests[0]?.auth).toBe('presigned-v4');
  });

  it('V1: OSSAccessKeyId, Expires, Signature; response-* query is signed', async () => {
    const url = clientFor(fake).getBucket('test-bucket').signatureUrl('signed/a b.txt', {
      version: 'v1',
      expires: 60,
      query: { 'response-content-type': 'text/plain' },
    });
    const parsed = new URL(url);
    expect(Number(parsed.searchParams.get('Expires'))).toBeGreaterThan(Date.now() / 1000);
    expect(parsed.searchParams.get('OSSAccessKeyId')).toBe('test-ak');
    const res = await request(url);
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    expect(fake.requests[0]?.auth).toBe('presigned-v1');
    // A tampered sub-resource breaks the signature.
    const tampered = url.replace('text%2Fplain', 'text%2Fhtml');
    const bad = await request(tampered);
    expect(bad.statusCode).toBe(403);
    await bad.body.dump();
  });

  it('an expired V1 URL is refused', async () => {
    const url = clientFor(fake).getBucket('test-bucket').signatureUrl('signed/a b.txt', { version: 'v1', expires: 1, date: new Date(Date.now() - 3_600_000) });
    const res = await request(url);
    expect(res.statusCode).toBe(403);
    await res.body.dump();
  });

  it('a presigned PUT carries the callback and callback-var as query parameters', async () => {
    const callback = new Callback({ url: 'http://127.0.0.1:9/cb', body: 'object=${object}&u=${x:u}', vars: { u: 'v' } });
    for (const version of ['v4', 'v1'] as const) {
      const url = clientFor(fake).getBucket('test-bucket').signatureUrl('up.txt', { method: 'PUT', callback, version, headers: { 'content-type': 'text/plain' } });
      const parsed = new URL(url);
      expect(parsed.searchParams.get('callback')).toBe(callback.toHeaders()['x-oss-callback']);
      expect(parsed.searchParams.get('callback-var')).toBe(callback.toHeaders()['x-oss-callback-var']);
      const res = await request(url, { method: 'PUT', body: 'via url', headers: { 'content-type': 'text/plain' } });
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toBe('{"Status":"OK"}');
    }
    expect(fake.callbacks.map((c) => c.vars)).toEqual([{ 'x:u': 'v' }, { 'x:u': 'v' }]);
    expect(fake.requests.map((r) => r.auth)).toEqual(['presigned-v4', 'presigned-v1']);
  });

  it('contentType is signed: a PUT sending exactly it passes, another or none is refused (what a browser must do)', async () => {
    for (const version of ['v4', 'v1'] as const) {
      const url = clientFor(fake).getBucket('test-bucket').signatureUrl('typed.png', { method: 'PUT', version, contentType: 'image/png' });
      const ok = await request(url, { method: 'PUT', body: 'png', headers: { 'content-type': 'image/png' } });
      expect(ok.statusCode).toBe(200);
      await ok.body.dump();
      for (const headers of [{ 'content-type': 'image/jpeg' }, {}]) {
        const bad = await request(url, { method: 'PUT', body: 'png', headers });
        expect(bad.statusCode).toBe(403);
        expect(await bad.body.text()).toContain('SignatureDoesNotMatch');
      }
    }
  });

  it('contentType and a different Content-Type header are refused at the call', () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    expect(() => bucket.signatureUrl('k', { method: 'PUT', contentType: 'image/png', headers: { 'Content-Type': 'text/plain' } })).toThrow('differ');
    expect(() => bucket.signatureUrl('k', { method: 'PUT', contentType: '' })).toThrow('contentType');
  });

  it('rejects bad expiry values', () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    expect(() => bucket.signatureUrl('k', { expires: 0 })).toThrow('expires');
    expect(() => bucket.signatureUrl('k', { expires: 8 * 24 * 3600 })).toThrow('7 days');
  });
});
