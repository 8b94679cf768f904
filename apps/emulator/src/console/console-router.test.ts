/**
 * The console's page and scripts wherever the package is installed: pnpm puts it under
 * `node_modules/.pnpm/<name>@<version>/node_modules/`, a path with a dot directory in it.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.js';
import type { Storage } from '../store/storage.js';
import { createConsoleRouter } from './console-router.js';

const CONSOLE_DIR = fileURLToPath(new URL('../../console/', import.meta.url));

describe('console page and scripts', () => {
  const temp = mkdtempSync(join(tmpdir(), 'ossbox-console-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('are served from a package under a dot directory (pnpm: node_modules/.pnpm/…)', async () => {
    const assets = join(temp, 'node_modules', '.pnpm', '@ossbox+emulator@0.1.0', 'node_modules', '@ossbox', 'emulator', 'console');
    cpSync(CONSOLE_DIR, assets, { recursive: true });
    // The page and its scripts never touch the store.
    const router = createConsoleRouter({ config: resolveConfig({}), storage: {} as Storage }, assets);
    const app = express().use('/_ossbox', router);
    const page = await supertest(app).get('/_ossbox/').expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('/_ossbox/console/app.js');
    await supertest(app).get('/_ossbox/console/app.js').expect(200);
    await supertest(app).get('/_ossbox/console/vendor/preact.mjs').expect(200);
  });
});
