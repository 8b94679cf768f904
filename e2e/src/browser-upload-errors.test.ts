// A web page uploading straight to OSS, driven in Debian's Chromium, where it goes wrong: the page
// must be able to read OSS's error (status, XML, the EC in `x-oss-ec` when the CORS rule exposes
// it) for every refusal, and the browser's preflight must pass exactly when the bucket's CORS rule
// allows the request's headers. The app server signs with @ossbox/sdk (`createPostPolicy`, V4 by
// default; `signatureUrl` for presigned PUTs); the page logs each outcome in a list, as a page
// showing upload errors to its user would.
import OSS from 'ali-oss';
import { Callback, Client, NoSuchKeyError, type Bucket, type PostPolicyOptions } from '@ossbox/sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { emulatorCredentials, freePort, openBrowserPage, startEmulatorProcess, type BrowserPage, type EmulatorProcess } from './harness/index.js';

/** Bucket with the `--cors-allow-origin` rule (all methods, `AllowedHeader *`, `x-oss-ec` exposed). */
const FORMS = 'form-bucket';
/** Bucket whose rule a test sets with PutBucketCors: PUT/GET, two allowed headers. */
const RULES = 'rule-bucket';

let emulator: EmulatorProcess;
let appUrl: string;
let browserPage: BrowserPage;
let page: Page;
let forms: Bucket;
let rules: Bucket;

/** The app server's PostObject forms: one per case a page can hit. */
function postForm(name: string): unknown {
  const base: PostPolicyOptions = { keyPrefix: 'web/', expires: 600, successActionStatus: 200 };
  switch (name) {
    case 'callback':
      return forms.createPostPolicy({ ...base, callback: new Callback({ url: `${appUrl}/callback`, body: 'object=${object}&size=${size}&who=${x:who}', vars: { who: 'page' } }) });
    case 'expired':
      // Signed an hour ago for ten minutes (V1: V4's x-oss-date may only be 15 minutes old).
      return forms.createPostPolicy({ ...base, version: 'v1', date: new Date(Date.now() - 3_600_000) });
    case 'tiny':
      return forms.createPostPolicy({ ...base, contentLengthRange: { max: 10 } });
    case 'acl-required':
      // The server requires a field its answer does not carry: the page does not send it.
      return forms.createPostPolicy({ ...base, conditions: [['eq', '$x-oss-object-acl', 'private']] });
    default:
      throw new Error(`no form ${name}`);
  }
}

async function handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', appUrl);
  const send = (status: number, type: string, body: string) => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  if (url.pathname === '/callback') {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    return send(200, 'application/json', JSON.stringify({ Status: 'Ok', ...Object.fromEntries(new URLSearchParams(body)) }));
  }
  if (url.pathname === '/form') return send(200, 'application/json', JSON.stringify(postForm(url.searchParams.get('case') ?? '')));
  if (url.pathname === '/presign') {
    const headers = JSON.parse(url.searchParams.get('headers') ?? '{}') as Record<string, string>;
    const signed = rules.signatureUrl(url.searchParams.get('key') ?? '', { method: 'PUT', expires: 600, contentType: 'text/plain', headers });
    return send(200, 'text/plain', signed);
  }
  send(200, 'text/html; charset=utf-8', '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>uploads</title><h1>Direct uploads</h1><ol id="log"></ol>');
}

beforeAll(async () => {
  const appPort = await freePort();
  appUrl = `http://127.0.0.1:${appPort}`;
  emulator = await startEmulatorProcess({ buckets: [FORMS, RULES], args: ['--cors-allow-origin', appUrl] });
  browserPage = await openBrowserPage(appPort, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  page = browserPage.page;
  const client = new Client({ endpoint: emulator.url, ...emulatorCredentials });
  forms = client.getBucket(FORMS);
  rules = client.getBucket(RULES);
  const owner = new OSS({ endpoint: emulator.url, bucket: RULES, ...emulatorCredentials });
  await owner.putBucketCORS(RULES, [
    { allowedOrigin: appUrl, allowedMethod: ['PUT', 'GET'], allowedHeader: ['content-type', 'x-oss-meta-*'], exposeHeader: ['ETag', 'x-oss-request-id', 'x-oss-ec'], maxAgeSeconds: '60' },
  ]);
}, 120_000);
afterAll(async () => {
  await browserPage?.close();
  await emulator?.dispose();
});

/** What the page read from OSS's answer, or the browser's refusal. */
interface Seen {
  status?: number;
  text?: string;
  ec?: string | null;
  requestId?: string | null;
  etag?: string | null;
  /** The TypeError fetch rejects with when the browser refuses the answer (CORS). */
  refused?: string;
}

/** The page: get a form from the app server, append a file of `size` bytes, POST it with fetch, log the outcome. */
async function postFromPage(formCase: string, size: number): Promise<Seen> {
  return page.evaluate(
    async ({ formCase, size }) => {
      const form = (await (await fetch(`/form?case=${formCase}`)).json()) as { url: string; fields: Record<string, string> };
      const data = new FormData();
      for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
      data.append('file', new File([new Uint8Array(size).fill(97)], `${formCase}.txt`, { type: 'text/plain' }));
      const reply = await fetch(form.url, { method: 'POST', body: data });
      const seen = { status: reply.status, text: await reply.text(), ec: reply.headers.get('x-oss-ec'), requestId: reply.headers.get('x-oss-request-id') };
      const code = /<Code>(.*?)<\/Code>/.exec(seen.text)?.[1] ?? seen.text;
      document.querySelector('#log')!.insertAdjacentHTML('beforeend', `<li>POST form "${formCase}" (${size} bytes): ${seen.status} ${code} ${seen.ec ?? ''}</li>`);
      return seen;
    },
    { formCase, size },
  );
}

/** The page: a presigned PUT sending `headers` (the app server signed `signed`), with fetch. */
async function putFromPage(key: string, signed: Record<string, string>, headers: Record<string, string>): Promise<Seen> {
  return page.evaluate(
    async ({ key, signed, headers }) => {
      const url = await (await fetch(`/presign?key=${encodeURIComponent(key)}&headers=${encodeURIComponent(JSON.stringify(signed))}`)).text();
      let seen: Seen;
      try {
        const reply = await fetch(url, { method: 'PUT', body: 'from the page', headers: { 'Content-Type': 'text/plain', ...headers } });
        seen = { status: reply.status, text: await reply.text(), ec: reply.headers.get('x-oss-ec'), requestId: reply.headers.get('x-oss-request-id'), etag: reply.headers.get('ETag') };
      } catch (error) {
        seen = { refused: String(error) };
      }
      const outcome = seen.refused ?? `${seen.status} ${/<Code>(.*?)<\/Code>/.exec(seen.text ?? '')?.[1] ?? ''} ${seen.ec ?? ''}`;
      document.querySelector('#log')!.insertAdjacentHTML('beforeend', `<li>PUT ${key} with ${Object.keys(headers).join(', ') || 'no extra header'}: ${outcome}</li>`);
      return seen;
    },
    { key, signed, headers },
  );
}

async function expectNothingStored(bucket: Bucket, key: string): Promise<void> {
  await expect(bucket.headObject(key)).rejects.toBeInstanceOf(NoSuchKeyError);
}

describe('a page uploading directly, when OSS refuses (Chromium)', () => {
  test('a V4 form with a callback: the page reads the app server JSON; then expired, too large and a missing policy field: status, error XML and x-oss-ec are all readable', async () => {
    const ok = await postFromPage('callback', 5);
    expect([ok.status, JSON.parse(ok.text!)]).toEqual([200, { Status: 'Ok', object: 'web/callback.txt', size: '5', who: 'page' }]);

    const expired = await postFromPage('expired', 5);
    expect([expired.status, expired.ec]).toEqual([403, '0006-00000213']);
    expect(expired.text).toMatch(/<Code>AccessDenied<\/Code>\s*<Message>Invalid according to Policy: Policy expired\.<\/Message>[\s\S]*<EC>0006-00000213<\/EC>/);

    const tooLarge = await postFromPage('tiny', 11);
    expect([tooLarge.status, tooLarge.ec]).toEqual([400, '0006-00000003']);
    expect(tooLarge.text).toContain('<Code>EntityTooLarge</Code>');
    // Several megabytes over the range: refused before the body is read, still readable by the page.
    const wayTooLarge = await postFromPage('tiny', 8 * 1024 * 1024);
    expect([wayTooLarge.status, wayTooLarge.ec]).toEqual([400, '0006-00000003']);

    const missing = await postFromPage('acl-required', 5);
    expect([missing.status, missing.ec]).toEqual([403, '0006-00000226']);
    expect(missing.text).toContain('Policy Condition failed: ["eq", "$x-oss-object-acl", "private"]');
    expect(missing.requestId).toMatch(/^[0-9A-F]{24}$/);

    for (const key of ['web/expired.txt', 'web/tiny.txt', 'web/acl-required.txt']) await expectNothingStored(forms, key);
  });

  test('a presigned PUT with custom headers: the preflight passes when the rule allows every header, the page reads the exposed ETag and an error EC, and a header the rule does not allow makes the browser refuse', async () => {
    const allowed = await putFromPage('meta.txt', { 'x-oss-meta-author': 'alice' }, { 'x-oss-meta-author': 'alice' });
    expect(allowed.status).toBe(200);
    expect(allowed.etag).toMatch(/^"[0-9A-F]{32}"$/);
    expect((await rules.headObject('meta.txt')).meta).toEqual({ author: 'alice' });

    // Signed without the header the page then sends: the preflight passes, OSS refuses, the page reads why.
    const unsigned = await putFromPage('unsigned.txt', {}, { 'x-oss-meta-author': 'mallory' });
    expect([unsigned.status, unsigned.ec]).toEqual([403, '0002-00000040']);
    expect(unsigned.text).toContain('<Code>SignatureDoesNotMatch</Code>');

    // x-oss-tagging matches no AllowedHeader: the preflight is refused, fetch rejects, nothing is stored.
    const refused = await putFromPage('tagged.txt', { 'x-oss-tagging': 'a=1' }, { 'x-oss-tagging': 'a=1' });
    expect(refused.refused).toMatch(/TypeError/);
    await expectNothingStored(rules, 'tagged.txt');
    await expectNothingStored(rules, 'unsigned.txt');

    // What the browser was told by the preflight, asked directly.
    const preflight = await fetch(`${emulator.url}/${RULES}/meta.txt`, {
      method: 'OPTIONS',
      headers: { Origin: appUrl, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type,x-oss-meta-author' },
    });
    expect(preflight.status).toBe(200);
    const granted: Record<string, string> = {};
    preflight.headers.forEach((value, name) => {
      if (name.startsWith('access-control-')) granted[name] = value;
    });
    expect(granted).toEqual({
      'access-control-allow-origin': appUrl,
      'access-control-allow-methods': 'PUT, GET',
      'access-control-allow-headers': 'content-type,x-oss-meta-author',
      'access-control-expose-headers': 'ETag, x-oss-request-id, x-oss-ec',
      'access-control-max-age': '60',
    });

    // The log as the page's user sees it (set OSSBOX_E2E_SCREENSHOT to a .png path to look).
    if (process.env.OSSBOX_E2E_SCREENSHOT) await page.screenshot({ path: process.env.OSSBOX_E2E_SCREENSHOT });
  });
});
