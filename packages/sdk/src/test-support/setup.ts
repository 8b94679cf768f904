/** Shared test helpers: a client wired to a fake OSS, temp files. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from '../client.js';
import type { ClientOptions } from '../client-options.js';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET } from './fake-oss.js';
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

/** A temp directory, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
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
