// Request forms official clients send, against the built emulator process: UTF-8 header values
// from the unmodified ali-oss client and from @ossbox/sdk, a form-escaped key (the Ruby SDK's
// `CGI.escape`), and Signature V2 written out from its published recipe.
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import OSS from 'ali-oss';
import { Client } from '@ossbox/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { E2E_BUCKET, emulatorCredentials, startEmulatorProcess, uniqueKey, type EmulatorProcess } from './harness/index.js';

let emulator: EmulatorProcess;
beforeAll(async () => {
  emulator = await startEmulatorProcess({ buckets: [E2E_BUCKET] });
});
afterAll(async () => {
  await emulator?.dispose();
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Send a request with a raw target and header bytes exactly as given (Latin-1 strings = bytes). */
function send(method: string, target: string, headers: Record<string, string>, body?: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: emulator.port, method, path: target, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const hmacBase64 = (algorithm: 'sha1' | 'sha256', data: string) =>
  createHmac(algorithm, emulatorCredentials.accessKeySecret).update(data, 'utf8').digest('base64');

describe.each([
  ['V1', false],
  ['V4', true],
])('ali-oss (%s) with a UTF-8 metadata value', (_name, authorizationV4) => {
  test('put and head/get return the value sent', async () => {
    // headerEncoding 'latin1' is ali-oss's own switch for non-Latin-1 header values: it sends
    // their UTF-8 bytes and signs those bytes (lib/common/utils/encoder.js, signUtils.js).
    const client = new OSS({
      endpoint: `http://localhost:${emulator.port}`,
      sldEnable: true,
      bucket: E2E_BUCKET,
      authorizationV4,
      headerEncoding: 'latin1',
      ...emulatorCredentials,
    });
    const key = uniqueKey('meta-utf8.txt');
    const put = await client.put(key, Buffer.from('hello'), { meta: { author: '张三', city: 'Zürich' } });
    expect(put.res.status).toBe(200);

    const head = await client.head(key);
    const meta = head.meta ?? {};
    expect(Buffer.from(meta.author ?? '', 'latin1').toString('utf8')).toBe('张三');
    expect(Buffer.from(meta.city ?? '', 'latin1').toString('utf8')).toBe('Zürich');
    const get = await client.get(key);
    expect(Buffer.from(String(get.res.headers['x-oss-meta-author']), 'latin1').toString('utf8')).toBe('张三');
  });
});

describe.each(['v1', 'v4'] as const)('@ossbox/sdk (%s) with UTF-8 header values', (signatureVersion) => {
  test('a Chinese file name in Content-Disposition and metadata: signed, sent as UTF-8, read back as text', async () => {
    // undici refuses characters above U+00FF in a header string: the SDK sends the UTF-8 bytes.
    const bucket = new Client({ endpoint: emulator.url, signatureVersion, ...emulatorCredentials }).getBucket(E2E_BUCKET);
    const key = uniqueKey('报告.pdf');
    const disposition = `attachment; filename="报告 Zürich.pdf"`;
    await bucket.putObject(key, { body: 'pdf', meta: { author: '张三' }, headers: { 'Content-Disposition': disposition } });
    for (const info of [await bucket.headObject(key), await bucket.getObject(key)]) {
      expect(info.meta).toEqual({ author: '张三' });
      expect(info.headers['content-disposition']).toBe(disposition);
    }
  });
});

test('a raw V1-signed PUT with a form-escaped key (+ for space, %2B for plus) stores the signed key', async () => {
  const key = `${uniqueKey('dir')}/a b+c`;
  const formEscaped = encodeURIComponent(key).replace(/%20/g, '+'); // Ruby's CGI.escape
  const date = new Date().toUTCString();
  const stringToSign = `PUT\n\ntext/plain\n${date}\n/${E2E_BUCKET}/${key}`;
  const put = await send(
    'PUT',
    `/${E2E_BUCKET}/${formEscaped}`,
    {
      Date: date,
      'Content-Type': 'text/plain',
      Authorization: `OSS ${emulatorCredentials.accessKeyId}:${hmacBase64('sha1', stringToSign)}`,
    },
    Buffer.from('form-escaped'),
  );
  expect(put.status).toBe(200);

  const getDate = new Date().toUTCString();
  const get = await send('GET', `/${E2E_BUCKET}/${encodeURIComponent(key)}`, {
    Date: getDate,
    Authorization: `OSS ${emulatorCredentials.accessKeyId}:${hmacBase64('sha1', `GET\n\n\n${getDate}\n/${E2E_BUCKET}/${key}`)}`,
  });
  expect([get.status, get.body.toString()]).toEqual([200, 'form-escaped']);
});

describe('Signature V2, written out from the recipe of the OSS documentation example', () => {
  // The documented example signs `PUT /oss-example/nelson` as
  // "PUT\n<md5>\ntext/plain\n<date>\nx-oss-object-acl:private\n\n%2Foss-example%2Fnelson" and sends
  // `OSS2 AccessKeyId:<id>,Signature:<base64 HMAC-SHA256>`; the same recipe here, with the
  // emulator's key pair, a UTF-8 x-oss-meta-* value and an additional header.
  const key = uniqueKey('v2.txt');
  const resource = encodeURIComponent(`/${E2E_BUCKET}/${key}`);

  test('header-signed PUT and GET', async () => {
    const date = new Date().toUTCString();
    const putToSign = `PUT\n\ntext/plain\n${date}\nx-oss-meta-author:张三\nx-oss-object-acl:private\n\n${resource}`;
    const put = await send(
      'PUT',
      `/${E2E_BUCKET}/${encodeURIComponent(key)}`,
      {
        Date: date,
        'Content-Type': 'text/plain',
        'x-oss-object-acl': 'private',
        'x-oss-meta-author': Buffer.from('张三', 'utf8').toString('latin1'),
        Authorization: `OSS2 AccessKeyId:${emulatorCredentials.accessKeyId},Signature:${hmacBase64('sha256', putToSign)}`,
      },
      Buffer.from('signed with V2'),
    );
    expect(put.status).toBe(200);

    const getToSign = `GET\n\n\n${date}\nrange:bytes=0-5\nrange\n${resource}`;
    const get = await send('GET', `/${E2E_BUCKET}/${encodeURIComponent(key)}`, {
      Date: date,
      Range: 'bytes=0-5',
      Authorization: `OSS2 AccessKeyId:${emulatorCredentials.accessKeyId},AdditionalHeaders:range,Signature:${hmacBase64('sha256', getToSign)}`,
    });
    expect([get.status, get.body.toString()]).toEqual([206, 'signed']);
    expect(Buffer.from(String(get.headers['x-oss-meta-author']), 'latin1').toString('utf8')).toBe('张三');
  });

  test('presigned GET (x-oss-signature-version=OSS2, absolute x-oss-expires)', async () => {
    const expires = String(Math.floor(Date.now() / 1000) + 600);
    const query = `x-oss-access-key-id=${emulatorCredentials.accessKeyId}&x-oss-expires=${expires}&x-oss-signature-version=OSS2`;
    const signature = hmacBase64('sha256', `GET\n\n\n${expires}\n\n${resource}?${query}`);
    const target = `/${E2E_BUCKET}/${encodeURIComponent(key)}?${query}&x-oss-signature=${encodeURIComponent(signature)}`;
    const get = await send('GET', target, {});
    expect([get.status, get.body.toString()]).toEqual([200, 'signed with V2']);

    const tampered = await send('GET', target.replace('x-oss-expires=', 'x-oss-expires=1'), {});
    expect(tampered.status).toBe(403);
  });
});
