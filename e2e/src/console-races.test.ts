// The web console when answers and live reloads do not come in the order the user acted: a view must
// always show what the user last asked for. Both cases are driven step by step in Chromium (a held
// response, a paused page clock), so they do not depend on the machine's speed.
import type { Browser, Page, Route } from 'playwright-core';
import { Client, type Bucket } from '@ossbox/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { emulatorCredentials, launchChromium, startEmulatorProcess, type EmulatorProcess } from './harness/index.js';

const BUCKET = 'console-races';
const WAIT = { timeout: 20_000 };

let emulator: EmulatorProcess;
let browser: Browser;
let bucket: Bucket;

beforeAll(async () => {
  emulator = await startEmulatorProcess({ buckets: [BUCKET] });
  bucket = new Client({ endpoint: emulator.url, ...emulatorCredentials }).getBucket(BUCKET);
  for (const key of ['docs/a.txt', 'many/0.txt', 'many/1.txt']) await bucket.putObject(key, { body: key });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await emulator?.dispose();
});

/** The keys of the object rows and the prefixes of the folder rows the Objects table shows. */
async function tableRows(page: Page): Promise<{ keys: (string | null)[]; folders: (string | null)[] }> {
  return {
    keys: await page.locator('#objects tr[data-key]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key'))),
    folders: await page.locator('#objects tr.folder').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-prefix'))),
  };
}

const isListing = (prefix: string) => (url: string) => url.includes('/objects?') && new URL(url).searchParams.get('prefix') === prefix;

describe('web console, answers out of order', () => {
  test('a slow listing of a folder the user already left does not replace the newer listing', async () => {
    const page = await browser.newPage();
    try {
      let held: Route | undefined;
      const arrived = new Promise<void>((resolve) => {
        void page.route(
          (url) => isListing('many/')(url.href),
          (route) => {
            held = route;
            resolve();
          },
        );
      });
      await page.goto(`${emulator.url}/_ossbox/#objects:${BUCKET}`);
      await page.locator('#objects tr[data-prefix="many/"]').waitFor(WAIT);

      // Open many/ (its listing is held), then go back to the bucket's root, which is answered.
      await page.click('#objects tr[data-prefix="many/"] button');
      await arrived;
      const rootListed = page.waitForResponse((res) => isListing('')(res.url()));
      await page.click('.crumbs button >> nth=0');
      await rootListed;
      // Now the old answer for many/ arrives.
      const lateAnswer = page.waitForResponse((res) => isListing('many/')(res.url()));
      await held!.continue();
      await lateAnswer;
      // Give the page time to apply it, were it to.
      await page.waitForTimeout(500);
      expect(await tableRows(page)).toEqual({ keys: [], folders: ['docs/', 'many/'] });
    } finally {
      await page.close();
    }
  });

  test('a live reload due while the user opened a folder reloads that folder, not the one before', async () => {
    const page = await browser.newPage();
    try {
      await page.clock.install();
      await page.goto(`${emulator.url}/_ossbox/#objects:${BUCKET}`);
      await page.locator('#connection', { hasText: 'live' }).waitFor(WAIT);
      await page.locator('#objects tr[data-prefix="many/"]').waitFor(WAIT);
      // From here the page's timers (the console's reload debounce, Preact's effects) run only when
      // the test advances the clock.
      await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));

      // An object created at the root: the page hears of it and schedules a reload of the root.
      const heard = page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            const events = new EventSource('/_ossbox/events');
            events.addEventListener('object-created', (message) => {
              if (JSON.parse((message as MessageEvent<string>).data).key === 'root.txt') {
                events.close();
                resolve();
              }
            });
          }),
      );
      await page.waitForTimeout(200);
      await bucket.putObject('root.txt', { body: 'created while the page is open' });
      await heard;
      // The page's own event stream delivered it too (same process, same moment); a margin for it.
      await page.waitForTimeout(300);

      // Before the reload is due, the user opens many/: the listing loads once Preact's effects run.
      await page.click('#objects tr[data-prefix="many/"] button');
      const folderListed = page.waitForResponse((res) => isListing('many/')(res.url()));
      await page.clock.runFor(50);
      await folderListed;
      await page.locator('#objects tr[data-key="many/0.txt"]').waitFor(WAIT);

      // The reload comes due now, and must list many/ again.
      const reloaded = page.waitForResponse((res) => res.url().includes('/objects?'));
      await page.clock.runFor(500);
      const reload = await reloaded;
      expect(new URL(reload.url()).searchParams.get('prefix')).toBe('many/');
      await page.waitForTimeout(500);
      await page.clock.runFor(100);
      expect(await tableRows(page)).toEqual({ keys: ['many/0.txt', 'many/1.txt'], folders: [] });
    } finally {
      await page.close();
    }
  });
});
