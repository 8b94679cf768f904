/**
 * The event bus on a real emulator: every event type from real requests, `waitFor` (past events,
 * future events, timeout) and `GET /_ossbox/events` read over HTTP.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeCallback } from '@ossbox/protocol';
import type { CallbackReceiver } from '../test-support/callback-receiver.js';
import { refusedUrl, replyJson, startReceiver } from '../test-support/callback-receiver.js';
import type { TestEmulator } from '../test-support/harness.js';
import { oss, startTestEmulator } from '../test-support/harness.js';
import type { RunningEmulator } from '../server.js';
import type { EmulatorEvent } from './event-bus.js';
import { EventBus, EventTimeoutError } from './event-bus.js';

const B = 'examplebucket';

describe('emulator events', () => {
  let t: TestEmulator;
  let emulator: RunningEmulator;
  let seen: EmulatorEvent[] = [];
  let stop: () => void;

  beforeAll(async () => {
    t = await startTestEmulator({ callbackTimeoutMs: 2000 });
    emulator = t.emulator;
    // Request events have their own test (request-events.test.ts).
    stop = emulator.events.subscribe((e) => {
      if (e.type !== 'request') seen.push(e);
    });
  });
  afterAll(async () => {
    stop();
    await t.close();
  });
  afterEach(() => {
    seen = [];
  });

  const put = (key: string, body = 'data', headers: Record<string, string> = {}) =>
    oss(emulator.url, 'PUT', { bucket: B, key, body, headers });

  it('PutObject, CopyObject and AppendObject emit object-created; deletes of existing keys emit object-deleted', async () => {
    expect((await put('a/1.txt', 'hello')).status).toBe(200);
    const copy = await oss(emulator.url, 'PUT', { bucket: B, key: 'a/2.txt', headers: { 'x-oss-copy-source': `/${B}/a/1.txt` } });
    expect(copy.status).toBe(200);
    const append = { bucket: B, key: 'log.txt', query: { append: '', position: '0' }, body: 'x' };
    expect((await oss(emulator.url, 'POST', append)).status).toBe(200);
    expect((await oss(emulator.url, 'POST', { ...append, query: { append: '', position: '1' }, body: 'yz' })).status).toBe(200);
    expect((await oss(emulator.url, 'DELETE', { bucket: B, key: 'a/1.txt' })).status).toBe(204);
    expect((await oss(emulator.url, 'DELETE', { bucket: B, key: 'never-there' })).status).toBe(204);
    const xml = '<Delete><Quiet>true</Quiet><Object><Key>a/2.txt</Key></Object><Object><Key>missing</Key></Object></Delete>';
    expect((await oss(emulator.url, 'POST', { bucket: B, query: { delete: '' }, body: xml, headers: { 'Content-Type': 'application/xml' } })).status).toBe(200);

    expect(seen.map((e) => [e.type, e.key])).toEqual([
      ['object-created', 'a/1.txt'],
      ['object-created', 'a/2.txt'],
      ['object-created', 'log.txt'],
      ['object-created', 'log.txt'],
      ['object-deleted', 'a/1.txt'],
      ['object-deleted', 'a/2.txt'],
    ]);
    expect(seen[0]).toMatchObject({ bucket: B, size: 5, etag: '5D41402ABC4B2A76B9719D911017C592', objectType: 'Normal' });
    expect(seen[3]).toMatchObject({ size: 3, objectType: 'Appendable' });
    const ids = seen.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  async function initiate(key: string): Promise<string> {
    const res = await oss(emulator.url, 'POST', { bucket: B, key, query: { uploads: '' } });
    expect(res.status).toBe(200);
    return /<UploadId>([^<]+)<\/UploadId>/.exec(res.text)![1]!;
  }

  it('CompleteMultipartUpload emits object-created and multipart-completed; AbortMultipartUpload multipart-aborted', async () => {
    const uploadId = await initiate('big.bin');
    const part = await oss(emulator.url, 'PUT', { bucket: B, key: 'big.bin', query: { partNumber: '1', uploadId }, body: 'part one' });
    expect(part.status).toBe(200);
    const body = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${part.headers.etag}</ETag></Part></CompleteMultipartUpload>`;
    expect((await oss(emulator.url, 'POST', { bucket: B, key: 'big.bin', query: { uploadId }, body })).status).toBe(200);
    const aborted = await initiate('gone.bin');
    expect((await oss(emulator.url, 'DELETE', { bucket: B, key: 'gone.bin', query: { uploadId: aborted } })).status).toBe(204);
    expect((await oss(emulator.url, 'DELETE', { bucket: B, key: 'gone.bin', query: { uploadId: aborted } })).status).toBe(404);

    expect(seen.map((e) => e.type)).toEqual(['object-created', 'multipart-completed', 'multipart-aborted']);
    expect(seen[0]).toMatchObject({ key: 'big.bin', size: 8, objectType: 'Multipart' });
    expect(seen[1]).toMatchObject({ key: 'big.bin', uploadId, size: 8, etag: (seen[0] as { etag: string }).etag });
    expect(seen[2]).toMatchObject({ bucket: B, key: 'gone.bin', uploadId: aborted });
  });

  describe('callbacks', () => {
    let receiver: CallbackReceiver;
    beforeAll(async () => {
      receiver = await startReceiver(replyJson('{"Status":"OK"}'));
    });
    afterAll(async () => {
      await receiver.close();
    });
    const withCallback = (url: string) => ({
      'x-oss-callback': encodeCallback({ urls: [url], body: 'object=${object}', bodyType: 'application/x-www-form-urlencoded' }),
    });

    it('every attempt emits a callback event with its outcome and status; waitFor finds the one just delivered', async () => {
      expect((await put('files/a.png', 'png', withCallback(`${receiver.url}/cb`))).status).toBe(200);
      const delivered = await emulator.waitFor({ type: 'callback', key: 'files/a.png', outcome: 'success' });
      expect(delivered).toMatchObject({ type: 'callback', bucket: B, status: 200, url: `${receiver.url}/cb` });
      expect(delivered.status).toBe(200); // typed: the filter's type narrows the event (as the README reads it)
      expect(delivered).not.toHaveProperty('message');
      const attempt = emulator.callbackLog.query({ key: 'files/a.png' })[0]!;
      expect(delivered).toMatchObject({ attemptId: attempt.id, requestId: attempt.requestId });

      const refused = await refusedUrl();
      expect((await put('files/b.png', 'png', withCallback(refused))).status).toBe(203);
      const failed = await emulator.waitFor({ type: 'callback', key: 'files/b.png' });
      expect(failed).toMatchObject({ outcome: 'connect', url: refused });
      expect(failed).not.toHaveProperty('status');
      expect(failed.message).toBeTruthy();
      // The object event of each upload comes before its callback event.
      expect(seen.map((e) => `${e.type}:${e.key}`)).toEqual([
        'object-created:files/a.png',
        'callback:files/a.png',
        'object-created:files/b.png',
        'callback:files/b.png',
      ]);
    });
  });

  describe('waitFor', () => {
    it('resolves with a future event when none in the recent buffer matches', async () => {
      const waiting = emulator.waitFor({ type: 'object-deleted', key: 'later.txt' }, { timeoutMs: 30_000 });
      expect((await put('later.txt')).status).toBe(200);
      expect((await oss(emulator.url, 'DELETE', { bucket: B, key: 'later.txt' })).status).toBe(204);
      await expect(waiting).resolves.toMatchObject({ type: 'object-deleted', bucket: B, key: 'later.txt' });
    });

    it('rejects with EventTimeoutError naming the filter when nothing matches in time', async () => {
      const error = await emulator.waitFor({ type: 'callback', key: 'nothing' }, { timeoutMs: 50 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventTimeoutError);
      expect((error as Error).message).toBe('no emulator event matching {"type":"callback","key":"nothing"} within 50 ms');
    });

    it('with recent: false ignores past events', async () => {
      expect((await put('past.txt')).status).toBe(200);
      await expect(emulator.waitFor({ type: 'object-created', key: 'past.txt' })).resolves.toMatchObject({ key: 'past.txt' });
      await expect(emulator.waitFor({ type: 'object-created', key: 'past.txt' }, { recent: false, timeoutMs: 50 })).rejects.toBeInstanceOf(EventTimeoutError);
    });
  });

  describe('GET /_ossbox/events', () => {
    /** Read SSE frames from `res` until `count` events arrived. */
    async function readEvents(res: Response, count: number): Promise<Array<{ id: string; event: string; data: EmulatorEvent }>> {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      const frames: Array<{ id: string; event: string; data: EmulatorEvent }> = [];
      while (frames.length < count) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended after ${frames.length} events: ${text}`);
        text += value;
        let end: number;
        while ((end = text.indexOf('\n\n')) !== -1) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
          );
          if (fields.data !== undefined) frames.push({ id: fields.id ?? '', event: fields.event ?? '', data: JSON.parse(fields.data) });
        }
      }
      await reader.cancel();
      return frames;
    }

    it('streams events as they happen, filtered by ?type=', async () => {
      const controller = new AbortController();
      const res = await fetch(`${emulator.url}/_ossbox/events?type=object-deleted,object-created`, { signal: controller.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const reading = readEvents(res, 2);
      const uploadId = await initiate('not-streamed.bin');
      expect((await oss(emulator.url, 'DELETE', { bucket: B, key: 'not-streamed.bin', query: { uploadId } })).status).toBe(204);
      expect((await put('sse/ü.txt')).status).toBe(200);
      expect((await oss(emulator.url, 'DELETE', { bucket: B, key: 'sse/ü.txt' })).status).toBe(204);
      const frames = await reading;
      controller.abort();
      expect(frames.map((f) => [f.event, f.data.type, f.data.key])).toEqual([
        ['object-created', 'object-created', 'sse/ü.txt'],
        ['object-deleted', 'object-deleted', 'sse/ü.txt'],
      ]);
      expect(frames.map((f) => Number(f.id))).toEqual(frames.map((f) => f.data.id));
    });

    it('replays buffered events after Last-Event-ID, and refuses unknown types', async () => {
      expect((await put('replay/1')).status).toBe(200);
      expect((await put('replay/2')).status).toBe(200);
      const [first, second] = seen;
      const controller = new AbortController();
      const res = await fetch(`${emulator.url}/_ossbox/events?type=object-created`, {
        headers: { 'Last-Event-ID': String(first!.id) },
        signal: controller.signal,
      });
      const frames = await readEvents(res, 1);
      controller.abort();
      expect(frames[0]!.data).toMatchObject({ type: 'object-created', key: 'replay/2', id: second!.id });

      // EventSource cannot set headers on its first connection: the query parameter does the same.
      const viaQuery = new AbortController();
      const queried = await fetch(`${emulator.url}/_ossbox/events?type=object-created&lastEventId=${first!.id}`, { signal: viaQuery.signal });
      const queriedFrames = await readEvents(queried, 1);
      viaQuery.abort();
      expect(queriedFrames[0]!.data).toMatchObject({ key: 'replay/2', id: second!.id });

      const bad = await fetch(`${emulator.url}/_ossbox/events?type=callback,bogus`);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: 'unknown event type: bogus' });
    });
  });
});

describe('EventBus', () => {
  it('keeps only the last recentCapacity events and isolates throwing listeners', () => {
    const bus = new EventBus({ recentCapacity: 2 });
    const got: string[] = [];
    bus.subscribe(() => {
      throw new Error('listener bug');
    });
    bus.subscribe((e) => got.push(e.key));
    for (const key of ['a', 'b', 'c']) bus.emit({ type: 'object-deleted', bucket: 'b', key });
    expect(got).toEqual(['a', 'b', 'c']);
    expect(bus.recent().map((e) => e.key)).toEqual(['b', 'c']);
    bus.clearRecent();
    expect(bus.recent()).toEqual([]);
  });
});
