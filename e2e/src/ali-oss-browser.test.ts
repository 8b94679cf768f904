// The official ali-oss browser build (node_modules/ali-oss/dist/aliyun-oss-sdk.min.js, the file a
// page loads from a CDN) in Debian's Chromium, against the emulator as a process, with STS
// temporary credentials from the emulator's AssumeRole, as Alibaba Cloud's browser guide does it.
// The bucket's CORS rule is the one the guide asks for, set with PutBucketCors (no
// --cors-allow-origin): the page's origin, GET/PUT/POST/DELETE/HEAD, AllowedHeader *, and
// ExposeHeader ETag + x-oss-request-id. The page is another origin than the emulator, so every
// call is a real cross-origin request with its preflight; errors must reach the SDK readable.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { assumeRole, Client, NoSuchKeyError, type Bucket } from '@ossbox/sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { emulatorCredentials, freePort, makeTempDir, openBrowserPage, removeDir, startEmulatorProcess, type BrowserPage, type EmulatorProcess } from './harness/index.js';

const BUCKET = 'browser-sdk';
const ROLE_ARN = 'acs:ram::1234567890123456:role/browser-sdk';
/** The role may do anything under `web/` of the bucket (and list it); nothing elsewhere. */
const ROLE_POLICY = {
  Version: '1',
  Statement: [
    { Effect: 'Allow', Action: ['oss:*'], Resource: [`acs:oss:*:*:${BUCKET}/web/*`] },
    { Effect: 'Allow', Action: ['oss:ListObjects', 'oss:ListMultipartUploads'], Resource: [`acs:oss:*:*:${BUCKET}`] },
  ],
};
const SDK_BUILD = createRequire(import.meta.url).resolve('ali-oss/dist/aliyun-oss-sdk.min.js');

let dir: string;
let emulator: EmulatorProcess;
let appUrl: string;
let browserPage: BrowserPage;
let page: Page;
let bucket: Bucket;
/** The emulator as the page addresses it: ali-oss refuses signatureUrl on an IP endpoint. */
let endpoint: string;

beforeAll(async () => {
  dir = await makeTempDir('ali-oss-browser');
  const rolePolicy = join(dir, 'role.json');
  await writeFile(rolePolicy, JSON.stringify(ROLE_POLICY));
  emulator = await startEmulatorProcess({ buckets: [BUCKET], args: ['--role', `${ROLE_ARN}=${rolePolicy}`] });
  endpoint = emulator.url.replace('127.0.0.1', 'localhost');
  const appPort = await freePort();
  appUrl = `http://127.0.0.1:${appPort}`;
  const owner = new OSS({ endpoint: emulator.url, bucket: BUCKET, ...emulatorCredentials });
  await owner.putBucketCORS(BUCKET, [
    { allowedOrigin: appUrl, allowedMethod: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'], allowedHeader: '*', exposeHeader: ['ETag', 'x-oss-request-id'], maxAgeSeconds: '600' },
  ]);
  const build = readFileSync(SDK_BUILD);
  browserPage = await openBrowserPage(appPort, (req, res) => {
    if (req.url === '/aliyun-oss-sdk.min.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(build);
      return;
    }
    if (req.url?.startsWith('/callback')) {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const reply = JSON.stringify({ Status: 'OK', ...Object.fromEntries(new URLSearchParams(body)) });
        res.writeHead(req.url === '/callback/fail' ? 500 : 200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(reply) });
        res.end(reply);
      });
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>ali-oss</title><script src="/aliyun-oss-sdk.min.js"></script>');
  });
  page = browserPage.page;
  bucket = new Client({ endpoint: emulator.url, ...emulatorCredentials }).getBucket(BUCKET);
}, 120_000);
afterAll(async () => {
  await browserPage?.close();
  await emulator?.dispose();
  if (dir) await removeDir(dir);
});

interface Sts {
  accessKeyId: string;
  accessKeySecret: string;
  stsToken: string;
}

async function stsCredentials(): Promise<Sts> {
  const sts = await assumeRole({ endpoint: `${emulator.url}/_ossbox/sts`, ...emulatorCredentials, roleArn: ROLE_ARN, roleSessionName: 'browser', durationSeconds: 900 });
  return { accessKeyId: sts.accessKeyId, accessKeySecret: sts.accessKeySecret, stsToken: sts.securityToken };
}

/** What a call gave the page: its result (JSON-safe) or the SDK error's fields. */
type Outcome = { ok: true; value: Record<string, unknown> } | { ok: false; name: string; code: string; status: number; message: string; requestId?: string };

/**
 * Runs `body` in the page as an async function of `client` (an `OSS` client with STS credentials,
 * path-style unless `virtualHosted`), `OSS` and `arg`, and returns its outcome.
 */
async function inPage(body: string, arg: unknown = null, options: { virtualHosted?: boolean; sts?: Sts; on?: Page } = {}): Promise<Outcome> {
  const sts = options.sts ?? (await stsCredentials());
  return (options.on ?? page).evaluate(
    async ({ body, arg, endpoint, bucket, sts, sldEnable }) => {
      const OSS = (window as unknown as { OSS: new (o: object) => unknown }).OSS;
      const client = new OSS({ endpoint, bucket, region: 'oss-cn-hangzhou', sldEnable, ...sts });
      const run = new Function('client', 'OSS', 'arg', `return (async () => { ${body} })();`) as (c: unknown, o: unknown, a: unknown) => Promise<Record<string, unknown>>;
      try {
        return { ok: true as const, value: JSON.parse(JSON.stringify(await run(client, OSS, arg))) as Record<string, unknown> };
      } catch (error) {
        const e = error as { name: string; code: string; status: number; message: string; requestId?: string };
        return { ok: false as const, name: e.name, code: e.code, status: e.status, message: e.message, ...(e.requestId ? { requestId: e.requestId } : {}) };
      }
    },
    { body, arg, endpoint, bucket: BUCKET, sts, sldEnable: !options.virtualHosted },
  );
}

describe('ali-oss browser build in Chromium, STS credentials, bucket CORS from PutBucketCors', () => {
  test('put of a File (UTF-8 name) and a Blob, head, get, list, delete; the ETag and request id are readable', async () => {
    const out = await inPage(`
      const file = new File(['file body 文件'], '报告 1.txt', { type: 'text/plain' });
      const put = await client.put('web/报告 1.txt', file);
      const blob = await client.put('web/blob.bin', new Blob([new Uint8Array([0, 1, 2, 255])]));
      const head = await client.head('web/报告 1.txt');
      const got = await client.get('web/报告 1.txt');
      const list = await client.list({ prefix: 'web/' });
      const del = await client.delete('web/blob.bin');
      return {
        putStatus: put.res.status, putEtag: put.res.headers.etag, requestId: put.res.headers['x-oss-request-id'], blobEtag: blob.res.headers.etag,
        headType: head.res.headers['content-type'], content: new TextDecoder().decode(got.content),
        listed: list.objects.map((o) => o.name), deleteStatus: del.res.status,
      };
    `);
    expect(out).toEqual({
      ok: true,
      value: {
        putStatus: 200,
        putEtag: expect.stringMatching(/^"[0-9A-F]{32}"$/),
        requestId: expect.stringMatching(/^[0-9A-F]{24}$/),
        blobEtag: '"0416DAB819887333AF831F8C765AC2AE"',
        headType: 'text/plain',
        content: 'file body 文件',
        listed: ['web/blob.bin', 'web/报告 1.txt'],
        deleteStatus: 204,
      },
    });
    expect(`"${(await bucket.headObject('web/报告 1.txt')).etag}"`).toBe(out.ok && out.value.putEtag);
    await expect(bucket.headObject('web/blob.bin')).rejects.toBeInstanceOf(NoSuchKeyError);
  });

  test('errors reach the SDK with their code: NoSuchKey on get and head, AccessDenied outside the role, NoSuchUpload, InvalidObjectName, InvalidSecurityToken', async () => {
    const missing = await inPage(`return client.get('web/missing.txt');`);
    expect(missing).toMatchObject({ ok: false, code: 'NoSuchKey', status: 404, requestId: expect.stringMatching(/^[0-9A-F]{24}$/) });
    // HEAD has no body: ali-oss names the error from the status alone.
    expect(await inPage(`return client.head('web/missing.txt');`)).toMatchObject({ ok: false, code: 'NoSuchKey', status: 404 });
    expect(await inPage(`return client.put('elsewhere/x.txt', new Blob(['x']));`)).toMatchObject({ ok: false, code: 'AccessDenied', status: 403, message: "Access denied by authorizer's policy." });
    expect(await inPage(`return client.abortMultipartUpload('web/none.bin', '0004B9894A22E5B1888A1E29F823XXXX');`)).toMatchObject({ ok: false, code: 'NoSuchUpload', status: 404 });
    // Refused while the emulator reads the path; the bucket's CORS headers still come with it.
    expect(await inPage(`return client.put('web/' + 'k'.repeat(1020), new Blob(['x']));`)).toMatchObject({ ok: false, code: 'InvalidObjectName', status: 400 });
    const sts = await stsCredentials();
    expect(await inPage(`return client.put('web/x.txt', new Blob(['x']));`, null, { sts: { ...sts, stsToken: `${sts.stsToken}x` } })).toMatchObject({ ok: false, code: 'InvalidSecurityToken', status: 403 });
    await expect(bucket.headObject('elsewhere/x.txt')).rejects.toBeInstanceOf(NoSuchKeyError);
  });

  test('put with a callback: the callback JSON in result.data; a failing callback is CallbackFailedError 203 and the object is stored', async () => {
    const out = await inPage(
      `
      // As the Browser.js guide's upload-callback example: custom variables travel in x-oss-callback-var.
      const ok = await client.put('web/cb.txt', new Blob(['with callback']), {
        callback: { url: arg + '/callback', body: 'object=\${object}&size=\${size}&etag=\${etag}&var1=\${x:var1}', customValue: { var1: 'value1' } },
      });
      let failed;
      try { await client.put('web/cb-fail.txt', new Blob(['stored anyway']), { callback: { url: arg + '/callback/fail', body: 'object=\${object}' } }); }
      catch (e) { failed = { name: e.name, status: e.status, code: e.code, message: e.message }; }
      return { data: ok.data, failed };
    `,
      appUrl,
    );
    expect(out).toMatchObject({
      ok: true,
      value: {
        data: { Status: 'OK', object: 'web/cb.txt', size: '13', etag: expect.stringMatching(/^[0-9A-F]{32}$/), var1: 'value1' },
        failed: { name: 'CallbackFailedError', status: 203, code: 'CallbackFailed', message: 'Error status : 500.' },
      },
    });
    expect((await bucket.headObject('web/cb-fail.txt')).size).toBe('stored anyway'.length);
  });

  test('multipartUpload with progress and a callback (virtual-hosted endpoint): parts read their ETags, the callback JSON comes back', async () => {
    const out = await inPage(
      `
      const bytes = new Uint8Array(350 * 1024);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 255;
      const fractions = [];
      const result = await client.multipartUpload('web/big.bin', new File([bytes], 'big.bin'), {
        partSize: 100 * 1024, parallel: 2,
        progress: (p) => { fractions.push(p); },
        callback: { url: arg + '/callback', body: 'object=\${object}&size=\${size}' },
      });
      return { fractions, data: result.data, etag: result.res.headers.etag };
    `,
      appUrl,
      { virtualHosted: true },
    );
    expect(out).toEqual({
      ok: true,
      value: { fractions: [0, 0.2, 0.4, 0.6, 0.8, 1], data: { Status: 'OK', object: 'web/big.bin', size: String(350 * 1024) }, etag: expect.stringMatching(/^"[0-9A-F]{32}-4"$/) },
    });
    const head = await bucket.headObject('web/big.bin');
    expect([head.size, head.objectType]).toEqual([350 * 1024, 'Multipart']);
  });

  test('initMultipartUpload + uploadPart + listParts, then abortMultipartUpload: the upload is gone', async () => {
    const out = await inPage(`
      const { uploadId } = await client.initMultipartUpload('web/aborted.bin');
      const part = await client.uploadPart('web/aborted.bin', uploadId, 1, new File([new Uint8Array(100 * 1024)], 'p'), 0, 100 * 1024);
      const parts = await client.listParts('web/aborted.bin', uploadId);
      const before = await client.listUploads({ prefix: 'web/aborted' });
      const abort = await client.abortMultipartUpload('web/aborted.bin', uploadId);
      const after = await client.listUploads({ prefix: 'web/aborted' });
      return { partEtag: part.etag, listed: parts.parts.PartNumber, before: before.uploads.length, abort: abort.res.status, after: after.uploads.length };
    `);
    expect(out).toEqual({ ok: true, value: { partEtag: expect.stringMatching(/^"[0-9A-F]{32}"$/), listed: '1', before: 1, abort: 204, after: 0 } });
  });

  test('signatureUrl GET and PUT (V1, security-token in the URL) and signatureUrlV4 PUT, sent with fetch', async () => {
    const out = await inPage(`
      const put = await fetch(client.signatureUrl('web/signed.txt', { method: 'PUT', 'Content-Type': 'text/plain' }), { method: 'PUT', body: 'signed put', headers: { 'Content-Type': 'text/plain' } });
      const get = await fetch(client.signatureUrl('web/signed.txt'));
      const v4 = await client.signatureUrlV4('PUT', 600, { headers: { 'Content-Type': 'text/plain' } }, 'web/signed-v4.txt');
      const putV4 = await fetch(v4, { method: 'PUT', body: 'v4', headers: { 'Content-Type': 'text/plain' } });
      const wrongType = await fetch(client.signatureUrl('web/signed.txt', { method: 'PUT', 'Content-Type': 'text/plain' }), { method: 'PUT', body: 'x', headers: { 'Content-Type': 'image/png' } });
      return { put: put.status, etag: put.headers.get('ETag'), get: get.status, text: await get.text(), putV4: putV4.status, wrongType: wrongType.status, wrongTypeBody: await wrongType.text() };
    `);
    expect(out).toMatchObject({
      ok: true,
      value: { put: 200, etag: expect.stringMatching(/^"[0-9A-F]{32}"$/), get: 200, text: 'signed put', putV4: 200, wrongType: 403, wrongTypeBody: expect.stringContaining('<Code>SignatureDoesNotMatch</Code>') },
    });
    expect((await bucket.headObject('web/signed-v4.txt')).contentType).toBe('text/plain');
  });

  test('from an origin the rule does not allow: the preflight is 403 AccessForbidden without CORS headers, the SDK sees a network error, nothing is stored', async () => {
    const preflight = await fetch(`${emulator.url}/${BUCKET}/web/other.txt`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:1', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization,content-type,x-oss-date,x-oss-security-token,x-oss-user-agent' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(await preflight.text()).toContain("<Message>CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Requet-Headers are not whitelisted by the resource's CORS spec.</Message>");

    // Same page, other origin: localhost is not 127.0.0.1 for CORS.
    const other = await browserPage.browser.newPage();
    try {
      await other.goto(appUrl.replace('127.0.0.1', 'localhost'));
      const out = await inPage(`return client.put('web/other.txt', new Blob(['x']));`, null, { on: other });
      expect(out).toMatchObject({ ok: false, status: -1, code: 'RequestError' });
    } finally {
      await other.close();
    }
    await expect(bucket.headObject('web/other.txt')).rejects.toBeInstanceOf(NoSuchKeyError);
  });
});
