import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  OSS_CALLBACK_PUBLIC_KEY_PEM,
  callbackStringToSign,
  decodePubKeyUrl,
  encodePubKeyUrl,
  signCallback,
  verifyCallbackSignature,
} from './signature.js';

// docs/callback-protocol.md §2.5 Vector A: official Callback doc, signed by OSS, verifies with the §2.2 key.
const VECTOR_A = {
  path: '/index.php',
  query: '?id=1&index=2',
  body: 'bucket=yonghu-test',
  signature: 'kKQeGTRccDKyHB3H9vF+xYMSrmhMZjzzl2/kdD1ktNVgbWEfYTQG0G2SU/RaHBovRCE8OkQDjC3uG33esH2txA==',
};
// docs/callback-protocol.md §1.6/§2.5 "vector B": the real OSS callback Cloudreve captured (body of §1.6);
// path and signature from cloudreve/Cloudreve's TestVerifyCallbackSignature.
const VECTOR_B = {
  path: '/api/v3/callback/oss/TnXx5E5VyfJUyM1UdkdDu1rtnJ34EbmH',
  query: '',
  body: '{"name":"2f7b2ccf30e9270ea920f1ab8a4037a546a2f0d5.jpg","source_name":"1/1_hFRtDLgM_2f7b2ccf30e9270ea920f1ab8a4037a546a2f0d5.jpg","size":114020,"pic_info":"810,539"}',
  signature: 'e5LwzwTkP9AFAItT4YzvdJOHd0Y0wqTMWhsV/h5SG90JYGAmMd+8LQyj96R+9qUfJWjMt6suuUh7LaOryR87Dw==',
};
// docs/callback-protocol.md §2.2: the two x-oss-pub-key-url values seen from OSS.
const PUB_KEY_URL_HTTP = {
  header: 'aHR0cDovL2dvc3NwdWJsaWMuYWxpY2RuLmNvbS9jYWxsYmFja19wdWJfa2V5X3YxLnBlbQ==',
  url: 'http://gosspublic.alicdn.com/callback_pub_key_v1.pem',
};
const PUB_KEY_URL_HTTPS_HEADER = 'aHR0cHM6Ly9nb3NzcHVibGljLmFsaWNkbi5jb20vY2FsbGJhY2tfcHViX2tleV92MS5wZW0=';

function flipByte(text: string, index: number): string {
  const bytes = Buffer.from(text);
  bytes[index] = bytes[index]! ^ 0x01;
  return bytes.toString('latin1');
}

function flipSignatureByte(signature: string, index: number): string {
  const bytes = Buffer.from(signature, 'base64');
  bytes[index] = bytes[index]! ^ 0x01;
  return bytes.toString('base64');
}

describe('callbackStringToSign', () => {
  it('builds the documented string to sign of Vector A (§2.5)', () => {
    expect(callbackStringToSign('/index.php?id=1&index=2', Buffer.from('bucket=yonghu-test')).toString()).toBe(
      '/index.php?id=1&index=2\nbucket=yonghu-test',
    );
  });

  it('percent-decodes the path as UTF-8 bytes but keeps the query raw', () => {
    // The Ruby request-side vector's query (§2.5) percent-encodes 杭州.
    const target = '/%E6%9D%AD%E5%B7%9E/cb?name=%E6%9D%AD%E5%B7%9E';
    expect(callbackStringToSign(target, Buffer.alloc(0)).toString()).toBe('/杭州/cb?name=%E6%9D%AD%E5%B7%9E\n');
  });

  it('keeps a lone trailing "?" (§2.3)', () => {
    expect(callbackStringToSign('/callback?', Buffer.from('a')).toString()).toBe('/callback?\na');
    expect(callbackStringToSign('/callback', Buffer.from('a')).toString()).toBe('/callback\na');
  });

  it('keeps malformed percent escapes and "+" as written instead of throwing', () => {
    expect(callbackStringToSign('/a%zz%4%+b%2', Buffer.alloc(0)).toString()).toBe('/a%zz%4%+b%2\n');
    expect(callbackStringToSign('/%', Buffer.alloc(0)).toString()).toBe('/%\n');
  });

  it('decodes escapes to bytes that are not valid UTF-8 without mangling them', () => {
    expect([...callbackStringToSign('/%FF%00', Buffer.alloc(0))]).toEqual([0x2f, 0xff, 0x00, 0x0a]);
  });

  it('appends the body bytes exactly, including non-UTF-8 bytes', () => {
    const body = Uint8Array.from([0xff, 0x0a, 0x00]);
    expect([...callbackStringToSign('/', body)]).toEqual([0x2f, 0x0a, 0xff, 0x0a, 0x00]);
  });

  it('accepts the request target as raw bytes', () => {
    const target = Buffer.from('/%41b?q=%41');
    expect(callbackStringToSign(target, Buffer.from('x')).toString()).toBe('/Ab?q=%41\nx');
  });
});

describe('verifyCallbackSignature with OSS-signed vectors', () => {
  for (const [name, vector] of [
    ['Vector A', VECTOR_A],
    ['vector B', VECTOR_B],
  ] as const) {
    const target = vector.path + vector.query;
    const body = Buffer.from(vector.body);

    it(`${name} verifies with OSS_CALLBACK_PUBLIC_KEY_PEM`, () => {
      expect(verifyCallbackSignature(OSS_CALLBACK_PUBLIC_KEY_PEM, target, body, vector.signature)).toBe(true);
    });

    it(`${name} fails when any byte of the request target changes`, () => {
      for (let i = 0; i < target.length; i++) {
        expect(verifyCallbackSignature(OSS_CALLBACK_PUBLIC_KEY_PEM, flipByte(target, i), body, vector.signature)).toBe(false);
      }
    });

    it(`${name} fails when any byte of the body changes`, () => {
      for (let i = 0; i < body.length; i++) {
        const changed = Buffer.from(body);
        changed[i] = changed[i]! ^ 0x01;
        expect(verifyCallbackSignature(OSS_CALLBACK_PUBLIC_KEY_PEM, target, changed, vector.signature)).toBe(false);
      }
    });

    it(`${name} fails when any byte of the signature changes`, () => {
      for (let i = 0; i < 64; i++) {
        expect(verifyCallbackSignature(OSS_CALLBACK_PUBLIC_KEY_PEM, target, body, flipSignatureByte(vector.signature, i))).toBe(false);
      }
    });
  }

  it('Vector A fails with the newer doc edition body (§2.5)', () => {
    const target = VECTOR_A.path + VECTOR_A.query;
    expect(verifyCallbackSignature(OSS_CALLBACK_PUBLIC_KEY_PEM, target, Buffer.from('bucket=examplebucket'), VECTOR_A.signature)).toBe(false);
  });

  it('Vector A fails when a lone "?" is added (the trailing "?" is signed)', () => {
    expect(verifyCallbackSignature(OSS_CALLBACK_PUBLIC_KEY_PEM, '/index.php?', Buffer.from(VECTOR_A.body), VECTOR_A.signature)).toBe(false);
  });

  it('returns false, without throwing, for garbage signatures', () => {
    const target = VECTOR_A.path + VECTOR_A.query;
    const body = Buffer.from(VECTOR_A.body);
    for (const garbage of ['', 'not base64!', 'x123-*&', VECTOR_A.signature.slice(0, -2), `${VECTOR_A.signature} `, 'AAAA', 'A'.repeat(88)]) {
      expect(verifyCallbackSignature(OSS_CALLBACK_PUBLIC_KEY_PEM, target, body, garbage)).toBe(false);
    }
  });
});

describe('signCallback / verifyCallbackSignature round trip (fresh 2048-bit key)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('verifies what it signs, with KeyObjects and PEM strings', () => {
    const body = Buffer.from('bucket=b&object=%E6%9D%AD');
    const signature = signCallback(privateKey, '/cb/%E6%9D%AD?x=1&y', body);
    expect(Buffer.from(signature, 'base64')).toHaveLength(256);
    expect(verifyCallbackSignature(publicKey, '/cb/%E6%9D%AD?x=1&y', body, signature)).toBe(true);
    expect(verifyCallbackSignature(publicPem, '/cb/%E6%9D%AD?x=1&y', body, signature)).toBe(true);
    expect(signCallback(privatePem, '/cb/%E6%9D%AD?x=1&y', body)).toBe(signature);
  });

  it('treats an encoded and a decoded path as the same signed path, but not the query', () => {
    const body = Buffer.from('a=1');
    const signature = signCallback(privateKey, '/%E6%9D%AD?q=%41', body);
    expect(verifyCallbackSignature(publicKey, '/杭?q=%41', body, signature)).toBe(true);
    expect(verifyCallbackSignature(publicKey, '/%E6%9D%AD?q=A', body, signature)).toBe(false);
  });

  it('rejects a signature made by another key', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signature = signCallback(other.privateKey, '/cb', Buffer.from('x'));
    expect(verifyCallbackSignature(publicKey, '/cb', Buffer.from('x'), signature)).toBe(false);
  });
});

describe('x-oss-pub-key-url', () => {
  it('encodes the official key URL to the value OSS sends (§2.2)', () => {
    expect(encodePubKeyUrl(PUB_KEY_URL_HTTP.url)).toBe(PUB_KEY_URL_HTTP.header);
  });

  it('decodes both documented values (§2.2)', () => {
    expect(decodePubKeyUrl(PUB_KEY_URL_HTTP.header)).toBe(PUB_KEY_URL_HTTP.url);
    expect(decodePubKeyUrl(PUB_KEY_URL_HTTPS_HEADER)).toBe('https://gosspublic.alicdn.com/callback_pub_key_v1.pem');
  });

  it('round-trips an emulator key URL', () => {
    const url = 'http://127.0.0.1:9000/callback_pub_key_v1.pem';
    expect(decodePubKeyUrl(encodePubKeyUrl(url))).toBe(url);
  });

  it('returns undefined for values that are not strict Base64 of an http(s) URL', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    for (const value of [
      '',
      'not base64!',
      PUB_KEY_URL_HTTP.header.replace(/=+$/, ''), // missing padding
      `${PUB_KEY_URL_HTTP.header}\n`,
      b64('file:///etc/passwd'),
      b64('ftp://gosspublic.alicdn.com/key.pem'),
      b64('gosspublic.alicdn.com/callback_pub_key_v1.pem'),
      b64('http://gosspublic.alicdn.com/\nkey.pem'),
      Buffer.from([0xff, 0xfe]).toString('base64'),
    ]) {
      expect(decodePubKeyUrl(value)).toBeUndefined();
    }
  });
});
