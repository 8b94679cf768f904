/**
 * An install without sharp's native part (`npm install --omit=optional`, a lockfile written on
 * another platform): sharp's own import throws. The emulator still loads and serves everything
 * but image processing, which answers 501 saying what to install; callbacks go out with an empty
 * imageInfo, as for a non-image.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeCallback, parseErrorXml } from '@ossbox/protocol';
import type { RunningEmulator } from '../server.js';
import { startReceiver, replyJson } from '../test-support/callback-receiver.js';
import type { CallbackReceiver } from '../test-support/callback-receiver.js';
import { oss } from '../test-support/harness.js';

const B = 'examplebucket';
const PNG_HEADER = Buffer.from('89504e470d0a1a0a0000000d49484452000000100000000808020000004a8c6f31', 'hex');

describe('without sharp', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ossbox-no-sharp-'));
  const t = {} as { emulator: RunningEmulator };
  let receiver: CallbackReceiver;
  beforeAll(async () => {
    // What sharp does when its platform package is missing: its import throws. The test files of a
    // worker share modules (isolate: false), so the mock is scoped: fresh modules here, and again
    // for the files after this one.
    vi.resetModules();
    vi.doMock('sharp', () => {
      throw new Error('Could not load the "sharp" module using the linux-x64 runtime\nPossible solutions: …');
    });
    // The package entry point, which the command imports for --version too.
    const { startEmulator } = await import('../index.js');
    t.emulator = await startEmulator({ port: 0, location: dir, buckets: [B], logLevel: 'silent' });
    receiver = await startReceiver(replyJson('{"ok":true}'));
  });
  afterAll(async () => {
    await receiver?.close();
    await t.emulator?.close();
    rmSync(dir, { recursive: true, force: true });
    vi.doUnmock('sharp');
    vi.resetModules();
  });

  it('stores and serves objects; image processing answers 501 NotImplemented naming sharp', async () => {
    await oss(t.emulator.url, 'PUT', { bucket: B, key: 'a.png', body: PNG_HEADER }).expect(200);
    await oss(t.emulator.url, 'GET', { bucket: B, key: 'a.png' }).expect(200);
    const res = await oss(t.emulator.url, 'GET', { bucket: B, key: 'a.png', query: { 'x-oss-process': 'image/info' } });
    expect(res.status).toBe(501);
    const error = parseErrorXml(res.text);
    expect(error?.code).toBe('NotImplemented');
    // (vitest wraps the mock's error in its own first line)
    expect(error?.message).toMatch(
      /^Image processing needs sharp, which could not be loaded \([^\n]+\): reinstall with optional dependencies \(npm install --include=optional sharp\)\.$/,
    );
    // Errors that come first stay as they were.
    await oss(t.emulator.url, 'GET', { bucket: B, key: 'missing.png', query: { 'x-oss-process': 'image/info' } }).expect(404);
  });

  it('delivers an upload callback with imageInfo empty', async () => {
    const callback = encodeCallback({ urls: [receiver.url], body: 'w=${imageInfo.width}&f=${imageInfo.format}&o=${object}', bodyType: 'application/x-www-form-urlencoded' });
    const res = await oss(t.emulator.url, 'PUT', { bucket: B, key: 'b.png', body: PNG_HEADER, headers: { 'x-oss-callback': callback } });
    expect(res.status).toBe(200);
    expect(receiver.received.at(-1)!.body.toString()).toBe('w=&f=&o=b.png');
  });
});
