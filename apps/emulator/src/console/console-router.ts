/**
 * The web console at `/_ossbox/`: one HTML page, its scripts and styles (the package's `console/`
 * directory, served as they are: no build step), Preact and htm served from the installed
 * packages (so it works offline, no CDN), and the JSON API (console-api.ts). The page also uses
 * `/_ossbox/callbacks` (deliveries and replay) and `/_ossbox/events` (live updates).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Router } from 'express';
import type { ConsoleApiOptions } from './console-api.js';
import { createConsoleApi } from './console-api.js';

/** Where the console page is, relative to `/_ossbox`. */
export const CONSOLE_PATH = '/';

/** The package's `console/` directory (from `src/console` or `dist/console` alike). */
const ASSETS_DIR = fileURLToPath(new URL('../../console/', import.meta.url));

const require = createRequire(import.meta.url);
/** The ES module builds the page imports, by the name its import map gives them. */
const VENDOR_FILES: Record<string, string> = {
  'preact.mjs': require.resolve('preact'),
  'hooks.mjs': require.resolve('preact/hooks'),
  'htm.mjs': join(dirname(require.resolve('htm')), 'htm.mjs'),
};

/** The console URL for an emulator reachable at `baseUrl`, e.g. `http://127.0.0.1:9000/_ossbox/`. */
export function consoleUrlFor(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/_ossbox/`;
}

/**
 * The router serving the console, to be mounted under `/_ossbox` (the app's internal routers).
 * `assetsDir` is where the page and its scripts are: the package's `console/` directory, or a
 * copy in tests.
 *
 * @example
 * startEmulator({ ..., internalRouters: [createConsoleRouter({ config, storage })] });
 */
export function createConsoleRouter(options: ConsoleApiOptions, assetsDir: string = ASSETS_DIR): Router {
  const router = express.Router();
  router.get(CONSOLE_PATH, (req, res) => {
    // `/_ossbox` and `/_ossbox/` both land here; the page's URLs are absolute, so either works.
    // Relative to `root`: send() refuses a path with a dot directory in it, and pnpm installs
    // the package under `node_modules/.pnpm/` (a 500 for the page, as an absolute path).
    res.set('Cache-Control', 'no-cache').sendFile('index.html', { root: assetsDir });
  });
  router.use('/console', express.static(assetsDir, { index: false, maxAge: 0 }));
  router.get('/console/vendor/:file', (req, res, next) => {
    const file = VENDOR_FILES[req.params.file];
    if (file === undefined) return next();
    // The pnpm store lives under `node_modules/.pnpm`: a dot directory that send() would refuse.
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').sendFile(file, { dotfiles: 'allow' });
  });
  router.use(createConsoleApi(options));
  return router;
}
