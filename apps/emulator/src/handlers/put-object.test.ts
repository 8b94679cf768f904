import { request } from 'node:http';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server.js';
import type { TestEmulator } from '../test-support/harness.js';
import { signedHeaders, startTestEmulator } from '../test-support/harness.js';
import { storedBlobs } from '../test-support/stored-blobs.js';

const B = 'examplebucket';

async function blobCount(dir: string): Promise<number> {
  return (await storedBlobs(dir)).length;
}

describe('PutObject over a real socket', () => {
  let t: TestEmulator;
  let emulator: RunningEmulator;
  let dir: string;
  beforeEach(async () => {
    t = await startTestEmulator();
    ({ emulator, dir } = t);
  });
  afterEach(async () => {
    await t.close();
  });

  const put = (key: string, body: string) =>
    fetch(`${emulator.url}/${B}/${key}`, { method: 'PUT', body, headers: signedHeaders('PUT', { bucket: B, key, body }) });
  const get = async (key: string) => {
    const res = await fetch(`${emulator.url}/${B}/${key}`, { headers: signedHeaders('GET', { bucket: B, key }) });
    return { status: res.status, text: await res.text() };
  };

  it('concurrent writers to one key: one wins whole, no blob leaks', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => String(i).repeat(50_000 + i));
    const results = await Promise.all(bodies.map((b) => put('contended', b)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const { text } = await get('contended');
    expect(bodies).toContain(text);
    expect(await blobCount(dir)).toBe(1);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it('Expect: 100-continue gets an auth error without sending the body, and 100 once authorized', async () => {
    const attempt = (headers: Record<string, string>) =>
      new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
        let continued = false;
        const req = request(`${emulator.url}/${B}/expect`, {
          method: 'PUT',
          headers: { ...headers, Expect: '100-continue', 'Content-Length': '5' },
        });
        req.on('continue', () => {
          continued = true;
          req.end('hello');
        });
        req.on('response', (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, continued });
          req.destroy();
        });
        req.on('error', reject);
      });
    const signed = signedHeaders('PUT', { bucket: B, key: 'expect', body: '' });
    expect(await attempt({ ...signed, Authorization: 'OSS ossbox:AAAAAAAAAAAAAAAAAAAAAAAAAAA=' })).toEqual({
      status: 403,
      continued: false,
    });
    expect(await attempt(signed)).toEqual({ status: 200, continued: true });
    expect(await get('expect')).toEqual({ status: 200, text: 'hello' });
  });

  it('a client that disconnects mid-upload leaves no object and no temp file', async () => {
    await put('k', 'before');
    const headers = signedHeaders('PUT', { bucket: B, key: 'k', body: '' });
    await new Promise<void>((resolve) => {
      const req = request(`${emulator.url}/${B}/k`, { method: 'PUT', headers: { ...headers, 'Content-Length': '10000000' } });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(1_000_000, 'x'), () => {
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 100);
      });
    });
    // Give the server a moment to notice and clean up.
    for (let i = 0; i < 50 && (await readdir(join(dir, 'tmp'))).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    expect(await get('k')).toEqual({ status: 200, text: 'before' });
    expect(await blobCount(dir)).toBe(1);
  });
});
