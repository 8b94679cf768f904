// The web direct-upload example in a real browser: Debian's Chromium loads the page from the
// example app server, the page uploads straight to the emulator (another origin, allowed by its
// CORS rule), the emulator calls the app server back. Each case checks what the page shows, what
// was stored (bytes equal) and what the app server verified.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, NoSuchKeyError, type Bucket } from '@ossbox/sdk';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  digests,
  downloadDigest,
  emulatorCredentials,
  freePort,
  launchChromium,
  startEmulatorProcess,
  startWebAppProcess,
  type EmulatorProcess,
  type WebAppProcess,
} from './harness/index.js';

const BUCKET = 'web-bucket';
/** The example's PostObject size limit in this suite (`--max-size`). */
const MAX_SIZE = 64 * 1024;
/** The role the example's STS flow assumes by default, with the example's own role policy. */
const ROLE_ARN = 'acs:ram::1234567890123456:role/web-uploader';
const ROLE_POLICY = fileURLToPath(new URL('../../examples/web-direct-upload/role-policy.json', import.meta.url));

let emulator: EmulatorProcess;
let web: WebAppProcess;
let browser: Browser;
/** One context for the file: pages share its HTTP cache (ali-oss's 680 KB build loads once). */
let context: BrowserContext;
let bucket: Bucket;

beforeAll(async () => {
  const webPort = await freePort();
  emulator = await startEmulatorProcess({
    buckets: [BUCKET],
    args: ['--cors-allow-origin', `http://127.0.0.1:${webPort}`, '--role', `${ROLE_ARN}=${ROLE_POLICY}`],
  });
  web = await startWebAppProcess({ emulatorUrl: emulator.url, bucket: BUCKET, port: webPort, maxSize: MAX_SIZE });
  browser = await launchChromium();
  context = await browser.newContext();
  bucket = new Client({ endpoint: emulator.url, ...emulatorCredentials }).getBucket(BUCKET);
  // Two CLIs and a browser start here: leave room for a loaded 2-core machine.
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await emulator?.dispose();
});

interface Shown {
  outcome: string;
  status: string;
  reply: string;
  /** The text beside the progress bar. */
  progress: string;
}

interface UploadOptions {
  /** Page origin; default the app server's own (the one the bucket allows). */
  origin?: string;
  key?: string;
  mimeType?: string;
  failCallback?: boolean;
  expiredPolicy?: boolean;
  otherKey?: boolean;
}

/** Open the page, pick `bytes` as a file, press the flow's button, wait for the page's verdict. */
async function upload(flow: 'post-object' | 'presigned-put' | 'multipart' | 'sts-multipart', name: string, bytes: Buffer, options: UploadOptions = {}): Promise<Shown> {
  const page = await context.newPage();
  try {
    await page.goto(options.origin ?? web.url);
    await page.waitForFunction(() => document.getElementById('endpoint')?.textContent !== '…', undefined, { polling: 50 });
    await page.setInputFiles('#file', { name, mimeType: options.mimeType ?? 'application/octet-stream', buffer: bytes });
    if (options.key !== undefined) await page.fill('#key', options.key);
    if (options.failCallback) await page.check('#fail-callback');
    if (options.expiredPolicy) await page.check('#expired-policy');
    if (options.otherKey) await page.check('#other-key');
    await page.click(`button[data-flow="${flow}"]`);
    await page.waitForFunction(() => !['idle', 'running'].includes(document.getElementById('result')?.dataset.outcome ?? ''), undefined, { polling: 50, timeout: 20_000 });
    return await page.evaluate(() => ({
      outcome: document.getElementById('result')?.dataset.outcome ?? '',
      status: document.getElementById('status')?.textContent ?? '',
      reply: document.getElementById('reply')?.textContent ?? '',
      progress: document.getElementById('progress-text')?.textContent ?? '',
    }));
  } finally {
    await page.close();
  }
}

/** What the app server verified for `key` (its `GET /api/callbacks`). */
async function verifiedFor(key: string): Promise<Array<Record<string, unknown>>> {
  const { callbacks } = (await (await fetch(`${web.url}/api/callbacks`)).json()) as { callbacks: Array<Record<string, unknown>> };
  return callbacks.filter((c) => c.object === key);
}

async function expectStored(key: string, bytes: Buffer): Promise<void> {
  expect(await downloadDigest(bucket, key)).toEqual({ md5Hex: digests(bytes).md5Hex, size: bytes.length });
}

async function expectNothingStored(key: string): Promise<void> {
  await expect(bucket.headObject(key)).rejects.toBeInstanceOf(NoSuchKeyError);
}

const uniqueName = (ext: string) => `${randomBytes(6).toString('hex')}${ext}`;

describe('web direct upload in Chromium', () => {
  // Headless Chromium fetches no favicon, but a desktop browser asks for /favicon.ico unless the
  // page declares an icon: the app server has none, so that would be a 404 in every console.
  test('the page declares its icon (no /favicon.ico request) and loads without a failed request', async () => {
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (res) => {
      if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`);
    });
    page.on('requestfailed', (req) => failed.push(`failed ${req.url()}`));
    try {
      await page.goto(web.url, { waitUntil: 'networkidle' });
      await page.waitForFunction(() => document.getElementById('endpoint')?.textContent !== '…', undefined, { polling: 50 });
      expect(await page.evaluate(() => document.querySelector('link[rel="icon"]')?.getAttribute('href'))).toBe('data:,');
    } finally {
      await page.close();
    }
    expect(failed).toEqual([]);
  });

  test('PostObject + callback: the page shows the app server JSON that came back through the emulator', async () => {
    const name = uniqueName('.txt');
    const bytes = randomBytes(20_000);
    const shown = await upload('post-object', name, bytes, { mimeType: 'text/plain' });
    const key = `uploads/${name}`;
    expect([shown.outcome, shown.status]).toEqual(['success', `Stored ${key}. The app server answered, through OSS:`]);
    const reply = JSON.parse(shown.reply) as Record<string, unknown>;
    expect(reply).toMatchObject({ Status: 'OK', verified: true, flow: 'post-object', bucket: BUCKET, object: key, size: bytes.length, etag: digests(bytes).md5Hex });
    await expectStored(key, bytes);
    // The browser's type for the file part (File.type) is the object's.
    expect((await bucket.headObject(key)).contentType).toBe('text/plain');
    expect(await verifiedFor(key)).toEqual([expect.objectContaining({ flow: 'post-object', size: bytes.length, etag: digests(bytes).md5Hex })]);
  });

  test('PostObject with a dead callback URL: the page shows the 203 CallbackFailed message, the object is stored', async () => {
    const name = uniqueName('.bin');
    const bytes = randomBytes(5_000);
    const shown = await upload('post-object', name, bytes, { failCallback: true });
    const key = `uploads/${name}`;
    expect(shown.outcome).toBe('callback-failed');
    expect(shown.status).toMatch(new RegExp(`^Stored ${key}, but the callback failed \\(HTTP 203 CallbackFailed\\): .+`));
    expect(shown.reply).toContain('<Code>CallbackFailed</Code>');
    await expectStored(key, bytes);
    expect(await verifiedFor(key)).toEqual([]);
  });

  test('presigned PUT + callback: the signed Content-Type is the one sent and stored', async () => {
    const name = uniqueName('.png');
    const bytes = randomBytes(30_000);
    const shown = await upload('presigned-put', name, bytes, { mimeType: 'image/png' });
    const key = `uploads/${name}`;
    expect([shown.outcome, shown.status]).toEqual(['success', `Stored ${key}. The app server answered, through OSS:`]);
    expect(JSON.parse(shown.reply)).toMatchObject({ Status: 'OK', verified: true, flow: 'presigned-put', object: key, size: bytes.length, mimeType: 'image/png' });
    await expectStored(key, bytes);
    expect((await bucket.headObject(key)).contentType).toBe('image/png');
    expect(await verifiedFor(key)).toEqual([expect.objectContaining({ flow: 'presigned-put', etag: digests(bytes).md5Hex })]);
  });

  test('ali-oss browser multipartUpload + callback: several parts, the callback JSON in result.data', async () => {
    const name = uniqueName('.pdf');
    const bytes = randomBytes(300 * 1024);
    const shown = await upload('multipart', name, bytes);
    const key = `uploads/${name}`;
    expect([shown.outcome, shown.status, shown.progress]).toEqual(['success', `Stored ${key} in 3 parts. The app server answered, through OSS:`, 'Uploaded 3 of 3 parts']);
    expect(JSON.parse(shown.reply)).toMatchObject({ Status: 'OK', verified: true, flow: 'multipart', object: key, size: bytes.length });
    await expectStored(key, bytes);
    const head = await bucket.headObject(key);
    expect([head.objectType, head.etag]).toEqual(['Multipart', expect.stringMatching(/-3$/)]);
    // ali-oss guesses from the file name before InitiateMultipartUpload; OSS itself would not.
    expect(head.contentType).toBe('application/pdf');
    expect(await verifiedFor(key)).toEqual([expect.objectContaining({ flow: 'multipart', size: bytes.length, etag: head.etag })]);
  });

  test('upload with temporary credentials: STS credentials for the one key, ali-oss multipart + callback', async () => {
    const name = uniqueName('.bin');
    const bytes = randomBytes(250 * 1024);
    const shown = await upload('sts-multipart', name, bytes);
    const key = `uploads/${name}`;
    expect([shown.outcome, shown.status]).toEqual(['success', `Stored ${key} in 3 parts. The app server answered, through OSS:`]);
    expect(JSON.parse(shown.reply)).toMatchObject({ Status: 'OK', verified: true, flow: 'sts-multipart', object: key, size: bytes.length });
    await expectStored(key, bytes);
    expect(await verifiedFor(key)).toEqual([expect.objectContaining({ flow: 'sts-multipart', size: bytes.length })]);
  });

  test('upload with temporary credentials for another key: OSS answers AccessDenied, nothing stored', async () => {
    const name = uniqueName('.bin');
    const shown = await upload('sts-multipart', name, randomBytes(120 * 1024), { otherKey: true });
    expect(shown.outcome).toBe('error');
    expect(shown.status).toBe("The multipart upload failed (HTTP 403 AccessDenied): Access denied by authorizer's policy.");
    expect(shown.progress).toBe('Nothing was uploaded');
    await expectNothingStored(`uploads/${name}`);
    expect(await verifiedFor(`uploads/${name}`)).toEqual([]);
  });

  test('ali-oss multipart with a dead callback URL: ali-oss reports the 203, the page shows it, the object is stored', async () => {
    const name = uniqueName('.bin');
    const bytes = randomBytes(210 * 1024);
    const shown = await upload('multipart', name, bytes, { failCallback: true });
    const key = `uploads/${name}`;
    expect(shown.outcome).toBe('callback-failed');
    expect(shown.status).toMatch(new RegExp(`^Stored ${key}, but the callback failed \\(HTTP 203 CallbackFailed\\): .+`));
    // Every part went up and Complete stored the object: the page must not show it unfinished.
    expect(shown.progress).toBe('Uploaded 3 of 3 parts');
    expect(shown.reply).toMatch(/^RequestId: [0-9A-F]{24}$/);
    await expectStored(key, bytes);
    expect(await verifiedFor(key)).toEqual([]);
  });

  // Each way is preflighted, the PostObject form too: the page's XMLHttpRequest has an upload
  // progress listener, which makes the browser ask first, so a refused origin sends nothing.
  test.each(['post-object', 'presigned-put', 'multipart'] as const)('%s from an origin the bucket does not allow: the browser refuses, the page says so, nothing is stored', async (flow) => {
    const name = uniqueName('.bin');
    // Same app server, other origin: localhost is not 127.0.0.1 for CORS.
    const shown = await upload(flow, name, randomBytes(2_000), { origin: web.url.replace('127.0.0.1', 'localhost') });
    expect(shown.outcome).toBe('error');
    const noAnswer = 'The browser could not complete the request: a network error, or OSS did not allow this origin (CORS).';
    expect(shown.status).toBe(flow === 'multipart' ? `The multipart upload failed. ${noAnswer}` : noAnswer);
    await expectNothingStored(`uploads/${name}`);
    expect(await verifiedFor(`uploads/${name}`)).toEqual([]);
  });

  test.each<[string, { size: number; key?: string; expiredPolicy?: boolean }, string, string]>([
    // EC page 0006-00000003: a file over the range is a size error, not a policy failure.
    ['a file over content-length-range', { size: MAX_SIZE + 1 }, 'HTTP 400 EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.'],
    ['a key outside the prefix', { size: 100, key: 'elsewhere/x.bin' }, 'HTTP 403 AccessDenied', '["starts-with", "$key", "uploads/"]'],
    ['an expired policy', { size: 100, expiredPolicy: true }, 'HTTP 403 AccessDenied', 'Policy expired.'],
  ])('PostObject with %s: the OSS error is shown, nothing stored', async (_name, { size, key, expiredPolicy }, refusal, message) => {
    const name = uniqueName('.bin');
    const shown = await upload('post-object', name, randomBytes(size), { key, expiredPolicy });
    expect(shown.outcome).toBe('error');
    expect(shown.status).toContain(`OSS refused the upload (${refusal}): `);
    expect(shown.status).toContain(message);
    expect(shown.progress).toMatch(/^Sent \d+ of \d+ bytes; nothing was stored$/);
    for (const k of [`uploads/${name}`, key ?? `uploads/${name}`]) await expectNothingStored(k);
    expect(await verifiedFor(key ?? `uploads/${name}`)).toEqual([]);
  });
});
