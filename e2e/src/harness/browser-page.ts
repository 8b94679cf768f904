import { createServer, type RequestListener } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';

/** A page server on 127.0.0.1 and Chromium with one page open on it (see {@link openBrowserPage}). */
export interface BrowserPage {
  /** `http://127.0.0.1:<port>`: the page's origin, the one a CORS rule must allow. */
  readonly url: string;
  readonly browser: Browser;
  /** One page for the whole file, already on `url` (pages share nothing the tests depend on). */
  readonly page: Page;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

/**
 * Serves `handler` on `port` (pick it first when the emulator's CORS rule must name the origin),
 * launches Chromium and opens one page on the server's root: the setup of a browser test file.
 */
export async function openBrowserPage(port: number, handler: RequestListener): Promise<BrowserPage> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${port}`;
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(url);
    const opened = browser;
    return {
      url,
      browser: opened,
      page,
      async close() {
        await opened.close();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  } catch (error) {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
    throw error;
  }
}
