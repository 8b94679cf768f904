/** `request` events: one per OSS request, with its operation, status and duration; none for `/_ossbox/*`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../test-support/harness.js';
import { oss, startTestEmulator } from '../test-support/harness.js';
import type { EmulatorEvent, RequestEvent } from './event-bus.js';

const B = 'examplebucket';

describe('request events', () => {
  let t: TestEmulator;
  let seen: EmulatorEvent[] = [];
  let stop: () => void;
  beforeAll(async () => {
    t = await startTestEmulator();
    stop = t.emulator.events.subscribe((e) => seen.push(e));
  });
  afterAll(async () => {
    stop();
    await t.close();
  });

  it('are emitted once per OSS request with requestId, method, operation, bucket, key, status and duration', async () => {
    seen = [];
    const put = await oss(t.emulator.url, 'PUT', { bucket: B, key: 'dir/ü.txt', body: 'hello' });
    const missing = await oss(t.emulator.url, 'GET', { bucket: B, key: 'nope' });
    const list = await oss(t.emulator.url, 'GET', {});
    const notAllowed = await fetch(`${t.emulator.url}/${B}/x`, { method: 'PATCH' });
    await fetch(`${t.emulator.url}/_ossbox/health`);
    // The event of the last OSS request is emitted when its response is done: wait for it.
    await t.emulator.waitFor({ type: 'request', method: 'PATCH' });
    const requests = seen.filter((e): e is RequestEvent => e.type === 'request');
    expect(requests.map((e) => [e.method, e.operation, e.bucket, e.key, e.status])).toEqual([
      ['PUT', 'PutObject', B, 'dir/ü.txt', 200],
      ['GET', 'GetObject', B, 'nope', 404],
      ['GET', 'ListBuckets', '', '', 200],
      ['PATCH', '', B, 'x', 405],
    ]);
    expect(requests.map((e) => e.requestId)).toEqual([
      put.headers['x-oss-request-id'],
      missing.headers['x-oss-request-id'],
      list.headers['x-oss-request-id'],
      notAllowed.headers.get('x-oss-request-id'),
    ]);
    for (const e of requests) {
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
      expect(e).not.toHaveProperty('aborted');
    }
    // The object event of the upload comes before its request event.
    expect(seen.findIndex((e) => e.type === 'object-created')).toBeLessThan(seen.indexOf(requests[0]!));
  });
});
