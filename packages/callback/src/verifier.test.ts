import { sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CallbackVerificationError } from './errors.js';
import type { CallbackErrorCode } from './errors.js';
import { keyPair } from './test-support/keys.js';
import { forbiddenFetch } from './test-support/fake-key-server.js';
import { HTTPS_OFFICIAL_KEY_URL_HEADER, VECTOR_A, vectorARequest } from './test-support/vector-a.js';
import { signCallbackRequest } from './testing.js';
import { ossCallback } from './express.js';
import { createCallbackVerifier, verifyCallback } from './verifier.js';
import type { CallbackRequest } from './verifier.js';

const KEY_URL = 'http://keys.test/callback_pub_key_v1.pem';

async function rejection(promise: Promise<unknown>): Promise<CallbackVerificationError> {
  const err = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CallbackVerificationError);
  return err as CallbackVerificationError;
}

async function expectCode(promise: Promise<unknown>, code: CallbackErrorCode): Promise<void> {
  expect((await rejection(promise)).code).toBe(code);
}

function b64(text: string): string {
  return Buffer.from(text).toString('base64');
}

function pinnedVerifier() {
  return createCallbackVerifier({ publicKeys: { [KEY_URL]: keyPair().publicKey }, fetch: forbiddenFetch() });
}

describe('Vector A (docs/callback-protocol.md §2.5), bundled official key', () => {
  it('verifies with no network access', async () => {
    const fetch = forbiddenFetch();
    const verifier = createCallbackVerifier({ fetch });
    const callback = await verifier.verify(vectorARequest());
    expect(fetch.calls).toEqual([]);
    expect(callback.keySource).toBe('bundled');
    expect(callback.publicKeyUrl).toBe('http://gosspublic.alicdn.com/callback_pub_key_v1.pem');
    expect(callback.requestTarget).toBe('/index.php?id=1&index=2');
    expect(callback.contentType).toBe('application/x-www-form-urlencoded');
    expect(callback.body.toString()).toBe('bucket=yonghu-test');
    expect(callback.parsed).toEqual({ bucket: 'yonghu-test' });
  });

  it('verifies through the verifyCallback convenience, with header names in any case and as Headers', async () => {
    const fetch = forbiddenFetch();
    const { headers, ...rest } = vectorARequest();
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    await expect(verifyCallback({ ...rest, headers: upper }, { fetch })).resolves.toMatchObject({ keySource: 'bundled' });
    await expect(verifyCallback({ ...rest, headers: new Headers(headers) }, { fetch })).resolves.toBeDefined();
    expect(fetch.calls).toEqual([]);
  });

  it('verifies an absolute-form request target (as sent through a proxy)', async () => {
    const request = { ...vectorARequest(), url: 'http://121.43.113.8/index.php?id=1&index=2' };
    const callback = await createCallbackVerifier({ fetch: forbiddenFetch() }).verify(request);
    expect(callback.requestTarget).toBe('/index.php?id=1&index=2');
  });

  it('uses the bundled key for the https official URL too (§2.2)', async () => {
    const request = vectorARequest();
    request.headers['x-oss-pub-key-url'] = HTTPS_OFFICIAL_KEY_URL_HEADER;
    const callback = await createCallbackVerifier({ fetch: forbiddenFetch() }).verify(request);
    expect(callback.publicKeyUrl).toBe('https://gosspublic.alicdn.com/callback_pub_key_v1.pem');
    expect(callback.keySource).toBe('bundled');
  });

  function altered(text: string, index: number): string {
    const replacement = text[index] === 'X' ? 'Y' : 'X';
    return text.slice(0, index) + replacement + text.slice(index + 1);
  }

  it('fails with BAD_SIGNATURE when any byte of the path or query changes', async () => {
    const verifier = createCallbackVerifier({ fetch: forbiddenFetch() });
    for (let i = 0; i < VECTOR_A.url.length; i++) {
      const request = { ...vectorARequest(), url: altered(VECTOR_A.url, i) };
      await expectCode(verifier.verify(request), 'BAD_SIGNATURE');
    }
    // Appending a lone `?` or dropping the query changes the signed string too (§2.3).
    await expectCode(verifier.verify({ ...vectorARequest(), url: `${VECTOR_A.url}&` }), 'BAD_SIGNATURE');
    await expectCode(verifier.verify({ ...vectorARequest(), url: '/index.php' }), 'BAD_SIGNATURE');
    await expectCode(verifier.verify({ ...vectorARequest(), url: '/index.php?' }), 'BAD_SIGNATURE');
  });

  it('fails with BAD_SIGNATURE when any byte of the body changes, or bytes are added', async () => {
    const verifier = createCallbackVerifier({ fetch: forbiddenFetch() });
    for (let i = 0; i < VECTOR_A.body.length; i++) {
      const request = { ...vectorARequest(), body: Buffer.from(altered(VECTOR_A.body, i)) };
      await expectCode(verifier.verify(request), 'BAD_SIGNATURE');
    }
    await expectCode(verifier.verify({ ...vectorARequest(), body: Buffer.from(`${VECTOR_A.body}\n`) }), 'BAD_SIGNATURE');
  });

  it('fails with BAD_SIGNATURE when any character of the signature changes', async () => {
    const verifier = createCallbackVerifier({ fetch: forbiddenFetch() });
    const signature = VECTOR_A.headers.authorization;
    for (let i = 0; i < signature.length; i++) {
      const request = vectorARequest();
      request.headers.authorization = altered(signature, i);
      await expectCode(verifier.verify(request), 'BAD_SIGNATURE');
    }
    const garbage = vectorARequest();
    garbage.headers.authorization = 'not base64 at all!';
    await expectCode(verifier.verify(garbage), 'BAD_SIGNATURE');
  });

  it('is refused when the official URLs are not trusted (trustOfficialKeyUrls: false)', async () => {
    const fetch = forbiddenFetch();
    const verifier = createCallbackVerifier({ trustOfficialKeyUrls: false, fetch });
    await expectCode(verifier.verify(vectorARequest()), 'UNTRUSTED_KEY_URL');
    expect(fetch.calls).toEqual([]);
  });
});

describe('request checks', () => {
  const verifier = createCallbackVerifier({ fetch: forbiddenFetch() });

  it('refuses methods other than POST', async () => {
    await expectCode(verifier.verify({ ...vectorARequest(), method: 'GET' }), 'METHOD_NOT_ALLOWED');
  });

  it('reports missing and malformed headers', async () => {
    const noAuth = vectorARequest();
    delete (noAuth.headers as Record<string, string | undefined>).authorization;
    await expectCode(verifier.verify(noAuth), 'MISSING_AUTHORIZATION');

    const noKey = vectorARequest();
    delete (noKey.headers as Record<string, string | undefined>)['x-oss-pub-key-url'];
    await expectCode(verifier.verify(noKey), 'MISSING_PUB_KEY_URL');

    for (const value of ['%%%', b64('not a url'), b64('file:///etc/passwd'), 'aHR0cDovL2dvc3NwdWJsaWMuYWxpY2RuLmNvbS8']) {
      const bad = vectorARequest();
      bad.headers['x-oss-pub-key-url'] = value;
      await expectCode(verifier.verify(bad), 'BAD_PUB_KEY_URL');
    }
  });

  it('refuses a repeated x-oss-pub-key-url instead of picking one', async () => {
    const { headers, ...rest } = vectorARequest();
    const request: CallbackRequest = {
      ...rest,
      headers: { ...headers, 'x-oss-pub-key-url': [VECTOR_A.headers['x-oss-pub-key-url'], b64('http://evil.test/k.pem')] },
    };
    await expectCode(verifier.verify(request), 'BAD_PUB_KEY_URL');
  });

  it('enforces maxBodyBytes before looking at anything else', async () => {
    const small = createCallbackVerifier({ maxBodyBytes: 18, fetch: forbiddenFetch() });
    await expect(small.verify(vectorARequest())).resolves.toBeDefined(); // exactly 18 bytes
    const tooLarge = await rejection(small.verify({ ...vectorARequest(), body: Buffer.alloc(19), headers: {} }));
    expect(tooLarge.code).toBe('BODY_TOO_LARGE');
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.toJSON()).toEqual({ error: 'BODY_TOO_LARGE', message: 'body is larger than 18 bytes' });
  });

  it('requires the body as bytes', async () => {
    const request = { ...vectorARequest(), body: VECTOR_A.body as unknown as Buffer };
    await expect(verifier.verify(request)).rejects.toThrow(TypeError);
  });
});

describe('untrusted key URLs are refused without any fetch', () => {
  const lookalikes = [
    'http://evil.test/callback_pub_key_v1.pem',
    'http://gosspublic.alicdn.com.evil.test/callback_pub_key_v1.pem',
    'http://gosspublic.alicdn.com@evil.test/callback_pub_key_v1.pem',
    'http://user:pass@gosspublic.alicdn.com/callback_pub_key_v1.pem',
    'http://gosspublic.alicdn.com\\@evil.test/callback_pub_key_v1.pem',
    'http://gosspublic.alicdn.com:8080/callback_pub_key_v1.pem',
    'https://gosspublic.alicdn.com:8443/callback_pub_key_v1.pem',
    'http://gosspublic.alicdn.com./callback_pub_key_v1.pem',
    'http://evil.test/http://gosspublic.alicdn.com/callback_pub_key_v1.pem',
    'http://evil.test/?u=http://gosspublic.alicdn.com/',
    'http://xgosspublic.alicdn.com/callback_pub_key_v1.pem',
    'http://gosspublic.alicdn.co/callback_pub_key_v1.pem',
  ];

  it.each(lookalikes)('%s', async (url) => {
    const fetch = forbiddenFetch();
    const verifier = createCallbackVerifier({ fetch, trustedKeyUrlPrefixes: ['http://127.0.0.1:9000/keys/'] });
    const request = signCallbackRequest({ privateKey: keyPair().privateKey, publicKeyUrl: url, body: 'a=1' });
    await expectCode(verifier.verify(request), 'UNTRUSTED_KEY_URL');
    expect(fetch.calls).toEqual([]);
  });

  it('keeps configured prefixes to their own origin and path', () => {
    const verifier = createCallbackVerifier({
      trustedKeyUrlPrefixes: ['http://127.0.0.1:9000/keys/', 'http://localhost:9100/exact.pem'],
      fetch: forbiddenFetch(),
    });
    expect(verifier.isTrustedKeyUrl('http://127.0.0.1:9000/keys/callback_pub_key_v1.pem')).toBe(true);
    expect(verifier.isTrustedKeyUrl('http://127.0.0.1:9000/keys/../admin.pem')).toBe(false);
    expect(verifier.isTrustedKeyUrl('http://127.0.0.1:9000/keys%2f/x')).toBe(false);
    expect(verifier.isTrustedKeyUrl('http://127.0.0.1:9000/other.pem')).toBe(false);
    expect(verifier.isTrustedKeyUrl('http://127.0.0.1:9001/keys/k.pem')).toBe(false);
    expect(verifier.isTrustedKeyUrl('https://127.0.0.1:9000/keys/k.pem')).toBe(false);
    expect(verifier.isTrustedKeyUrl('http://localhost:9100/exact.pem')).toBe(true);
    expect(verifier.isTrustedKeyUrl('http://localhost:9100/exact.pem.evil')).toBe(false);
    // Official prefixes are still trusted: configured ones are added.
    expect(verifier.isTrustedKeyUrl('https://gosspublic.alicdn.com/callback_pub_key_v1.pem')).toBe(true);
    // Normalisation: default port and case make no difference.
    expect(verifier.isTrustedKeyUrl('HTTP://GOSSPUBLIC.ALICDN.COM:80/callback_pub_key_v1.pem')).toBe(true);
  });
});

describe('bodies and the signed string (docs/callback-protocol.md §1.6, §2.3)', () => {
  it('parses a form body with x: variables', async () => {
    const body =
      'bucket=b&object=photos%2F%E6%9D%AD%E5%B7%9E+1.jpg&size=5&mimeType=text%2Fplain&imageInfo.height=&x:uid=42&x:order_id=67890';
    const request = signCallbackRequest({ privateKey: keyPair().privateKey, publicKeyUrl: KEY_URL, url: '/cb', body });
    const callback = await pinnedVerifier().verify(request);
    expect(callback.keySource).toBe('pinned');
    expect(callback.parsed).toEqual({
      bucket: 'b',
      object: 'photos/杭州 1.jpg',
      size: '5',
      mimeType: 'text/plain',
      'imageInfo.height': '',
      'x:uid': '42',
      'x:order_id': '67890',
    });
  });

  it('parses a JSON body', async () => {
    const body = '{"bucket":"b","object":"a.jpg","size":114020,"x:uid":"42"}';
    const request = signCallbackRequest({
      privateKey: keyPair().privateKey,
      publicKeyUrl: KEY_URL,
      body,
      contentType: 'application/json',
    });
    const callback = await pinnedVerifier().verify(request);
    expect(callback.parsed).toEqual({ bucket: 'b', object: 'a.jpg', size: 114020, 'x:uid': '42' });
  });

  it('rejects a signed body that does not parse as its type with BAD_BODY', async () => {
    const request = signCallbackRequest({
      privateKey: keyPair().privateKey,
      publicKeyUrl: KEY_URL,
      body: '{"bucket":',
      contentType: 'application/json',
    });
    await expectCode(pinnedVerifier().verify(request), 'BAD_BODY');
  });

  // The signed strings below are built by hand from the §2.3 rule and signed with node:crypto
  // directly, so these tests do not depend on our own string-to-sign code.
  function handSigned(target: string, stringToSign: string, body: string): CallbackRequest {
    return {
      method: 'POST',
      url: target,
      headers: {
        authorization: sign('md5', Buffer.from(stringToSign), keyPair().privateKey).toString('base64'),
        'x-oss-pub-key-url': b64(KEY_URL),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: Buffer.from(body),
    };
  }

  it('keeps a lone trailing ? in the signed string', async () => {
    const verifier = pinnedVerifier();
    await expect(verifier.verify(handSigned('/callback?', '/callback?\na=1', 'a=1'))).resolves.toBeDefined();
    // The same signature presented without the `?` (or the other way round) does not verify.
    await expectCode(verifier.verify(handSigned('/callback', '/callback?\na=1', 'a=1')), 'BAD_SIGNATURE');
    await expectCode(verifier.verify(handSigned('/callback?', '/callback\na=1', 'a=1')), 'BAD_SIGNATURE');
  });

  it('percent-decodes the path but keeps the query raw', async () => {
    const target = '/%E6%9D%AD%E5%B7%9E/cb%20x?name=%E6%9D%AD&q=a+b';
    const request = handSigned(target, '/杭州/cb x?name=%E6%9D%AD&q=a+b\na=1', 'a=1');
    await expect(pinnedVerifier().verify(request)).resolves.toMatchObject({ requestTarget: target });
  });
});

describe('options are validated once, at construction', () => {
  it('rejects bad options with TypeError or RangeError', () => {
    expect(() => createCallbackVerifier({ trustedKeyUrlPrefixes: ['gosspublic.alicdn.com/'] })).toThrow(TypeError);
    expect(() => createCallbackVerifier({ trustedKeyUrlPrefixes: ['ftp://x.test/'] })).toThrow(TypeError);
    expect(() => createCallbackVerifier({ trustedKeyUrlPrefixes: ['http://u@x.test/'] })).toThrow(TypeError);
    expect(() => createCallbackVerifier({ trustedKeyUrlPrefixes: ['http://x.test/?a'] })).toThrow(TypeError);
    expect(() => createCallbackVerifier({ trustedKeyUrlPrefixes: 'http://x.test/' as unknown as string[] })).toThrow(
      TypeError,
    );
    expect(() => createCallbackVerifier({ keyFetchTimeoutMs: 0 })).toThrow(RangeError);
    expect(() => createCallbackVerifier({ maxBodyBytes: 1.5 })).toThrow(RangeError);
    expect(() => createCallbackVerifier({ publicKeys: { 'http://x.test/k.pem': 'not a pem' } })).toThrow(TypeError);
    expect(() => createCallbackVerifier({ publicKeys: { 'not a url': keyPair().publicKey } })).toThrow(TypeError);
    expect(() => createCallbackVerifier({ trustedKeyPrefixes: [] } as never)).toThrow(/unknown option/);
  });

  // Options often come spread or from JavaScript, where TypeScript does not flag a misspelt name;
  // the receiver CLI's --trust-key-url-prefix is the likely one, and it left the emulator untrusted.
  it.each([
    ['trustKeyUrlPrefix', 'trustedKeyUrlPrefixes'],
    ['trustedKeyUrlPrefix', 'trustedKeyUrlPrefixes'],
    ['trustedKeyPrefixes', 'trustedKeyUrlPrefixes'],
    ['trustedPrefixes', 'trustedKeyUrlPrefixes'],
    ['publicKey', 'publicKeys'],
    ['trustOfficialKeyUrl', 'trustOfficialKeyUrls'],
  ])('an unknown option name (%s) is a TypeError saying what to write', (name, instead) => {
    const message = `unknown option: ${name} (did you mean ${instead}?)`;
    expect(() => createCallbackVerifier({ [name]: ['http://127.0.0.1:9000/'] } as never)).toThrow(new TypeError(message));
    expect(() => ossCallback({ [name]: ['http://127.0.0.1:9000/'] } as never)).toThrow(new TypeError(message));
  });

  it('an unknown option name with nothing close is a TypeError naming it', () => {
    expect(() => createCallbackVerifier({ zzz: 1 } as never)).toThrow(new TypeError('unknown option: zzz'));
  });
});
