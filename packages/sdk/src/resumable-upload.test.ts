import { existsSync, renameSync, truncateSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { crc64 } from '@ossbox/protocol';
import { Callback } from './callback.js';
import { AbortError, CallbackError, CheckpointError, InvalidArgumentError, OssError } from './errors.js';
import type { Progress } from './object-headers.js';
import { PartReader } from './part-source.js';
import { errorXmlReply } from './test-support/fake-oss.js';
import { Transport } from './transport.js';
import type { OssRequest } from './transport.js';
import type { RecordedRequest } from './test-support/fake-oss.js';
import { clientFor, randomFile, useFakeOss } from './test-support/setup.js';

const { fake, tmp } = useFakeOss();

// Tiny parts: the client's minPartSize is injectable so multipart runs in milliseconds.
const bucketFor = () => clientFor(fake, { minPartSize: 1 }).getBucket('test-bucket');
const partRequests = (requests: RecordedRequest[]) =>
  requests.filter((r) => r.method === 'PUT' && r.query['partNumber'] !== undefined).map((r) => Number(r.query['partNumber']));
const stored = (key: string) => fake.buckets.get('test-bucket')?.get(key)?.data;

function expectMonotonic(events: Progress[], total: number): void {
  for (const count of ['loaded', 'sent'] as const) {
    const values = events.map((e) => e[count]);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values.at(-1)).toBe(total);
  }
  expect(events.every((e) => e.total === total && e.loaded <= e.sent)).toBe(true);
}

/** `loaded` at each part event is the size of the parts acknowledged so far, that one included. */
function expectAcknowledgedParts(events: Progress[], alreadyStored = 0): void {
  let acknowledged = alreadyStored;
  for (const event of events.filter((e) => e.part)) {
    acknowledged += event.part!.size;
    expect(event.loaded).toBe(acknowledged);
  }
}

describe('resumableUpload', () => {
  it("guesses the object's Content-Type from the file's extension, then the key's, multipart or single PUT (ali-oss multipartUpload)", async () => {
    const typeOf = (key: string) => fake.buckets.get('test-bucket')?.get(key)?.contentType;
    const { path: pdf } = await randomFile(tmp.dir, 'report.pdf', 3000);
    const { path: untyped } = await randomFile(tmp.dir, 'report-no-extension', 3000);
    await bucketFor().resumableUpload('docs/report.bin', pdf, { partSize: 1000 });
    await bucketFor().resumableUpload('docs/report.txt', untyped, { partSize: 1000 });
    await bucketFor().resumableUpload('docs/report', untyped, { partSize: 1000 });
    await bucketFor().resumableUpload('docs/small.bin', pdf, { partSize: 5000 });
    await bucketFor().resumableUpload('docs/typed.bin', pdf, { partSize: 1000, contentType: 'application/x-typed' });
    await bucketFor().resumableUpload('docs/headed.bin', pdf, { partSize: 1000, headers: { 'Content-Type': 'application/x-headed' } });
    expect(['report.bin', 'report.txt', 'report', 'small.bin', 'typed.bin', 'headed.bin'].map((key) => typeOf(`docs/${key}`))).toEqual([
      'application/pdf',
      'text/plain',
      'application/octet-stream',
      'application/pdf',
      'application/x-typed',
      'application/x-headed',
    ]);
    const inits = fake.requests.filter((r) => r.method === 'POST' && r.query['uploads'] !== undefined);
    expect(inits.map((r) => r.headers['content-type'])).toEqual(['application/pdf', 'text/plain', 'application/octet-stream', 'application/x-typed', 'application/x-headed']);
  });

  it('uploads parts in parallel, completes with the callback, checks CRC, removes the checkpoint', async () => {
    const { path, data } = await randomFile(tmp.dir, 'par.bin', 5500);
    fake.delayMs = 20;
    const events: Progress[] = [];
    const callback = new Callback({ url: 'http://127.0.0.1:9/cb', body: 'object=${object}' });
    const res = await bucketFor().resumableUpload('par.bin', path, { partSize: 1000, parallel: 3, callback, onProgress: (p) => events.push(p) });
    expect(stored('par.bin')?.equals(data)).toBe(true);
    expect(partRequests(fake.requests).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(fake.maxConcurrent).toBeGreaterThan(1);
    expect(fake.maxConcurrent).toBeLessThanOrEqual(3);
    expect(res.etag).toMatch(/-6$/);
    expect(res.crc64).toBe(crc64(data).toString());
    expect(res.callback?.json).toEqual({ Status: 'OK' });
    expect(res.uploadId).toMatch(/^[0-9A-F]{32}$/);
    expect(fake.requests.filter((r) => r.headers['x-oss-callback'] !== undefined).map((r) => r.method)).toEqual(['POST']);
    expect(existsSync(`${path}.cpt`)).toBe(false);
    expectMonotonic(events, 5500);
    expectAcknowledgedParts(events);
    expect(events.filter((e) => e.part).map((e) => e.part?.number).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events.find((e) => e.part?.number === 6)?.part?.size).toBe(500);
  });

  it('resumes after an abort: only the missing parts are sent, after ListParts', async () => {
    const { path, data } = await randomFile(tmp.dir, 'resume.bin', 6000);
    const controller = new AbortController();
    const first = await bucketFor()
      .resumableUpload('resume.bin', path, {
        partSize: 1000,
        parallel: 1,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.part?.number === 3) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(first).toBeInstanceOf(AbortError);
    expect(partRequests(fake.requests)).toEqual([1, 2, 3]);
    const checkpoint = JSON.parse(await readFile(`${path}.cpt`, 'utf8')) as { parts: Array<{ number: number }>; uploadId: string };
    expect(checkpoint.parts.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(stored('resume.bin')).toBeUndefined();

    fake.requests.length = 0;
    const events: Progress[] = [];
    const res = await bucketFor().resumableUpload('resume.bin', path, { partSize: 1000, parallel: 2, onProgress: (p) => events.push(p) });
    expect(fake.requests.some((r) => r.query['uploads'] !== undefined)).toBe(false);
    expect(fake.requests[0]).toMatchObject({ method: 'GET', query: { uploadId: checkpoint.uploadId } });
    expect(partRequests(fake.requests).sort()).toEqual([4, 5, 6]);
    expect(stored('resume.bin')?.equals(data)).toBe(true);
    expect(res.uploadId).toBe(checkpoint.uploadId);
    expect(events[0]).toMatchObject({ loaded: 3000, sent: 3000 });
    expectMonotonic(events, 6000);
    expectAcknowledgedParts(events, 3000);
    expect(existsSync(`${path}.cpt`)).toBe(false);
  });

  it('re-uploads a recorded part the server no longer has', async () => {
    const { path, data } = await randomFile(tmp.dir, 'lost.bin', 3000);
    fake.before = (req) => (req.query['partNumber'] === '3' ? errorXmlReply(400, 'InvalidArgument', 'boom') : undefined);
    await expect(bucketFor().resumableUpload('lost.bin', path, { partSize: 1000, parallel: 1 })).rejects.toMatchObject({ code: 'InvalidArgument' });
    fake.before = undefined;
    const { uploadId } = JSON.parse(await readFile(`${path}.cpt`, 'utf8')) as { uploadId: string };
    fake.uploads.get(uploadId)?.parts.delete(2);
    fake.requests.length = 0;
    await bucketFor().resumableUpload('lost.bin', path, { partSize: 1000, parallel: 1 });
    expect(partRequests(fake.requests)).toEqual([2, 3]);
    expect(stored('lost.bin')?.equals(data)).toBe(true);
  });

  it('gathers a part failure after every worker settles and keeps the checkpoint', async () => {
    const { path } = await randomFile(tmp.dir, 'fail.bin', 4000);
    fake.before = (req) => (req.query['partNumber'] === '2' ? errorXmlReply(403, 'AccessDenied', 'no') : undefined);
    const err = await bucketFor().resumableUpload('fail.bin', path, { partSize: 1000, parallel: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OssError);
    expect((err as OssError).code).toBe('AccessDenied');
    const checkpoint = JSON.parse(await readFile(`${path}.cpt`, 'utf8')) as { parts: Array<{ number: number }> };
    expect(checkpoint.parts.map((p) => p.number)).toContain(1);
    expect(checkpoint.parts.map((p) => p.number)).not.toContain(2);
    expect(fake.requests.some((r) => r.method === 'POST' && r.query['uploadId'] !== undefined)).toBe(false);
  });

  it('writes each part to the socket whole unless progress is asked for', async () => {
    const { path } = await randomFile(tmp.dir, 'whole.bin', 3000);
    const send = vi.spyOn(Transport.prototype, 'sendDroppingBody');
    const progressHooks = (): boolean[] =>
      send.mock.calls.map(([req]: [OssRequest]) => req).filter((req) => req.query?.['partNumber'] !== undefined).map((req) => req.onUploadBytes !== undefined);
    try {
      await bucketFor().resumableUpload('whole.bin', path, { partSize: 1000 });
      // No byte counting: the transport hands each part buffer to undici as one write.
      expect(progressHooks()).toEqual([false, false, false]);
      send.mockClear();
      await bucketFor().resumableUpload('whole.bin', path, { partSize: 1000, onProgress: () => undefined });
      expect(progressHooks()).toEqual([true, true, true]);
    } finally {
      send.mockRestore();
    }
  });

  it('sends no further part once a part has failed', async () => {
    const { path } = await randomFile(tmp.dir, 'stop.bin', 4000);
    fake.before = (req) => (req.query['partNumber'] === '2' ? errorXmlReply(403, 'AccessDenied', 'no') : undefined);
    await expect(bucketFor().resumableUpload('stop.bin', path, { partSize: 1000, parallel: 1 })).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(partRequests(fake.requests)).toEqual([1, 2]);
  });

  it('holds the parts in flight and one part read ahead, not one per worker', async () => {
    const { path, data } = await randomFile(tmp.dir, 'ahead.bin', 6000);
    const read = vi.spyOn(PartReader.prototype, 'read');
    let acknowledged = 0;
    const heldWhenSent: number[] = [];
    fake.before = (req) => {
      if (req.query['partNumber'] !== undefined) heldWhenSent.push(read.mock.calls.length - acknowledged);
      return undefined;
    };
    fake.after = (req) => {
      if (req.query['partNumber'] !== undefined) acknowledged++;
    };
    try {
      await bucketFor().resumableUpload('ahead.bin', path, { partSize: 1000, parallel: 2 });
    } finally {
      read.mockRestore();
    }
    // Parts read and not yet acknowledged: the 2 in flight + 1 ready (4 when each worker read ahead).
    expect(Math.max(...heldWhenSent)).toBe(3);
    expect(stored('ahead.bin')?.equals(data)).toBe(true);
  });

  it('without a checkpoint, aborts the multipart upload on failure', async () => {
    const { path } = await randomFile(tmp.dir, 'nocpt.bin', 3000);
    fake.before = (req) => (req.query['partNumber'] === '2' ? errorXmlReply(403, 'AccessDenied', 'no') : undefined);
    await expect(bucketFor().resumableUpload('nocpt.bin', path, { partSize: 1000, checkpoint: false })).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE' });
    expect(fake.requests.at(-1)?.query['uploadId']).toBeDefined();
    expect(existsSync(`${path}.cpt`)).toBe(false);
  });

  it('removes the checkpoint after a 203 (the object is committed) and throws CallbackError', async () => {
    const { path, data } = await randomFile(tmp.dir, 'cb203.bin', 2500);
    const checkpoint = join(tmp.dir, 'custom.cpt');
    fake.callbackOutcome = { kind: 'fail', message: 'Error status : 502.' };
    const callback = new Callback({ url: 'http://127.0.0.1:9/cb', body: 'object=${object}' });
    const err = await bucketFor().resumableUpload('cb203.bin', path, { partSize: 1000, callback, checkpoint }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallbackError);
    expect(err).toMatchObject({ uploaded: true, key: 'cb203.bin', serverMessage: 'Error status : 502.', crc64: crc64(data).toString() });
    expect(existsSync(checkpoint)).toBe(false);
    expect(stored('cb203.bin')?.equals(data)).toBe(true);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.query['uploadId'] !== undefined)).toHaveLength(1);
  });

  it('a broken checkpoint throws CheckpointError, or restarts when asked', async () => {
    const { path, data } = await randomFile(tmp.dir, 'broken.bin', 2500);
    await writeFile(`${path}.cpt`, '{"version":1,');
    const err = await bucketFor().resumableUpload('broken.bin', path, { partSize: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointError);
    expect(err).toMatchObject({ code: 'CheckpointBroken', checkpoint: `${path}.cpt` });
    expect(fake.requests).toHaveLength(0);
    await bucketFor().resumableUpload('broken.bin', path, { partSize: 1000, restartOnBrokenCheckpoint: true });
    expect(stored('broken.bin')?.equals(data)).toBe(true);
    expect(existsSync(`${path}.cpt`)).toBe(false);
  });

  it('an edited checkpoint fails its md5 check', async () => {
    const { path } = await randomFile(tmp.dir, 'edited.bin', 3000);
    fake.before = (req) => (req.query['partNumber'] === '2' ? errorXmlReply(403, 'AccessDenied', 'no') : undefined);
    await bucketFor().resumableUpload('edited.bin', path, { partSize: 1000, parallel: 1 }).catch(() => undefined);
    const cpt = JSON.parse(await readFile(`${path}.cpt`, 'utf8')) as { parts: Array<{ etag: string }> };
    cpt.parts[0]!.etag = 'FORGED';
    await writeFile(`${path}.cpt`, JSON.stringify(cpt));
    await expect(bucketFor().resumableUpload('edited.bin', path, { partSize: 1000 })).rejects.toThrow('md5 does not match');
  });

  it('starts over (aborting the stale upload) when the file changed since the checkpoint', async () => {
    const { path } = await randomFile(tmp.dir, 'changed.bin', 3000);
    fake.before = (req) => (req.query['partNumber'] === '2' ? errorXmlReply(403, 'AccessDenied', 'no') : undefined);
    await bucketFor().resumableUpload('changed.bin', path, { partSize: 1000, parallel: 1 }).catch(() => undefined);
    fake.before = undefined;
    const { uploadId: stale } = JSON.parse(await readFile(`${path}.cpt`, 'utf8')) as { uploadId: string };
    const { data } = await randomFile(tmp.dir, 'changed.bin', 3500);
    fake.requests.length = 0;
    const res = await bucketFor().resumableUpload('changed.bin', path, { partSize: 1000, parallel: 1 });
    expect(fake.requests[0]).toMatchObject({ method: 'DELETE', query: { uploadId: stale } });
    expect(fake.requests[1]?.query).toEqual({ uploads: '' });
    expect(partRequests(fake.requests)).toEqual([1, 2, 3, 4]);
    expect(res.uploadId).not.toBe(stale);
    expect(stored('changed.bin')?.equals(data)).toBe(true);
  });

  it('keeps every byte right while part buffers are reused across parallel parts', async () => {
    // 3 workers each read their next 700 KiB part ahead and recycle buffers between their parts.
    const { path, data } = await randomFile(tmp.dir, 'pooled.bin', 3 * 1024 * 1024 + 123);
    fake.delayMs = 5;
    const res = await bucketFor().resumableUpload('pooled.bin', path, { partSize: 700 * 1024, parallel: 3 });
    expect(partRequests(fake.requests).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(stored('pooled.bin')?.equals(data)).toBe(true);
    expect(res.crc64).toBe(crc64(data).toString());
  });

  it('reads every part from the file it opened, even when the path is replaced mid-upload', async () => {
    const { path, data } = await randomFile(tmp.dir, 'swap.bin', 5000);
    const other = await randomFile(tmp.dir, 'swap-other.bin', 5000);
    let swapped = false;
    fake.before = (req) => {
      if (req.query['partNumber'] === '1' && !swapped) {
        swapped = true;
        renameSync(other.path, path);
      }
      return undefined;
    };
    const res = await bucketFor().resumableUpload('swap.bin', path, { partSize: 1000, parallel: 1 });
    expect(swapped).toBe(true);
    expect(stored('swap.bin')?.equals(data)).toBe(true);
    expect(res.crc64).toBe(crc64(data).toString());
  });

  it('fails a part, instead of sending a short body, when the file shrinks mid-upload', async () => {
    const { path } = await randomFile(tmp.dir, 'shrink.bin', 5000);
    fake.before = (req) => {
      if (req.query['partNumber'] === '1') truncateSync(path, 2500);
      return undefined;
    };
    const err = await bucketFor()
      .resumableUpload('shrink.bin', path, { partSize: 1000, parallel: 1 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OssError);
    expect((err as Error).message).toMatch(/file ended 500 bytes early at offset 2500/);
    // Parts 4 and 5 never reached the server with fewer bytes than their Content-Length.
    expect(partRequests(fake.requests).filter((n) => n > 3)).toEqual([]);
    expect(stored('shrink.bin')).toBeUndefined();
  });

  it('a file no bigger than one part goes up in one PutObject with the callback', async () => {
    const { path, data } = await randomFile(tmp.dir, 'small.bin', 800);
    const callback = new Callback({ url: 'http://127.0.0.1:9/cb', body: 'object=${object}' });
    const events: Progress[] = [];
    const res = await bucketFor().resumableUpload('small.bin', path, { partSize: 1000, callback, onProgress: (p) => events.push(p) });
    expect(fake.requests.map((r) => r.method)).toEqual(['PUT']);
    expect(fake.requests[0]?.headers['x-oss-callback']).toBeDefined();
    expect(res.callback?.json).toEqual({ Status: 'OK' });
    expect(res.uploadId).toBeUndefined();
    expect(stored('small.bin')?.equals(data)).toBe(true);
    expectMonotonic(events, 800);
  });

  it('a retried part keeps progress monotonic', async () => {
    const { path, data } = await randomFile(tmp.dir, 'retry-part.bin', 3000);
    let left = 1;
    fake.before = (req) => (req.query['partNumber'] === '2' && left-- > 0 ? errorXmlReply(500, 'InternalError', 'x') : undefined);
    const events: Progress[] = [];
    await bucketFor().resumableUpload('retry-part.bin', path, { partSize: 1000, parallel: 1, onProgress: (p) => events.push(p) });
    expect(partRequests(fake.requests)).toEqual([1, 2, 2, 3]);
    expect(stored('retry-part.bin')?.equals(data)).toBe(true);
    expectMonotonic(events, 3000);
    expectAcknowledgedParts(events);
  });

  it('validates partSize against minPartSize and parallel', async () => {
    const { path } = await randomFile(tmp.dir, 'opts.bin', 10);
    const real = clientFor(fake).getBucket('test-bucket');
    await expect(real.resumableUpload('o', path, { partSize: 1000 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(real.resumableUpload('o', path, { parallel: 0 })).rejects.toMatchObject({ code: 'InvalidArgument', argument: 'parallel' });
    expect(fake.requests).toHaveLength(0);
  });
});
