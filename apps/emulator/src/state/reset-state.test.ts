/**
 * Reset on a real emulator: every bucket emptied and the start-up ones back, stored blobs gone from
 * disk, bucket configs dropped, works repeatedly (the admin token in front of
 * `DELETE /_ossbox/state` is tested in admin-token.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../test-support/harness.js';
import { oss, startTestEmulator } from '../test-support/harness.js';
import type { RunningEmulator } from '../server.js';
import { storedBlobs } from '../test-support/stored-blobs.js';

const B = 'examplebucket';
const CORS = '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>';


describe('emulator reset', () => {
  let t: TestEmulator;
  let emulator: RunningEmulator;

  beforeAll(async () => {
    t = await startTestEmulator({ buckets: [B, 'second-bucket'] });
    emulator = t.emulator;
  });
  afterAll(async () => {
    await t.close();
  });

  /** Objects in two start-up buckets and one created bucket, a pending multipart upload, CORS rules. */
  async function fill(): Promise<string> {
    for (const [bucket, key] of [[B, 'a.txt'], [B, 'dir/b.txt'], ['second-bucket', 'c.txt']] as const) {
      expect((await oss(emulator.url, 'PUT', { bucket, key, body: `body of ${key}` })).status).toBe(200);
    }
    expect((await oss(emulator.url, 'PUT', { bucket: 'made-later' })).status).toBe(200);
    expect((await oss(emulator.url, 'PUT', { bucket: 'made-later', key: 'd.txt', body: 'd' })).status).toBe(200);
    const init = await oss(emulator.url, 'POST', { bucket: B, key: 'big.bin', query: { uploads: '' } });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    expect((await oss(emulator.url, 'PUT', { bucket: B, key: 'big.bin', query: { partNumber: '1', uploadId }, body: 'part' })).status).toBe(200);
    const cors = await oss(emulator.url, 'PUT', { bucket: B, query: { cors: '' }, body: CORS, headers: { 'Content-Type': 'application/xml' } });
    expect(cors.status).toBe(200);
    expect(await storedBlobs(t.dir)).toHaveLength(5);
    return uploadId;
  }

  async function expectPristine(uploadId: string): Promise<void> {
    expect(await storedBlobs(t.dir)).toEqual([]);
    const buckets = await oss(emulator.url, 'GET');
    expect([...buckets.text.matchAll(/<Name>([^<]+)<\/Name>/g)].map((m) => m[1])).toEqual([B, 'second-bucket']);
    for (const bucket of [B, 'second-bucket']) {
      const list = await oss(emulator.url, 'GET', { bucket });
      expect(list.status).toBe(200);
      expect(list.text).not.toContain('<Contents>');
    }
    expect((await oss(emulator.url, 'GET', { bucket: B, key: 'a.txt' })).text).toContain('<Code>NoSuchKey</Code>');
    expect((await oss(emulator.url, 'GET', { bucket: 'made-later' })).text).toContain('<Code>NoSuchBucket</Code>');
    expect((await oss(emulator.url, 'GET', { bucket: B, key: 'big.bin', query: { uploadId } })).text).toContain('<Code>NoSuchUpload</Code>');
    expect((await oss(emulator.url, 'GET', { bucket: B, query: { cors: '' } })).text).toContain('<Code>NoSuchCORSConfiguration</Code>');
  }

  it('reset() empties every bucket, drops created ones and configs, deletes blob files and the event buffer', async () => {
    const uploadId = await fill();
    expect(emulator.events.recent().length).toBeGreaterThan(0);
    await expect(emulator.reset()).resolves.toEqual({ blobsRemoved: 5, buckets: [B, 'second-bucket'], seeded: 0 });
    expect(emulator.events.recent()).toEqual([]);
    await expectPristine(uploadId);
  });

  it('DELETE /_ossbox/state does the same, again and again, and the emulator keeps working', async () => {
    for (let round = 0; round < 2; round++) {
      const uploadId = await fill();
      const res = await fetch(`${emulator.url}/_ossbox/state`, { method: 'DELETE' });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ blobsRemoved: 5, buckets: [B, 'second-bucket'], seeded: 0 });
      await expectPristine(uploadId);
    }
    await expect(emulator.reset()).resolves.toEqual({ blobsRemoved: 0, buckets: [B, 'second-bucket'], seeded: 0 });
  });

  it('re-applies the --cors-allow-origin rule to the re-created start-up buckets', async () => {
    const dev = await startTestEmulator({ corsAllowOrigins: ['http://localhost:5173'] });
    try {
      const url = dev.emulator.url;
      const other = '<CORSConfiguration><CORSRule><AllowedOrigin>http://other</AllowedOrigin><AllowedMethod>PUT</AllowedMethod></CORSRule></CORSConfiguration>';
      expect((await oss(url, 'PUT', { bucket: B, query: { cors: '' }, body: other, headers: { 'Content-Type': 'application/xml' } })).status).toBe(200);
      await dev.emulator.reset();
      const cors = await oss(url, 'GET', { bucket: B, query: { cors: '' } });
      expect(cors.status).toBe(200);
      expect(cors.text).toContain('<AllowedOrigin>http://localhost:5173</AllowedOrigin>');
      expect(cors.text).not.toContain('http://other');
    } finally {
      await dev.close();
    }
  });
});
