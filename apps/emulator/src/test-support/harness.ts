/**
 * Test support: an app over a fresh temp data directory, and a tiny request builder that signs
 * with @ossbox/protocol's V1 signer (so tests exercise the same verification path SDKs hit).
 */
import { generateKeyPair } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import supertest from 'supertest';
import { afterEach, beforeEach } from 'vitest';
import type { Express } from 'express';
import { authorizationV1 } from '@ossbox/protocol';
import type { Credentials } from '@ossbox/protocol';
import { createApp } from '../app.js';
import { CALLBACK_KEY_FILE } from '../callbacks/callback-key.js';
import type { EmulatorOptions } from '../config.js';
import { DEFAULT_ACCESS_KEY, resolveConfig } from '../config.js';
import type { EmulatorConfig } from '../config.js';
import { openStorage } from '../store/storage.js';
import type { Storage } from '../store/storage.js';
import type { RunningEmulator, StartEmulatorOptions } from '../server.js';
import { startEmulator } from '../server.js';

/** The default credentials as protocol Credentials. */
export const CREDENTIALS: Credentials = { ...DEFAULT_ACCESS_KEY };

/** A test app and its storage. */
export interface TestApp {
  app: Express;
  dir: string;
  config: EmulatorConfig;
  storage: Storage;
  close(): Promise<void>;
}

/** Create a temp dir for a test and return it with a cleanup function. */
export async function tempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ossbox-emulator-test-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes in progress under a data directory (the blob store's `tmp/`, file-blob-store.ts). */
export async function tempFiles(dir: string): Promise<string[]> {
  return readdir(join(dir, 'tmp'));
}

let callbackKeyPem: Promise<string> | undefined;

/**
 * Put this test worker's one callback key into data directory `dir`, unless it holds one already.
 * A start over an empty directory generates an RSA-2048 key (0.3–2 s of CPU on a busy 2-core
 * machine); tests that are not about the key reuse one instead. callbacks/callback-key.test.ts
 * covers the generation itself.
 */
export async function provisionCallbackKey(dir: string): Promise<void> {
  callbackKeyPem ??= promisify(generateKeyPair)('rsa', { modulusLength: 2048 }).then(({ privateKey }) =>
    privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  const pem = await callbackKeyPem;
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(join(dir, CALLBACK_KEY_FILE), pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** A running emulator over its own temp dir. */
export interface TestEmulator {
  emulator: RunningEmulator;
  dir: string;
  /** Close the emulator and remove its directory. */
  close(): Promise<void>;
}

/**
 * Start a silent emulator on port 0 over a fresh temp dir with bucket `examplebucket` (unless
 * `options` say otherwise).
 */
export async function startTestEmulator(options: StartEmulatorOptions = {}): Promise<TestEmulator> {
  const { dir, remove } = await tempDir();
  let emulator: RunningEmulator;
  try {
    await provisionCallbackKey(options.location ?? dir);
    emulator = await startEmulator({ port: 0, location: dir, buckets: ['examplebucket'], logLevel: 'silent', ...options });
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    emulator,
    dir,
    async close() {
      await emulator.close();
      await remove();
    },
  };
}

/** An app over a temp dir with bucket `examplebucket` (unless `buckets` says otherwise). */
export async function createTestApp(options: EmulatorOptions = {}): Promise<TestApp> {
  const { dir, remove } = await tempDir();
  const config = resolveConfig({ location: dir, buckets: ['examplebucket'], logLevel: 'silent', ...options });
  const storage = await openStorage(config.location);
  for (const name of config.buckets) {
    storage.meta.createBucket({ name, acl: 'private', storageClass: 'Standard', createdAt: new Date() });
  }
  const app = createApp({ config, storage });
  return {
    app,
    dir,
    config,
    storage,
    async close() {
      storage.close();
      await remove();
    },
  };
}

/** Percent-encode a key for a path, keeping `/` (as SDKs do). */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** A request to sign and send. */
export interface OssRequest {
  bucket?: string;
  key?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send unsigned. */
  anonymous?: boolean;
  credentials?: Credentials;
  /** Use virtual-hosted style with this Host (e.g. `examplebucket.localhost`). */
  host?: string;
}

/** Build the raw request target for `request`. */
export function targetOf(request: OssRequest): string {
  let path = '/';
  if (request.host === undefined && request.bucket !== undefined) path += `${request.bucket}/`;
  if (request.key !== undefined) path += encodeKey(request.key);
  const query = Object.entries(request.query ?? {})
    .map(([k, v]) => (v === '' ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`))
    .join('&');
  return query ? `${path}?${query}` : path;
}

/** Headers for `request` including a V1 `Authorization` (unless anonymous). */
export function signedHeaders(method: string, request: OssRequest): Record<string, string> {
  const headers: Record<string, string> = { 'x-oss-date': new Date().toUTCString(), ...request.headers };
  if (typeof request.body === 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/octet-stream';
  }
  if (request.anonymous) return headers;
  const signable: Parameters<typeof authorizationV1>[0] = { method, headers, query: request.query ?? {} };
  if (request.bucket !== undefined) signable.bucket = request.bucket;
  if (request.key !== undefined) signable.key = request.key;
  headers.Authorization = authorizationV1(signable, request.credentials ?? CREDENTIALS);
  return headers;
}

/** Send a signed request through supertest, to an app or to a running emulator's URL. */
export function oss(app: Express | string, method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE', request: OssRequest = {}): supertest.Test {
  const agent = supertest(app);
  const target = targetOf(request);
  const test =
    method === 'GET'
      ? agent.get(target)
      : method === 'HEAD'
        ? agent.head(target)
        : method === 'PUT'
          ? agent.put(target)
          : method === 'POST'
            ? agent.post(target)
            : agent.delete(target);
  test.set(signedHeaders(method, request));
  // Always buffer: `body` is the raw bytes and `text` their UTF-8 reading, whatever the type.
  test.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('error', done);
    res.on('end', () => {
      const body = Buffer.concat(chunks);
      (res as unknown as { text: string }).text = body.toString('utf8');
      done(null, body);
    });
  });
  if (request.host !== undefined) test.set('Host', request.host);
  if (request.body !== undefined) test.send(request.body);
  return test;
}

/**
 * A fresh {@link createTestApp} for every test of the calling `describe`, closed after each one.
 * The returned object reads through to the current test's app, so tests use `t.app` as before.
 */
export function useTestApp(options: EmulatorOptions = {}): TestApp {
  let current: TestApp | undefined;
  beforeEach(async () => {
    current = await createTestApp(options);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const now = (): TestApp => {
    if (current === undefined) throw new Error('useTestApp: read outside a test');
    return current;
  };
  return {
    get app() {
      return now().app;
    },
    get dir() {
      return now().dir;
    },
    get config() {
      return now().config;
    },
    get storage() {
      return now().storage;
    },
    close: () => now().close(),
  };
}
