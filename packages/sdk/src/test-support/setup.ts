/** Shared test helpers: a client wired to a fake OSS, temp files, the per-file fake OSS hooks. */
import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { Client } from '../client.js';
import type { ClientOptions } from '../client-options.js';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, createFakeOss } from './fake-oss.js';
import type { FakeOss } from './fake-oss.js';

/** A client for the fake, with fast retries. */
export function clientFor(fake: FakeOss, options: Partial<ClientOptions> = {}): Client {
  return new Client({
    endpoint: fake.url,
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: ACCESS_KEY_SECRET,
    retryDelayMs: 1,
    ...options,
  });
}

/** A temp directory and how to remove it. */
export interface TempDir {
  dir: string;
  cleanup: () => Promise<void>;
}

/** A temp directory, removed by the returned cleanup. */
export async function tempDir(): Promise<TempDir> {
  const dir = await mkdtemp(join(tmpdir(), 'ossbox-sdk-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Write `size` random bytes to `dir/name`; returns the path and the bytes. */
export async function randomFile(dir: string, name: string, size: number): Promise<{ path: string; data: Buffer }> {
  const data = randomBytes(size);
  const path = join(dir, name);
  await writeFile(path, data);
  return { path, data };
}

/**
 * One fake OSS and one temp directory for the calling test file (or `describe`): registers the
 * vitest hooks that start and close them, and resets the fake's knobs before each test. The fake
 * listens only once `beforeAll` has run, so read `fake.url` inside tests, not at module level.
 */
export function useFakeOss(): { fake: FakeOss; tmp: TempDir } {
  const fake = createFakeOss();
  const dir = mkdtempSync(join(tmpdir(), 'ossbox-sdk-'));
  const tmp: TempDir = { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
  beforeAll(() => fake.listen());
  afterAll(async () => {
    await fake.close();
    await tmp.cleanup();
  });
  beforeEach(() => fake.reset());
  return { fake, tmp };
}
