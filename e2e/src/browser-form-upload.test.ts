// What a web developer builds from Alibaba Cloud's "obtain signature information from the server
// and upload data to OSS, with an upload callback" guide, driven in Debian's Chromium:
// https://www.alibabacloud.com/help/en/oss/use-cases/obtain-signature-information-from-the-server-and-upload-data-to-oss
// The app server here is hand-written as in the guide (its own policy JSON, HMAC signature, Base64
// callback), not @ossbox/sdk; the page builds a FormData and POSTs it with XMLHttpRequest or
// fetch, and reads what came back: the callback JSON, headers the CORS rule exposes, error XML.
// The last case runs @ossbox/sdk's README PostObject example exactly as that README prints it.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import OSS from 'ali-oss';
import { assumeRole, Callback, Client, NoSuchKeyError, type Bucket } from '@ossbox/sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { emulatorCredentials, freePort, openBrowserPage, startEmulatorProcess, type BrowserPage, type EmulatorProcess } from './harness/index.js';

const BUCKET = 'guide-bucket';
const DIR = 'user-dir/';
const ROLE_ARN = 'acs:ram::1234567890123456:role/web-uploader';
const ROLE_POLICY = fileURLToPath(new URL('../../examples/web-direct-upload/role-policy.json', import.meta.url));
const SDK_README = fileURLToPath(new URL('../../packages/sdk/README.md', import.meta.url));

let emulator: EmulatorProcess;
let appUrl: string;
let browserPage: BrowserPage;
let page: Page;
let bucket: Bucket;

/** The guide's callback parameter: Base64 JSON with the callback URL, body template and type. */
function callbackField(path = '/callback'): string {
  return Buffer.from(
    JSON.stringify({
      callbackUrl: `${appUrl}${path}`,
      callbackBody: 'filename=${object}&size=${size}&mimeType=${mimeType}&uid=${x:uid}',
      callbackBodyType: 'application/x-www-form-urlencoded',
    }),
  ).toString('base64');
}

/** The guide's V1 answer: accessid, host, policy, signature, dir, callback (Python/Java servers). */
function guideV1(): Record<string, string> {
  const policy = Buffer.from(
    JSON.stringify({
      expiration: new Date(Date.now() + 600_000).toISOString(),
      conditions: [['content-length-range', 0, 1048576000], ['starts-with', '$key', DIR]],
    }),
  ).toString('base64');
  const signature = createHmac('sha1', emulatorCredentials.accessKeySecret).update(policy).digest('base64');
  return { accessid: emulatorCredentials.accessKeyId, host: `${emulator.url}/${BUCKET}`, policy, signature, dir: DIR, callback: callbackField() };
}

/** The guide's V4 answer with STS credentials, signed by ali-oss as its Node.js server does. */
async function guideV4(callbackPath?: string): Promise<Record<string, string>> {
  const sts = await assumeRole({ endpoint: `${emulator.url}/_ossbox/sts`, ...emulatorCredentials, roleArn: ROLE_ARN, roleSessionName: 'guide', durationSeconds: 900 });
  const date = new Date();
  const xOssDate = date.toISOString().replace(/[-:]|\.\d{3}/g, '');
  const credential = `${sts.accessKeyId}/${xOssDate.slice(0, 8)}/cn-hangzhou/oss/aliyun_v4_request`;
  const policy = {
    expiration: new Date(date.getTime() + 600_000).toISOString(),
    conditions: [
      { bucket: BUCKET },
      { 'x-oss-signature-version': 'OSS4-HMAC-SHA256' },
      { 'x-oss-credential': credential },
      { 'x-oss-security-token': sts.securityToken },
      { 'x-oss-date': xOssDate },
      ['content-length-range', 1, 10485760],
      ['eq', '$success_action_status', '200'],
      ['starts-with', '$key', 'uploads/'],
    ],
  };
  const client = new OSS({ endpoint: emulator.url, region: 'oss-cn-hangzhou', accessKeyId: sts.accessKeyId, accessKeySecret: sts.accessKeySecret, stsToken: sts.securityToken, bucket: BUCKET });
  return {
    host: `${emulator.url}/${BUCKET}`,
    policy: Buffer.from(JSON.stringify(policy)).toString('base64'),
    x_oss_signature_version: 'OSS4-HMAC-SHA256',
    x_oss_credential: credential,
    x_oss_date: xOssDate,
    signature: client.signPostObjectPolicyV4(policy, date),
    security_token: sts.securityToken,
    dir: 'uploads/',
    callback: callbackField(callbackPath),
  };
}

/** The `// app server` and `// browser` halves of the SDK README's createPostPolicy example. */
function readmePostPolicyExample(): { server: string; browser: string } {
  const readme = readFileSync(SDK_README, 'utf8');
  const section = readme.slice(readme.indexOf('### PostObject form: `createPostPolicy`'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
  const [server, browser] = code.split('// browser');
  // The example's callback host is not reachable offline: point it at this app server.
  return { server: server!.replace('https://app.example.com/oss-callback', `${appUrl}/callback`), browser: browser! };
}

/**
 * A page with a plain HTML form and no script, as the guide's simplest variant: hidden V1 fields,
 * `success_action_redirect` back to this app, the file input, then the submit button (named when
 * `submitName` is given, which makes the browser send it as a field after the file).
 */
function plainForm(res: import('node:http').ServerResponse, submitName: string | null): void {
  const { host, dir, accessid, policy, signature } = guideV1();
  const fields = { key: `${dir}\${filename}`, policy: policy!, OSSAccessKeyId: accessid!, Signature: signature!, success_action_redirect: `${appUrl}/done` };
  const hidden = Object.entries(fields).map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`);
  const submit = submitName === null ? '<button>Upload</button>' : `<button name="${submitName}" value="1">Upload</button>`;
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><meta charset="utf-8"><title>form</title><form method="post" enctype="multipart/form-data" action="${host}">${hidden.join('')}<input type="file" name="file">${submit}</form>`);
}

function json(res: import('node:http').ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  // The guide's servers answer with a Content-Length: OSS refuses a callback reply without one.
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', appUrl).pathname;
  if (req.method === 'POST' && path.startsWith('/callback')) {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    if (path === '/callback/fail') return json(res, 500, { error: 'down' });
    return json(res, 200, { Status: 'Ok', ...Object.fromEntries(new URLSearchParams(body)) });
  }
  if (path === '/sig-v1') return json(res, 200, guideV1());
  if (path === '/plain-form') return plainForm(res, new URL(req.url ?? '/', appUrl).searchParams.get('submit-name'));
  if (path === '/done') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    return void res.end('<!doctype html><meta charset="utf-8"><title>done</title><p>uploaded</p>');
  }
  if (path === '/sig-v4') return json(res, 200, await guideV4());
  if (path === '/sig-v4-dead-callback') return json(res, 200, await guideV4('/callback/fail'));
  if (path === '/readme-form') {
    const { server } = readmePostPolicyExample();
    let form: unknown;
    new Function('bucket', 'Callback', 'res', server)(bucket, Callback, { json: (value: unknown) => (form = value) });
    return json(res, 200, form);
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><meta charset="utf-8"><title>direct upload</title><p>direct upload</p>');
}

beforeAll(async () => {
  const appPort = await freePort();
  appUrl = `http://127.0.0.1:${appPort}`;
  emulator = await startEmulatorProcess({
    buckets: [BUCKET],
    args: ['--cors-allow-origin', appUrl, '--role', `${ROLE_ARN}=${ROLE_POLICY}`],
  });
  browserPage = await openBrowserPage(appPort, (req, res) => {
    handle(req, res).catch((error: unknown) => json(res, 500, { error: String(error) }));
  });
  page = browserPage.page;
  bucket = new Client({ endpoint: emulator.url, ...emulatorCredentials }).getBucket(BUCKET);
}, 120_000);
afterAll(async () => {
  await browserPage?.close();
  await emulator?.dispose();
});

/** What the page read from OSS's answer. */
interface Answer {
  status: number;
  text: string;
  etag: string | null;
  requestId: string | null;
  /** `upload.onprogress` events (XMLHttpRequest only: such a listener makes the browser preflight). */
  progressEvents?: number;
}

/** The guide's V1 client (upload.js): fields in its order, the file last, XMLHttpRequest with progress. */
async function uploadGuideV1(name: string, content: string, extra: Record<string, string> = {}): Promise<Answer> {
  return page.evaluate(
    async ({ name, content, extra }) => {
      const s = (await (await fetch('/sig-v1')).json()) as Record<string, string>;
      const data = new FormData();
      data.append('key', `${s.dir}\${filename}`);
      data.append('policy', s.policy!);
      data.append('OSSAccessKeyId', s.accessid!);
      data.append('success_action_status', '200');
      data.append('callback', s.callback!);
      data.append('signature', s.signature!);
      data.append('x:uid', '42');
      for (const [field, value] of Object.entries(extra)) data.append(field, value);
      data.append('file', new File([content], name, { type: 'text/plain' }));
      return new Promise<Answer>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        let progressEvents = 0;
        xhr.upload.onprogress = () => progressEvents++;
        xhr.open('POST', s.host!);
        xhr.onload = () =>
          resolve({ status: xhr.status, text: xhr.responseText, etag: xhr.getResponseHeader('ETag'), requestId: xhr.getResponseHeader('x-oss-request-id'), progressEvents });
        xhr.onerror = () => reject(new Error('network error or CORS refusal'));
        xhr.send(data);
      });
    },
    { name, content, extra },
  );
}

/** The guide's V4 client: x-oss-* fields, the STS token, fetch. */
async function uploadGuideV4(signaturePath: string, key: string, content: string): Promise<Answer> {
  return page.evaluate(
    async ({ signaturePath, key, content }) => {
      const s = (await (await fetch(signaturePath)).json()) as Record<string, string>;
      const data = new FormData();
      data.append('success_action_status', '200');
      data.append('policy', s.policy!);
      data.append('x-oss-signature', s.signature!);
      data.append('x-oss-signature-version', 'OSS4-HMAC-SHA256');
      data.append('x-oss-credential', s.x_oss_credential!);
      data.append('x-oss-date', s.x_oss_date!);
      data.append('key', key);
      data.append('x-oss-security-token', s.security_token!);
      data.append('callback', s.callback!);
      data.append('x:uid', '7');
      data.append('file', new File([content], key.split('/').pop()!, { type: 'text/plain' }));
      const reply = await fetch(s.host!, { method: 'POST', body: data });
      return { status: reply.status, text: await reply.text(), etag: reply.headers.get('ETag'), requestId: reply.headers.get('x-oss-request-id') };
    },
    { signaturePath, key, content },
  );
}

async function expectNothingStored(key: string): Promise<void> {
  await expect(bucket.headObject(key)).rejects.toBeInstanceOf(NoSuchKeyError);
}

describe('browser form uploads shaped like the official guide (Chromium)', () => {
  test('V1 form (OSSAccessKeyId, signature, ${filename}, callback, x:uid) with a non-ASCII file name: the page reads the callback JSON, ETag and request id', async () => {
    const answer = await uploadGuideV1('报告 2026 ü #1.txt', 'hello from the guide');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ Status: 'Ok', filename: `${DIR}报告 2026 ü #1.txt`, size: '20', mimeType: 'text/plain', uid: '42' });
    expect(answer.etag).toMatch(/^"[0-9A-F]{32}"$/);
    expect(answer.requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(answer.progressEvents).toBeGreaterThan(0);
    expect((await bucket.headObject(`${DIR}报告 2026 ü #1.txt`)).etag).toBe(answer.etag!.replaceAll('"', ''));
  });

  test('V4 form with STS credentials: 200 + callback JSON; a dead callback URL is a 203 whose CallbackFailed XML the page reads; a key outside the policy a 403 it reads', async () => {
    const ok = await uploadGuideV4('/sig-v4', 'uploads/v4.txt', 'v4 form');
    expect([ok.status, JSON.parse(ok.text)]).toEqual([200, { Status: 'Ok', filename: 'uploads/v4.txt', size: '7', mimeType: 'text/plain', uid: '7' }]);

    const failed = await uploadGuideV4('/sig-v4-dead-callback', 'uploads/v4-203.txt', 'stored anyway');
    expect(failed.status).toBe(203);
    expect(failed.text).toMatch(/<Code>CallbackFailed<\/Code>[\s\S]*<Message>Error status : 500\.<\/Message>/);
    expect(failed.etag).toMatch(/^"[0-9A-F]{32}"$/);
    expect((await bucket.headObject('uploads/v4-203.txt')).etag).toBe(failed.etag!.replaceAll('"', ''));

    const outside = await uploadGuideV4('/sig-v4', 'elsewhere/v4.txt', 'nope');
    expect(outside.status).toBe(403);
    expect(outside.text).toContain('<Message>Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "uploads/"]</Message>');
    await expectNothingStored('elsewhere/v4.txt');
  });

  test('fields a page can fill with anything that no header can carry (a textarea line break, a non-ASCII metadata name) are a 400 the page reads, and nothing is stored', async () => {
    // Stored, such an object answered every GET and HEAD with 500 InternalError.
    const lineBreak = await uploadGuideV1('note.txt', 'x', { 'x-oss-meta-note': 'first line\nsecond line' });
    expect(lineBreak.status).toBe(400);
    expect(lineBreak.text).toMatch(/<Code>InvalidArgument<\/Code>[\s\S]*<ArgumentName>x-oss-meta-note<\/ArgumentName>/);
    const name = await uploadGuideV1('name.txt', 'x', { 'x-oss-meta-作者': 'alice' });
    expect(name.status).toBe(400);
    expect(name.text).toContain('<EC>0011-00000004</EC>');
    await expectNothingStored(`${DIR}note.txt`);
    await expectNothingStored(`${DIR}name.txt`);

    // UTF-8 text in a value is fine, and comes back as sent.
    const disposition = 'attachment; filename="报告.txt"';
    const kept = await uploadGuideV1('cd.txt', 'x', { 'Content-Disposition': disposition, 'x-oss-meta-author': '张三' });
    expect(kept.status).toBe(200);
    const head = await bucket.headObject(`${DIR}cd.txt`);
    expect(head.headers['content-disposition']).toBe(disposition);
    expect(head.meta).toEqual({ author: '张三' });

    // The page downloading it (a presigned GET) reads the file name to save as: the bucket's
    // --cors-allow-origin rule exposes Content-Disposition, which is not CORS-safelisted.
    const rfc5987 = `attachment; filename*=UTF-8''${encodeURIComponent('报告.txt')}`;
    expect((await uploadGuideV1('dl.txt', 'x', { 'Content-Disposition': rfc5987 })).status).toBe(200);
    const url = bucket.signatureUrl(`${DIR}dl.txt`, { expires: 600 });
    const seen = await page.evaluate(async (url) => (await fetch(url)).headers.get('Content-Disposition'), url);
    expect(seen).toBe(rfc5987);
  });

  test('a plain HTML <form> (no script): success_action_redirect brings the browser back with bucket, key and ETag (the directory key when no file is chosen); a named submit button after the file input is the 400 OSS answers', async () => {
    const name = '季度报告 ü #2.txt';
    await page.goto(`${appUrl}/plain-form`);
    await page.setInputFiles('input[type=file]', { name, mimeType: 'text/plain', buffer: Buffer.from('from a plain form') });
    await Promise.all([page.waitForURL(`${appUrl}/done?**`), page.click('button')]);
    const landed = new URL(page.url());
    const head = await bucket.headObject(`${DIR}${name}`);
    expect(Object.fromEntries(landed.searchParams)).toEqual({ bucket: BUCKET, key: `${DIR}${name}`, etag: `"${head.etag}"` });

    // No file chosen: Chromium still sends the file part, with filename="" and no bytes, so
    // ${filename} is empty and the key is the directory itself, a 0-byte object.
    await page.goto(`${appUrl}/plain-form`);
    await Promise.all([page.waitForURL(`${appUrl}/done?**`), page.click('button')]);
    expect(new URL(page.url()).searchParams.get('key')).toBe(DIR);
    expect((await bucket.headObject(DIR)).size).toBe(0);
    await bucket.deleteObject(DIR);

    // EC 0006-00000103: the button's name=value pair follows the file in the body.
    await page.goto(`${appUrl}/plain-form?submit-name=upload`);
    await page.setInputFiles('input[type=file]', { name: 'late.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    const [answer] = await Promise.all([page.waitForNavigation(), page.click('button')]);
    expect(answer?.status()).toBe(400);
    expect(await page.locator('body').innerText()).toMatch(/MalformedPOSTRequest[\s\S]*0006-00000103/);
    await expectNothingStored(`${DIR}late.txt`);
    await page.goto(appUrl);
  });

  test("@ossbox/sdk README's createPostPolicy example, as printed (contentType starts-with image/): 200 and the callback JSON", async () => {
    const { browser: browserHalf } = readmePostPolicyExample();
    const answer = await page.evaluate(async (code) => {
      const form = (await (await fetch('/readme-form')).json()) as unknown;
      const file = new File([new Uint8Array([137, 80, 78, 71])], 'avatar.png', { type: 'image/png' });
      const run = new Function('form', 'file', `return (async () => { ${code}; return { status: reply.status, text: await reply.text() }; })();`);
      return (await run(form, file)) as { status: number; text: string };
    }, browserHalf);
    expect(answer.status, answer.text).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ Status: 'Ok', object: 'uploads/alice/avatar.png', uid: 'alice' });
    expect((await bucket.headObject('uploads/alice/avatar.png')).contentType).toBe('image/png');
  });
});
