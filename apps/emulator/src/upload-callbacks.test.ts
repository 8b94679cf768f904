/**
 * Upload callbacks end to end on a real emulator (startEmulator) and real HTTP receivers on port
 * 0: what is sent (docs/callback-protocol.md §1.5-§2.3), what the uploader gets (§3.2-§3.3), and that
 * invalid callbacks are refused before anything is stored (§1.7).
 */
import sharp from 'sharp';
import { createHash, verify } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeCallback,
  encodeCallbackVars,
  encodePostPolicy,
  parseErrorXml,
  postPolicyV4Conditions,
  presignV1,
  signPostPolicyV1,
  signPostPolicyV4,
} from '@ossbox/protocol';
import type { CallbackParams } from '@ossbox/protocol';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import supertest from 'supertest';
import type { RunningEmulator } from './server.js';
import { startEmulator } from './server.js';
import type { CallbackReceiver, Reply } from './test-support/callback-receiver.js';
import { refusedUrl, replyJson, startReceiver } from './test-support/callback-receiver.js';
import { aliOssClient } from './test-support/ali-oss-client.js';
import type { TestEmulator } from './test-support/harness.js';
import { CREDENTIALS, createTestApp, encodeKey, oss, startTestEmulator, tempDir } from './test-support/harness.js';

const B = 'examplebucket';
// §5.12 published vector: this text has CRC-64 108247482078852440.
const VECTOR_TEXT = "Anything you're good at contributes to happiness.";
const VECTOR_CRC = '108247482078852440';
/** Callback URLs whose host depends on the URL parser; refused with 400 in every mode. */
const USER_PART_OR_BACKSLASH_URLS = [
  'http://user@127.0.0.1:9001/',
  'http://127.0.0.1:9001\\@example.com/',
  'http://example.com:80@127.0.0.1:9001/',
];
const md5 = (data: string | Buffer) => createHash('md5').update(data).digest();

describe('upload callbacks', () => {
  let t: TestEmulator;
  let emulator: RunningEmulator;
  const receivers: CallbackReceiver[] = [];

  beforeAll(async () => {
    // Generous: on a loaded CI machine a local receiver answering 500 can take over half a
    // second, which a short timeout would report as 'timeout' instead of 'status'. Only the
    // 'timeout' case waits for it in full.
    t = await startTestEmulator({ callbackTimeoutMs: 5_000 });
    emulator = t.emulator;
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(async () => {
    for (const r of receivers.splice(0)) await r.close();
  });

  async function receiver(reply: Reply = replyJson('{"Status":"OK"}')): Promise<CallbackReceiver> {
    const r = await startReceiver(reply);
    receivers.push(r);
    return r;
  }

  function callbackHeaders(params: Partial<CallbackParams> & { urls: string[] }, vars?: Record<string, string>) {
    const headers: Record<string, string> = {
      'x-oss-callback': encodeCallback({ body: 'bucket=${bucket}', bodyType: 'application/x-www-form-urlencoded', ...params }),
    };
    if (vars) headers['x-oss-callback-var'] = encodeCallbackVars(vars);
    return headers;
  }

  function put(key: string, body: string | Buffer, headers: Record<string, string> = {}) {
    return oss(emulator.url, 'PUT', { bucket: B, key, body, headers: { 'Content-Type': 'text/plain', ...headers } });
  }

  async function expectStored(key: string, body: string | Buffer) {
    const get = await oss(emulator.url, 'GET', { bucket: B, key });
    expect(get.status).toBe(200);
    expect(Buffer.compare(get.body as Buffer, Buffer.from(body))).toBe(0);
  }

  async function expectNotStored(key: string) {
    expect((await oss(emulator.url, 'HEAD', { bucket: B, key })).status).toBe(404);
    const list = await oss(emulator.url, 'GET', { bucket: B, query: { prefix: key } });
    expect(list.text).not.toContain(`<Key>${key}</Key>`);
  }

  it('PutObject: form body with system and custom variables; 200 with the reply byte for byte', async () => {
    const reply = '{"Status":"OK","n":1.50}';
    const r = await receiver(replyJson(reply));
    const template =
      'bucket=${bucket}&object=${object}&etag=${etag}&size=${size}&mimeType=${mimeType}&crc64=${crc64}' +
      '&contentMd5=${contentMd5}&vpcId=${vpcId}&ip=${clientIp}&reqId=${reqId}&op=${operation}' +
      '&height=${imageInfo.height}&format=${imageInfo.format}&uid=${x:uid}&order=${x:order_id}';
    const res = await put('dir/vector.txt', VECTOR_TEXT, callbackHeaders(
      { urls: [`${r.url}/notify?from=put`], body: template },
      { 'x:uid': '12345', 'x:order_id': 'a b&c' },
    ));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.text).toBe(reply);
    const etag = md5(VECTOR_TEXT).toString('hex').toUpperCase();
    expect(res.headers.etag).toBe(`"${etag}"`);
    expect(res.headers['x-oss-hash-crc64ecma']).toBe(VECTOR_CRC);
    expect(res.headers['content-md5']).toBe(md5(VECTOR_TEXT).toString('base64'));
    const requestId = res.headers['x-oss-request-id']!;

    expect(r.received).toHaveLength(1);
    const got = r.received[0]!;
    expect(got.method).toBe('POST');
    expect(got.target).toBe('/notify?from=put');
    const fields = new URLSearchParams(got.body.toString());
    expect(Object.fromEntries(fields)).toEqual({
      bucket: B,
      object: 'dir/vector.txt',
      etag,
      size: String(Buffer.byteLength(VECTOR_TEXT)),
      mimeType: 'text/plain',
      crc64: VECTOR_CRC,
      contentMd5: md5(VECTOR_TEXT).toString('base64'),
      vpcId: '',
      ip: '127.0.0.1',
      reqId: requestId,
      op: 'PutObject',
      height: '',
      format: '',
      uid: '12345',
      order: 'a b&c',
    });
    // §1.6: form values are URL-encoded (text%2Fplain).
    expect(got.body.toString()).toContain('mimeType=text%2Fplain');
    expect(got.headers).toMatchObject({
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(got.body.length),
      'content-md5': md5(got.body).toString('base64'),
      'user-agent': 'aliyun-oss-callback',
      'x-oss-bucket': B,
      'x-oss-request-id': requestId,
      'x-oss-tag': 'CALLBACK',
      'x-oss-signature-version': '1.0',
    });
    await expectStored('dir/vector.txt', VECTOR_TEXT);
  });

  it('JSON body: strings quoted, size bare, custom variables from callback-var', async () => {
    const r = await receiver();
    const res = await put('j.txt', 'json!', callbackHeaders(
      {
        urls: [r.url],
        body: '{"bucket":${bucket},"object":${object},"size":${size},"etag":${etag},"uid":${x:uid},"missing":${x:none}}',
        bodyType: 'application/json',
      },
      { 'x:uid': 'u"1' },
    ));
    expect(res.status).toBe(200);
    const got = r.received[0]!;
    expect(got.headers['content-type']).toBe('application/json');
    expect(JSON.parse(got.body.toString())).toEqual({
      bucket: B,
      object: 'j.txt',
      size: 5,
      etag: md5('json!').toString('hex').toUpperCase(),
      uid: 'u"1',
      missing: '',
    });
  });

  it('fills imageInfo for images (the image/info probe) and leaves it empty otherwise', async () => {
    const r = await receiver();
    const png = await sharp({ create: { width: 810, height: 539, channels: 3, background: '#336699' } }).png().toBuffer();
    const template = '{"w":${imageInfo.width},"h":${imageInfo.height},"f":${imageInfo.format}}';
    const callback = { urls: [r.url], body: template, bodyType: 'application/json' as const };
    expect((await put('img.png', png, { ...callbackHeaders(callback), 'Content-Type': 'image/png' })).status).toBe(200);
    expect(JSON.parse(r.received[0]!.body.toString())).toEqual({ w: 810, h: 539, f: 'png' });
    expect((await put('not-img.txt', 'text', callbackHeaders(callback))).status).toBe(200);
    // protocol's JSON rule for absent image sizes: null, so the body stays JSON.
    expect(JSON.parse(r.received[1]!.body.toString())).toEqual({ w: null, h: null, f: '' });
  });

  it('signs the request so a receiver can verify it with the key served by the emulator', async () => {
    const r = await receiver();
    const res = await put('signed.txt', 'sig', callbackHeaders({ urls: [`${r.url}/cb/%E6%9D%AD?id=1&name=%E5%B7%9E`], body: 'object=${object}' }));
    expect(res.status).toBe(200);
    const got = r.received[0]!;
    const keyUrl = Buffer.from(String(got.headers['x-oss-pub-key-url']), 'base64').toString();
    expect(keyUrl).toBe(`${emulator.url}/_ossbox/callback_pub_key_v1.pem`);
    const pem = await (await fetch(keyUrl)).text();
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    // §2.3: decoded path + raw query + "\n" + body, RSA with MD5.
    const q = got.target.indexOf('?');
    const stringToSign = Buffer.concat([
      Buffer.from(decodeURIComponent(got.target.slice(0, q)) + got.target.slice(q) + '\n'),
      got.body,
    ]);
    const signature = Buffer.from(String(got.headers.authorization), 'base64');
    expect(verify('md5', stringToSign, pem, signature)).toBe(true);
    expect(verify('md5', Buffer.concat([stringToSign, Buffer.from('x')]), pem, signature)).toBe(false);
  });

  it('tries up to five URLs in order and reports every attempt at /_ossbox/callbacks', async () => {
    const refused = await refusedUrl();
    const failing = await receiver((res) => {
      res.writeHead(500, { 'Content-Length': '2' });
      res.end('no');
    });
    const ok = await receiver(replyJson('{"third":true}'));
    const res = await put('multi.txt', 'm', callbackHeaders({ urls: [refused, `${failing.url}/x`, `${ok.url}/y`] }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"third":true}');
    expect(failing.received).toHaveLength(1);
    expect(ok.received).toHaveLength(1);
    const log = await supertest(emulator.url).get(`/_ossbox/callbacks?requestId=${res.headers['x-oss-request-id']}`);
    expect(log.status).toBe(200);
    const attempts = (log.body as { attempts: { outcome: string; url: string }[] }).attempts;
    // Newest first.
    expect(attempts.map((a) => a.outcome)).toEqual(['success', 'status', 'connect']);
    expect(attempts.map((a) => a.url)).toEqual([`${ok.url}/y`, `${failing.url}/x`, refused]);
  });

  describe('each failure is a 203 CallbackFailed and the object stays stored', () => {
    const cases: { name: string; reply: Reply | 'refused'; message: string | RegExp; ec: string }[] = [
      { name: 'connection refused', reply: 'refused', message: 'Error status : -1.OSS can not connect to your callbackUrl, please check it', ec: '0007-00000203' },
      {
        name: 'non-200 status',
        reply: (res) => {
          res.writeHead(404, { 'Content-Length': '0' });
          res.end();
        },
        message: 'Error status : 404.',
        ec: '0007-00000203',
      },
      { name: 'timeout', reply: () => undefined, message: 'Cost too long time', ec: '0007-00000202' },
      {
        name: 'body not JSON',
        reply: (res) => {
          res.writeHead(200, { 'Content-Length': '2' });
          res.end('OK');
        },
        message: 'Response body is not valid json format.',
        ec: '0007-00000205',
      },
      {
        name: 'no Content-Length',
        reply: (res) => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.write('{"a":');
          res.end('1}');
        },
        message: 'Error Status : 400.User server missing content-length',
        ec: '0007-00000203',
      },
      {
        name: 'reply over 1 MB',
        reply: (res) => {
          const big = `"${'x'.repeat(1024 * 1024)}"`;
          res.writeHead(200, { 'Content-Length': String(big.length) });
          res.end(big);
        },
        message: 'Error Status : 400.User server return too long content-length value',
        ec: '0007-00000203',
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const url = c.reply === 'refused' ? await refusedUrl() : (await receiver(c.reply)).url;
        const key = `fail/${c.name.replace(/\W+/g, '-')}.bin`;
        const data = Buffer.from(`bytes for ${c.name}\u0000\u00ff`);
        const res = await put(key, data, callbackHeaders({ urls: [url] }));
        expect(res.status).toBe(203);
        expect(res.headers['content-type']).toMatch(/^application\/xml/);
        const error = parseErrorXml(res.text)!;
        expect(error).toMatchObject({ code: 'CallbackFailed', message: c.message, ec: c.ec, requestId: res.headers['x-oss-request-id'] });
        expect(res.headers.etag).toBe(`"${md5(data).toString('hex').toUpperCase()}"`);
        expect(res.headers['content-md5']).toBe(md5(data).toString('base64'));
        expect(res.headers['x-oss-hash-crc64ecma']).toMatch(/^\d+$/);
        await expectStored(key, data);
      });
    }
  });

  describe('invalid callbacks are 400 and store nothing', () => {
    const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
    const cases: { name: string; headers?: Record<string, string>; query?: Record<string, string>; ec?: string; message?: string }[] = [
      {
        name: 'header and query together',
        headers: { 'x-oss-callback': b64({ callbackUrl: 'http://127.0.0.1:1/', callbackBody: 'a' }) },
        query: { callback: b64({ callbackUrl: 'http://127.0.0.1:1/', callbackBody: 'a' }) },
        ec: '0007-00000027',
        // OSS's HTTP 400 page (InvalidArgument).
        message: 'Either the callback query string parameter or the x-oss-callback header should be specified, not both.',
      },
      {
        name: 'callback-var header and query together',
        headers: { 'x-oss-callback': b64({ callbackUrl: 'http://127.0.0.1:1/', callbackBody: 'a' }), 'x-oss-callback-var': b64({ 'x:a': '1' }) },
        query: { 'callback-var': b64({ 'x:a': '1' }) },
        ec: '0007-00000027',
        message: 'Either the callback-var query string parameter or the x-oss-callback-var header should be specified, not both.',
      },
      { name: 'not Base64', headers: { 'x-oss-callback': '%%%' }, ec: '0007-00000002' },
      { name: 'not JSON', headers: { 'x-oss-callback': b64('{"callbackUrl":') }, message: 'The callback configuration is not json format.' },
      { name: 'empty body', headers: { 'x-oss-callback': b64({ callbackUrl: 'http://127.0.0.1:1/', callbackBody: '' }) }, ec: '0007-00000011' },
      {
        name: 'six URLs',
        headers: { 'x-oss-callback': b64({ callbackUrl: Array(6).fill('http://127.0.0.1:1/').join(';'), callbackBody: 'a' }) },
        ec: '0007-00000005',
      },
      {
        name: 'bad body type',
        headers: { 'x-oss-callback': b64({ callbackUrl: 'http://127.0.0.1:1/', callbackBody: 'a', callbackBodyType: 'text/plain' }) },
      },
      {
        name: 'JSON template that is not JSON',
        headers: {
          'x-oss-callback': b64({ callbackUrl: 'http://127.0.0.1:1/', callbackBody: '{"a":${bucket}', callbackBodyType: 'application/json' }),
        },
      },
      {
        name: 'callback-var not Base64',
        headers: { 'x-oss-callback': b64({ callbackUrl: 'http://127.0.0.1:1/', callbackBody: 'a' }), 'x-oss-callback-var': '***' },
        ec: '0007-00000102',
      },
      // A user part or a backslash reads as another host to another URL parser (issue 15).
      ...USER_PART_OR_BACKSLASH_URLS.map((url) => ({
        name: `callback URL ${url}`,
        headers: { 'x-oss-callback': b64({ callbackUrl: url, callbackBody: 'a' }) },
        ec: '0007-00000004',
      })),
      {
        name: 'callback-var with an uppercase key',
        headers: { 'x-oss-callback': b64({ callbackUrl: 'http://127.0.0.1:1/', callbackBody: 'a' }), 'x-oss-callback-var': b64({ 'x:UID': '1' }) },
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const key = `invalid/${c.name.replace(/\W+/g, '-')}`;
        const res = await oss(emulator.url, 'PUT', { bucket: B, key, body: 'nope', headers: c.headers ?? {}, query: c.query ?? {} });
        expect(res.status).toBe(400);
        const error = parseErrorXml(res.text)!;
        expect(error.code).toBe('InvalidArgument');
        if (c.ec) expect(error.ec).toBe(c.ec);
        if (c.message) expect(error.message).toBe(c.message);
        await expectNotStored(key);
      });
    }

    it('CompleteMultipartUpload keeps the upload when its callback is invalid', async () => {
      const init = await oss(emulator.url, 'POST', { bucket: B, key: 'mp-invalid', query: { uploads: '' } });
      const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
      const part = await oss(emulator.url, 'PUT', { bucket: B, key: 'mp-invalid', query: { partNumber: '1', uploadId }, body: 'p1' });
      const complete = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${part.headers.etag}</ETag></Part></CompleteMultipartUpload>`;
      const bad = await oss(emulator.url, 'POST', {
        bucket: B,
        key: 'mp-invalid',
        query: { uploadId },
        body: complete,
        headers: { 'x-oss-callback': '!!!', 'Content-Type': 'application/xml' },
      });
      expect(bad.status).toBe(400);
      await expectNotStored('mp-invalid');
      const good = await oss(emulator.url, 'POST', { bucket: B, key: 'mp-invalid', query: { uploadId }, body: complete, headers: { 'Content-Type': 'application/xml' } });
      expect(good.status).toBe(200);
    });
  });

  it('CompleteMultipartUpload: the reply replaces the XML result; no ${contentMd5}', async () => {
    const r = await receiver(replyJson('{"done":1}'));
    const init = await oss(emulator.url, 'POST', { bucket: B, key: 'mp.bin', query: { uploads: '' } });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    const part = await oss(emulator.url, 'PUT', { bucket: B, key: 'mp.bin', query: { partNumber: '1', uploadId }, body: VECTOR_TEXT });
    const res = await oss(emulator.url, 'POST', {
      bucket: B,
      key: 'mp.bin',
      query: { uploadId },
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${part.headers.etag}</ETag></Part></CompleteMultipartUpload>`,
      headers: {
        'Content-Type': 'application/xml',
        ...callbackHeaders({ urls: [r.url], body: 'op=${operation}&size=${size}&md5=${contentMd5}&crc=${crc64}&etag=${etag}' }),
      },
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"done":1}');
    expect(res.headers['x-oss-hash-crc64ecma']).toBe(VECTOR_CRC);
    const fields = Object.fromEntries(new URLSearchParams(r.received[0]!.body.toString()));
    expect(fields).toEqual({
      op: 'CompleteMultipartUpload',
      size: String(VECTOR_TEXT.length),
      md5: '',
      crc: VECTOR_CRC,
      etag: /^"(.*)"$/.exec(res.headers.etag!)![1],
    });
    expect(fields.etag).toMatch(/^[0-9A-F]{32}-1$/);
    await expectStored('mp.bin', VECTOR_TEXT);
  });

  it('a presigned PUT URL carries the callback in its query', async () => {
    const r = await receiver(replyJson('{"presigned":true}'));
    const callback = encodeCallback({ urls: [r.url], body: 'object=${object}&v=${x:v}', bodyType: 'application/x-www-form-urlencoded' });
    const callbackVar = encodeCallbackVars({ 'x:v': 'from-query' });
    const query = { callback, 'callback-var': callbackVar };
    const expires = Math.floor(Date.now() / 1000) + 600;
    const auth = presignV1({ method: 'PUT', bucket: B, key: 'presigned.txt', headers: { 'Content-Type': 'text/plain' }, query }, CREDENTIALS, expires);
    const search = new URLSearchParams({ ...query, ...auth }).toString();
    const res = await fetch(`${emulator.url}/${B}/${encodeKey('presigned.txt')}?${search}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/plain' },
      body: 'via url',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"presigned":true}');
    expect(r.received[0]!.body.toString()).toBe('object=presigned.txt&v=from-query');
    await expectStored('presigned.txt', 'via url');
  });

  it('operations without callbacks ignore the callback headers', async () => {
    const r = await receiver();
    await put('src.txt', 'source');
    const headers = callbackHeaders({ urls: [r.url] });
    const copy = await oss(emulator.url, 'PUT', { bucket: B, key: 'copy.txt', headers: { ...headers, 'x-oss-copy-source': `/${B}/src.txt` } });
    expect(copy.status).toBe(200);
    const append = await oss(emulator.url, 'POST', { bucket: B, key: 'append.txt', query: { append: '', position: '0' }, body: 'a', headers });
    expect(append.status).toBe(200);
    const get = await oss(emulator.url, 'GET', { bucket: B, key: 'src.txt', headers });
    expect(get.status).toBe(200);
    expect(r.received).toHaveLength(0);
  });

  describe('PostObject', () => {
    async function postForm(parts: [string, string | { filename: string; data: string }][]) {
      const form = new FormData();
      for (const [name, value] of parts) {
        if (typeof value === 'string') form.append(name, value);
        else form.append(name, new Blob([value.data], { type: 'text/plain' }), value.filename);
      }
      return fetch(`${emulator.url}/${B}`, { method: 'POST', body: form });
    }

    it('V1 policy, callback and x: variables: the reply replaces the success_action_status body', async () => {
      const r = await receiver(replyJson('{"form":"ok"}'));
      const callback = encodeCallback({
        urls: [r.url],
        body: '{"object":${object},"uid":${x:uid},"op":${operation},"md5":${contentMd5}}',
        bodyType: 'application/json',
      });
      const policy = encodePostPolicy({
        expiration: new Date(Date.now() + 600_000),
        conditions: [{ bucket: B }, ['starts-with', '$key', 'form/'], { callback }],
      });
      const res = await postForm([
        ['key', 'form/${filename}'],
        ['success_action_status', '201'],
        ['callback', callback],
        ['X:UID', 'user-7'],
        ...Object.entries(signPostPolicyV1(policy, CREDENTIALS)),
        ['file', { filename: 'f.txt', data: 'form data' }],
      ]);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.text()).toBe('{"form":"ok"}');
      expect(res.headers.get('etag')).toBe(`"${md5('form data').toString('hex').toUpperCase()}"`);
      expect(JSON.parse(r.received[0]!.body.toString())).toEqual({
        object: 'form/f.txt',
        uid: 'user-7',
        op: 'PostObject',
        md5: md5('form data').toString('base64'),
      });
      await expectStored('form/f.txt', 'form data');
    });

    it('V4 policy with a failing callback: 203, object stored', async () => {
      const url = await refusedUrl();
      const date = new Date();
      const region = 'cn-hangzhou';
      const policy = encodePostPolicy({
        expiration: new Date(date.getTime() + 600_000),
        conditions: [{ bucket: B }, ...postPolicyV4Conditions(CREDENTIALS, { region, date })],
      });
      const res = await postForm([
        ['key', 'form-v4.txt'],
        ['callback', encodeCallback({ urls: [url], body: 'a=${x:a}', bodyType: 'application/x-www-form-urlencoded' })],
        ['x:a', '1'],
        ...Object.entries(signPostPolicyV4(policy, CREDENTIALS, { region, date })),
        ['file', { filename: 'x', data: 'v4 form' }],
      ]);
      expect(res.status).toBe(203);
      expect(parseErrorXml(await res.text())).toMatchObject({ code: 'CallbackFailed', ec: '0007-00000203' });
      await expectStored('form-v4.txt', 'v4 form');
    });

    // Callback reference: PostObject has no callback-var; each custom variable is its own `x:` form
    // field ("不能直接将callback-var参数直接附加到表单域中"), so a callback-var field is just another field.
    it('takes custom variables from x: fields only: a callback-var field is not read', async () => {
      const r = await receiver(replyJson('{"ok":true}'));
      const callback = encodeCallback({ urls: [r.url], body: 'v=${x:v}&w=${x:w}', bodyType: 'application/x-www-form-urlencoded' });
      const policy = encodePostPolicy({ expiration: new Date(Date.now() + 600_000), conditions: [{ bucket: B }] });
      const res = await postForm([
        ['key', 'form-vars.txt'],
        ['callback', callback],
        ['callback-var', encodeCallbackVars({ 'x:v': 'from-callback-var' })],
        ['x:w', 'from-field'],
        ...Object.entries(signPostPolicyV1(policy, CREDENTIALS)),
        ['file', { filename: 'x', data: 'vars' }],
      ]);
      expect(res.status).toBe(200);
      expect(r.received[0]!.body.toString()).toBe('v=&w=from-field');
    });

    it('a callback that fails the policy condition is refused before storing', async () => {
      const r = await receiver();
      const allowed = encodeCallback({ urls: [r.url], body: 'a', bodyType: 'application/x-www-form-urlencoded' });
      const other = encodeCallback({ urls: [r.url], body: 'b', bodyType: 'application/x-www-form-urlencoded' });
      const policy = encodePostPolicy({ expiration: new Date(Date.now() + 600_000), conditions: [{ callback: allowed }] });
      const res = await postForm([
        ['key', 'form-denied.txt'],
        ['callback', other],
        ...Object.entries(signPostPolicyV1(policy, CREDENTIALS)),
        ['file', { filename: 'x', data: 'no' }],
      ]);
      expect(res.status).toBe(403);
      expect(r.received).toHaveLength(0);
      await expectNotStored('form-denied.txt');
    });
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- ali-oss is untyped */
describe('unmodified ali-oss client with callbacks', () => {
  let t: TestEmulator;
  let client: any;
  beforeAll(async () => {
    t = await startTestEmulator();
    // Path style, as in ali-oss.test.ts (docs/rest-api.md §5.1).
    client = aliOssClient(t.emulator);
  });
  afterAll(async () => {
    await t.close();
  });

  it('put with a callback returns the receiver JSON as data', async () => {
    const r = await startReceiver(replyJson('{"Status":"OK","id":42}'));
    try {
      const result = await client.put('ali/cb.txt', Buffer.from('ali body'), {
        callback: {
          url: `${r.url}/ali`,
          body: 'object=${object}&size=${size}&who=${x:who}',
          contentType: 'application/x-www-form-urlencoded',
          customValue: { who: 'ali-oss' },
        },
      });
      expect(result.res.status).toBe(200);
      expect(result.data).toEqual({ Status: 'OK', id: 42 });
      expect(r.received[0]!.body.toString()).toBe('object=ali%2Fcb.txt&size=8&who=ali-oss');
      expect((await client.get('ali/cb.txt')).content.toString()).toBe('ali body');
    } finally {
      await r.close();
    }
  });

  it('put with a failing callback rejects with CallbackFailedError (203) and keeps the object', async () => {
    const url = await refusedUrl();
    const error = await client
      .put('ali/failed.txt', Buffer.from('still stored'), { callback: { url, body: 'bucket=${bucket}' } })
      .then(() => undefined, (e: any) => e);
    expect(error).toMatchObject({
      name: 'CallbackFailedError',
      status: 203,
      code: 'CallbackFailed',
      ecCode: '0007-00000203',
      message: 'Error status : -1.OSS can not connect to your callbackUrl, please check it',
    });
    expect((await client.get('ali/failed.txt')).content.toString()).toBe('still stored');
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */

describe('startEmulator callback options', () => {
  it('uses publicUrl for x-oss-pub-key-url and logs every attempt at debug level', async () => {
    const tmp = await tempDir();
    const lines: string[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const emulator = await startEmulator({ port: 0, location: tmp.dir, buckets: [B], logger, publicUrl: 'http://ossbox.test:9000/' });
    const r = await startReceiver(replyJson('{}'));
    try {
      expect(emulator.publicKeyUrl).toBe('http://ossbox.test:9000/_ossbox/callback_pub_key_v1.pem');
      const res = await oss(emulator.url, 'PUT', {
        bucket: B,
        key: 'public-url.txt',
        body: 'x',
        headers: { 'x-oss-callback': encodeCallback({ urls: [r.url], body: 'a', bodyType: 'application/x-www-form-urlencoded' }) },
      });
      expect(res.status).toBe(200);
      const keyUrl = Buffer.from(String(r.received[0]!.headers['x-oss-pub-key-url']), 'base64').toString();
      expect(keyUrl).toBe(emulator.publicKeyUrl);
      expect(emulator.callbackLog.query({ key: 'public-url.txt' })).toHaveLength(1);
      const attemptLine = lines.map((l) => JSON.parse(l) as { callbackAttempt?: { outcome: string } }).find((l) => l.callbackAttempt);
      expect(attemptLine?.callbackAttempt?.outcome).toBe('success');
      // The loopback warning production OSS would turn into a refusal.
      expect(lines.some((l) => l.includes('production OSS would refuse it'))).toBe(true);
    } finally {
      await r.close();
      await emulator.close();
      await tmp.remove();
    }
  });

  it('keeps the callback key across restarts (receivers may cache it)', async () => {
    const tmp = await tempDir();
    try {
      const pems: string[] = [];
      for (let i = 0; i < 2; i++) {
        const emulator = await startEmulator({ port: 0, location: tmp.dir, logLevel: 'silent' });
        pems.push(await (await fetch(`${emulator.url}/_ossbox/callback_pub_key_v1.pem`)).text());
        await emulator.close();
      }
      expect(pems[0]).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(pems[1]).toBe(pems[0]);
    } finally {
      await tmp.remove();
    }
  });
});

/** A PutObject of `key` asking for a callback to a loopback port nobody listens on. */
function putWithLoopbackCallback(target: Parameters<typeof oss>[0], key: string) {
  const callback = encodeCallback({ urls: ['http://127.0.0.1:9/'], body: 'a', bodyType: 'application/x-www-form-urlencoded' });
  return oss(target, 'PUT', { bucket: B, key, body: 'x', headers: { 'x-oss-callback': callback } });
}

describe('createApp without a callback engine', () => {
  it('answers 501 to uploads that ask for a callback, storing nothing', async () => {
    const t = await createTestApp();
    try {
      const res = await putWithLoopbackCallback(t.app, 'no-engine.txt');
      expect(res.status).toBe(501);
      expect(parseErrorXml(res.text)!.code).toBe('NotImplemented');
      expect(t.storage.meta.getObject(B, 'no-engine.txt')).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe('strict callback URLs', () => {
  // One emulator for the whole block: every request here is refused before anything is stored.
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ strictCallbackUrls: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses loopback callback URLs with 400 EC 0007-00000008 before storing', async () => {
    const res = await putWithLoopbackCallback(t.emulator.url, 'strict.txt');
    expect(res.status).toBe(400);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'InvalidArgument', ec: '0007-00000008' });
    expect((await oss(t.emulator.url, 'HEAD', { bucket: B, key: 'strict.txt' })).status).toBe(404);
  });

  it.each(USER_PART_OR_BACKSLASH_URLS)('refuses %s with 400 EC 0007-00000004 before storing', async (url) => {
    const callback = encodeCallback({ urls: [url], body: 'a', bodyType: 'application/x-www-form-urlencoded' });
    const res = await oss(t.emulator.url, 'PUT', { bucket: B, key: 'strict-userinfo.txt', body: 'x', headers: { 'x-oss-callback': callback } });
    expect(res.status).toBe(400);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'InvalidArgument', ec: '0007-00000004' });
    expect((await oss(t.emulator.url, 'HEAD', { bucket: B, key: 'strict-userinfo.txt' })).status).toBe(404);
  });
});
