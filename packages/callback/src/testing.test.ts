import { createHash, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyPair } from './test-support/keys.js';
import { generateTestKeyPair, signCallbackRequest } from './testing.js';

describe('signCallbackRequest()', () => {
  it('signs decode(path) + raw query + \\n + body with MD5withRSA (docs/callback-protocol.md §2.3)', () => {
    const req = signCallbackRequest({
      privateKey: keyPair().privateKeyPem,
      publicKeyUrl: 'http://127.0.0.1:9000/callback_pub_key_v1.pem',
      url: '/a%20b?x=%41&y',
      body: 'bucket=b',
      host: 'receiver.test',
    });
    const stringToSign = Buffer.from('/a b?x=%41&y\nbucket=b');
    expect(verify('md5', stringToSign, keyPair().publicKey, Buffer.from(req.headers.authorization, 'base64'))).toBe(true);
    expect(req).toMatchObject({ method: 'POST', url: '/a%20b?x=%41&y' });
    expect(req.headers).toMatchObject({
      host: 'receiver.test',
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': '8',
      'content-md5': createHash('md5').update('bucket=b').digest('base64'),
      'user-agent': 'aliyun-oss-callback',
      'x-oss-pub-key-url': Buffer.from('http://127.0.0.1:9000/callback_pub_key_v1.pem').toString('base64'),
      'x-oss-signature-version': '1.0',
      'x-oss-tag': 'CALLBACK',
    });
  });

  it('takes host and target from an absolute URL and encodes object bodies by content type', () => {
    const json = signCallbackRequest({
      privateKey: keyPair().privateKey,
      publicKeyUrl: 'http://k.test/k.pem',
      url: 'http://app.test:8080?id=1',
      body: { object: 'a.jpg', size: 5 },
      contentType: 'application/json',
    });
    expect(json.url).toBe('/?id=1');
    expect(json.headers.host).toBe('app.test:8080');
    expect(json.body.toString()).toBe('{"object":"a.jpg","size":5}');

    const form = signCallbackRequest({
      privateKey: keyPair().privateKey,
      publicKeyUrl: 'http://k.test/k.pem',
      body: { object: 'a b/c.jpg', 'x:uid': 42 },
    });
    expect(form.url).toBe('/');
    expect(form.body.toString()).toBe('object=a+b%2Fc.jpg&x%3Auid=42');
  });
});

describe('generateTestKeyPair()', () => {
  it('returns matching KeyObjects and PEMs', () => {
    const keys = generateTestKeyPair({ modulusLength: 1024 });
    expect(keys.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(keys.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(keys.publicKey.asymmetricKeyDetails?.modulusLength).toBe(1024);
  });
});
