import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { CallbackAttempt } from './callbacks/index.js';
import { ConfigError } from './config.js';
import type { StartEmulatorOptions } from './server.js';
import { startEmulator } from './server.js';
import { signedHeaders, tempDir } from './test-support/harness.js';

const B = 'examplebucket';

describe('startEmulator', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('listens on a free port, serves health, and keeps data across restarts', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const first = await startEmulator({ port: 0, location: dir, buckets: [B], logLevel: 'silent' });
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${first.url}/_ossbox/health`)).json()).toEqual({ status: 'ok' });
    const put = await fetch(`${first.url}/${B}/persist.txt`, {
      method: 'PUT',
      body: 'still here',
      headers: signedHeaders('PUT', { bucket: B, key: 'persist.txt', body: 'still here' }),
    });
    expect(put.status).toBe(200);
    const attempt: CallbackAttempt = {
      id: 'before-restart',
      time: new Date().toISOString(),
      bucket: B,
      key: 'persist.txt',
      requestId: 'r1',
      url: 'http://127.0.0.1:1/cb',
      requestLine: '',
      requestHeaders: {},
      requestBody: '',
      requestBodyTruncated: false,
      durationMs: 1,
      outcome: 'connect',
    };
    first.callbackLog.record(attempt);
    await first.close();

    const second = await startEmulator({ port: 0, location: dir, logLevel: 'silent' });
    cleanups.push(() => second.close());
    const get = await fetch(`${second.url}/${B}/persist.txt`, { headers: signedHeaders('GET', { bucket: B, key: 'persist.txt' }) });
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('still here');
    // The callback attempt log is in the data directory too.
    const log = (await (await fetch(`${second.url}/_ossbox/callbacks`)).json()) as { attempts: CallbackAttempt[] };
    expect(log.attempts).toEqual([attempt]);
  });

  it('rejects invalid options with a ConfigError', async () => {
    await expect(startEmulator({ port: 70000 })).rejects.toThrow(/invalid port/);
    await expect(startEmulator({ buckets: ['Bad_Name'] })).rejects.toThrow(/invalid bucket name/);
  });

  it('rejects option names it does not know, saying what to write (JavaScript callers, spread objects)', async () => {
    // Were a name let through, the emulator would start: on a free port in a temp dir, then.
    const { dir, remove } = await tempDir();
    const started: Array<{ close(): Promise<void> }> = [];
    const start = async (options: object) => {
      started.push(await startEmulator({ port: 0, location: dir, logLevel: 'silent', ...options } as StartEmulatorOptions));
    };
    onTestFinished(async () => {
      for (const emulator of started) await emulator.close();
      await remove();
    });
    // Spellings of the CLI (--silent, --bucket, --callback-timeout) and of startReceiver ({ silent }).
    await expect(start({ silent: true })).rejects.toThrow(new ConfigError("unknown option: silent (did you mean logLevel: 'silent'?)"));
    await expect(start({ bucket: 'b' })).rejects.toThrow(new ConfigError('unknown option: bucket (did you mean buckets?)'));
    await expect(start({ callbackTimeout: 100 })).rejects.toThrow('unknown option: callbackTimeout (did you mean callbackTimeoutMs?)');
    await expect(start({ accessKeyId: 'a' })).rejects.toThrow('(did you mean accessKeys: [{ accessKeyId, accessKeySecret }]?)');
    await expect(start({ prot: 1 })).rejects.toThrow(/^unknown option: prot$/);
  });
});
