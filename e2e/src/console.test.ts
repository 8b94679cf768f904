// The web console at /_ossbox/ in a real browser (Debian's Chromium), against the built emulator
// CLI: browsing a bucket seeded with --seed, an upload with a callback from the page whose delivery appears
// live in a second tab, a failed delivery with its reason, replayed after the receiver is started,
// and aborting a multipart upload. Each case checks what the page shows and what the emulator did.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { Client, NoSuchKeyError, NoSuchUploadError, type Bucket } from '@ossbox/sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  emulatorCallbackLog,
  emulatorCredentials,
  emulatorFaults,
  freePort,
  launchChromium,
  makeTempDir,
  receivedFor,
  removeDir,
  startEmulatorProcess,
  startReceiverProcess,
  type EmulatorProcess,
  type ReceiverProcess,
} from './harness/index.js';

const BUCKET = 'console-bucket';
/** Generous waits for a loaded 2-core machine; they end as soon as the condition holds. */
const WAIT = { timeout: 20_000 };

let emulator: EmulatorProcess;
let seedDir: string;
let browser: Browser;
let context: BrowserContext;
let bucket: Bucket;
const receivers: ReceiverProcess[] = [];

/** A 1×1 PNG, for the image preview. */
const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** The fixture tree the emulator imports with `--seed`: two folders, one of 55 keys (two pages). */
async function writeSeed(): Promise<string> {
  const dir = await makeTempDir('console-seed');
  await mkdir(join(dir, 'docs', 'guide'), { recursive: true });
  await mkdir(join(dir, 'many'));
  await writeFile(join(dir, 'docs', 'readme.txt'), 'hello from the console test');
  await writeFile(join(dir, 'docs', 'guide', 'intro.md'), '# intro');
  await writeFile(join(dir, 'docs', 'pixel.png'), PIXEL_PNG);
  for (let i = 0; i < 55; i++) await writeFile(join(dir, 'many', `${String(i).padStart(2, '0')}.txt`), `n${i}`);
  return dir;
}

beforeAll(async () => {
  seedDir = await writeSeed();
  emulator = await startEmulatorProcess({ buckets: [BUCKET], callbackTimeoutMs: 5000, args: ['--seed', seedDir] });
  browser = await launchChromium();
  context = await browser.newContext();
  bucket = new Client({ endpoint: emulator.url, ...emulatorCredentials }).getBucket(BUCKET);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  for (const receiver of receivers) await receiver.stop();
  await emulator?.dispose();
  if (seedDir !== undefined) await removeDir(seedDir);
});

async function startReceiver(port?: number): Promise<ReceiverProcess> {
  const receiver = await startReceiverProcess({ trustKeyUrlPrefixes: emulator.keyUrlPrefixes, ...(port === undefined ? {} : { port }) });
  receivers.push(receiver);
  return receiver;
}

/** A page of the console at `hash`, with confirm() dialogs accepted. */
async function openConsole(hash: string): Promise<Page> {
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${emulator.url}/_ossbox/#${hash}`);
  await page.locator('#connection', { hasText: 'live' }).waitFor(WAIT);
  return page;
}

/** Upload `text` as `key` from the Objects tab, optionally with a callback to `callbackUrl`. */
async function uploadFromPage(page: Page, key: string, text: string, callbackUrl?: string): Promise<string> {
  await page.setInputFiles('#upload-file', { name: key.split('/').at(-1)!, mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.fill('#upload-key', key);
  if (callbackUrl !== undefined) {
    await page.check('#upload-with-callback');
    // Ticking the box without a URL must not let the user send an upload the server refuses.
    expect(await page.isDisabled('#upload-submit')).toBe(true);
    await page.fill('#callback-url', callbackUrl);
  }
  await page.click('#upload-submit');
  const result = page.locator('#upload-result');
  await result.waitFor(WAIT);
  return (await result.getAttribute('data-outcome')) ?? '';
}

describe('web console', () => {
  test('browses a seeded bucket: folders, paging, metadata, headers, previews, download and delete', async () => {
    const page = await openConsole(`objects:${BUCKET}`);
    try {
      await page.locator('#objects tr[data-prefix="docs/"]').waitFor(WAIT);
      expect(await page.locator('#objects tr.folder').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-prefix')))).toEqual(['docs/', 'many/']);

      await page.click('#objects tr[data-prefix="many/"] button');
      await page.locator('#objects tr[data-key="many/00.txt"]').waitFor(WAIT);
      expect(await page.locator('#objects tr[data-key]').count()).toBe(50);
      await page.click('[data-testid="next-page"]');
      await page.locator('#objects tr[data-key="many/54.txt"]').waitFor(WAIT);
      expect(await page.locator('#objects tr[data-key]').count()).toBe(5);

      await page.click('.crumbs button >> nth=0');
      await page.click('#objects tr[data-prefix="docs/"] button');
      await page.click('#objects tr[data-key="docs/readme.txt"] button');
      expect(await page.locator('#objects tr.folder').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-prefix')))).toEqual(['docs/guide/']);
      const detail = page.locator('#object-detail');
      await detail.locator('[data-testid="text-preview"]', { hasText: 'hello from the console test' }).waitFor(WAIT);
      await expect(detail.locator('table[aria-label="metadata"]').innerText()).resolves.toContain('Content-Type\ttext/plain');
      // The real HeadObject answer, every header.
      await detail.locator('table[aria-label="response headers"]').waitFor(WAIT);
      const headers = await detail.locator('table[aria-label="response headers"]').innerText();
      expect(headers).toContain('x-oss-hash-crc64ecma');
      expect(headers).toContain('x-oss-request-id');

      const [download] = await Promise.all([page.waitForEvent('download'), detail.locator('button', { hasText: 'Download' }).click()]);
      expect(download.suggestedFilename()).toBe('readme.txt');
      expect(await readFile(await download.path())).toEqual(Buffer.from('hello from the console test'));

      await page.click('#objects tr[data-key="docs/pixel.png"] button');
      const image = page.locator('#object-detail img.preview');
      await image.waitFor(WAIT);
      await page.waitForFunction(() => (document.querySelector('#object-detail img.preview') as HTMLImageElement | null)?.naturalWidth === 1, undefined, WAIT);

      await page.locator('#object-detail [data-testid="delete-object"]').click();
      await page.locator('#objects tr[data-key="docs/pixel.png"]').waitFor({ state: 'detached', ...WAIT });
      await expect(bucket.headObject('docs/pixel.png')).rejects.toBeInstanceOf(NoSuchKeyError);
    } finally {
      await page.close();
    }
  });

  test('an upload with a callback from the page: the delivery appears live in the Callbacks tab', async () => {
    const receiver = await startReceiver();
    const deliveries = await openConsole('callbacks');
    const objects = await openConsole(`objects:${BUCKET}`);
    try {
      // Loaded before the upload: a row for it can then only come from a live event.
      await deliveries.locator('#deliveries[data-loaded="true"]').waitFor(WAIT);
      expect(await uploadFromPage(objects, 'uploads/from-page.txt', 'uploaded by chromium', `${receiver.url}/callback`)).toBe('stored');
      // The receiver's verified JSON came back through the emulator to the page.
      await expect(objects.locator('[data-testid="callback-reply"]').innerText()).resolves.toContain('from-page.txt');

      // The other tab was never reloaded: the row arrived over /_ossbox/events.
      const row = deliveries.locator('#deliveries tr[data-key="uploads/from-page.txt"]');
      await row.waitFor(WAIT);
      expect(await row.getAttribute('data-outcome')).toBe('success');
      await row.click();
      const detail = deliveries.locator('#delivery-detail');
      await expect(detail.locator('[data-testid="request-line"]').innerText()).resolves.toBe('POST /callback HTTP/1.1');
      await expect(detail.locator('[data-testid="string-to-sign"]').innerText()).resolves.toMatch(/^\/callback\nbucket=console-bucket&object=uploads%2Ffrom-page\.txt&/);
      await expect(detail.locator('[data-testid="reply-status"]').innerText()).resolves.toBe('200');

      const received = await receivedFor(receiver.url, 'uploads/from-page.txt');
      expect(received).toHaveLength(1);
      expect(received[0]!.verified).toBe(true);
      await expect(bucket.getObject('uploads/from-page.txt').then((r) => text(r.body!))).resolves.toBe('uploaded by chromium');
    } finally {
      await deliveries.close();
      await objects.close();
    }
  });

  test('an injected fault shows on the row of the request it hit in the live Requests tab', async () => {
    const faults = emulatorFaults(emulator.url);
    const rule = await faults.add({ operation: 'PutObject', keyPrefix: 'faulted/', first: 1, effect: { type: 'error', code: 'InternalError', status: 500 } });
    const requests = await openConsole('requests');
    const objects = await openConsole(`objects:${BUCKET}`);
    try {
      expect(await uploadFromPage(objects, 'faulted/a.txt', 'refused once')).not.toBe('stored');
      const row = requests.locator('#requests tr.faulted[data-operation="PutObject"]');
      await row.waitFor(WAIT);
      expect(await row.getAttribute('data-status')).toBe('500');
      await expect(row.locator('.chip-fault').innerText()).resolves.toContain(rule.id);
      // Only the first PutObject under the prefix was hit: the object was not stored.
      await expect(bucket.getObject('faulted/a.txt')).rejects.toBeInstanceOf(NoSuchKeyError);
    } finally {
      await faults.clear();
      await requests.close();
      await objects.close();
    }
  });

  test('a failed delivery shows the reason; Replay after starting the receiver delivers it', async () => {
    const port = await freePort();
    const callbackUrl = `http://127.0.0.1:${port}/callback`;
    const objects = await openConsole(`objects:${BUCKET}`);
    try {
      expect(await uploadFromPage(objects, 'uploads/late-receiver.txt', 'nobody listens yet', callbackUrl)).toBe('callback-failed');
      await expect(objects.locator('[data-testid="callback-message"]').innerText()).resolves.toContain('OSS can not connect to your callbackUrl');
    } finally {
      await objects.close();
    }

    const page = await openConsole('callbacks');
    try {
      await page.selectOption('select[aria-label="outcome filter"]', 'failed');
      const failedRow = page.locator('#deliveries tr[data-key="uploads/late-receiver.txt"]');
      await failedRow.click(WAIT);
      const detail = page.locator('#delivery-detail');
      await expect(detail.locator('[data-testid="failure-message"]').innerText()).resolves.toBe(
        'Error status : -1.OSS can not connect to your callbackUrl, please check it',
      );
      await expect(detail.locator('[data-testid="failure-cause"]').innerText()).resolves.toContain('ECONNREFUSED');
      const failedId = await detail.getAttribute('data-attempt-id');

      const receiver = await startReceiver(port);
      await page.selectOption('select[aria-label="outcome filter"]', '');
      await page.click('[data-testid="replay"]');
      // The detail switches to the new attempt, a success that points at the failed one.
      await page.locator('#delivery-detail[data-outcome="success"]').waitFor(WAIT);
      await expect(page.locator('#delivery-detail').innerText()).resolves.toContain(`replay of ${failedId}`);
      await page.locator('#deliveries tr[data-key="uploads/late-receiver.txt"][data-outcome="success"]').waitFor(WAIT);

      const received = await receivedFor(receiver.url, 'uploads/late-receiver.txt');
      expect(received.map((r) => r.verified)).toEqual([true]);
      const attempts = await emulatorCallbackLog(emulator.url, { key: 'uploads/late-receiver.txt' });
      expect(attempts.map((a) => [a.outcome, a.replayOf])).toEqual([
        ['success', failedId],
        ['connect', undefined],
      ]);
    } finally {
      await page.close();
    }
  });

  test('aborts a multipart upload in progress, showing its parts first', async () => {
    const { uploadId } = await bucket.initiateMultipartUpload('big/video.bin');
    await bucket.uploadPart('big/video.bin', uploadId, 1, { body: Buffer.alloc(100 * 1024, 1) });
    await bucket.uploadPart('big/video.bin', uploadId, 2, { body: Buffer.alloc(1000, 2) });
    const page = await openConsole(`uploads:${BUCKET}`);
    try {
      const row = page.locator(`#uploads tr[data-upload-id="${uploadId}"]`);
      await row.waitFor(WAIT);
      await expect(row.innerText()).resolves.toContain('2 parts');
      await row.locator('button', { hasText: '2 parts' }).click();
      await expect(page.locator('#uploads table.parts').innerText()).resolves.toMatch(/1\t100 KiB[\s\S]*2\t1000 B/);
      await row.locator('[data-testid="abort-upload"]').click();
      await row.waitFor({ state: 'detached', ...WAIT });
      await expect(bucket.listParts('big/video.bin', uploadId)).rejects.toBeInstanceOf(NoSuchUploadError);
    } finally {
      await page.close();
    }
  });
});

describe('web console behind an admin token', () => {
  const TOKEN = 'console-e2e-token';
  let guarded: EmulatorProcess;
  beforeAll(async () => {
    guarded = await startEmulatorProcess({ buckets: [BUCKET], args: ['--admin-token', TOKEN] });
  }, 60_000);
  afterAll(async () => {
    await guarded?.dispose();
  });

  test('opened once with ?token=, the page reads, goes live and uploads through the cookie', async () => {
    expect((await fetch(`${guarded.url}/_ossbox/api/buckets`)).status).toBe(401);
    const page = await context.newPage();
    try {
      await page.goto(`${guarded.url}/_ossbox/?token=${TOKEN}#objects:${BUCKET}`);
      // The emulator drops the token from the address bar (303); the cookie carries it from then on.
      expect(page.url()).toBe(`${guarded.url}/_ossbox/#objects:${BUCKET}`);
      await page.locator('#connection', { hasText: 'live' }).waitFor(WAIT);
      expect(await uploadFromPage(page, 'guarded/a.txt', 'behind the token')).toBe('stored');
      await page.locator('#objects tr[data-prefix="guarded/"]').waitFor(WAIT);
    } finally {
      await page.close();
    }
  });
});
