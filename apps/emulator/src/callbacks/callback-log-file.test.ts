import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/harness.js';
import { CALLBACK_LOG_FILE, CallbackLogFile } from './callback-log-file.js';
import type { CallbackAttempt } from './callback-log.js';

let seq = 0;
function attempt(): CallbackAttempt {
  seq += 1;
  return {
    id: `a${seq}`,
    time: new Date().toISOString(),
    bucket: 'b',
    key: `k${seq}`,
    requestId: `r${seq}`,
    url: 'http://127.0.0.1/cb',
    requestLine: 'POST /cb HTTP/1.1',
    requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
    requestBody: 'bucket=b',
    requestBodyTruncated: false,
    response: { status: 500, headers: {}, body: 'no', bodyBytes: 2, bodyTruncated: false },
    durationMs: 3,
    outcome: 'status',
    message: 'Error status : 500.',
    ec: '0007-00000203',
  };
}

describe('CallbackLogFile', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  async function dir(): Promise<string> {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    return dir;
  }

  it('keeps the attempts across a reopen of the data directory, newest first, field for field', async () => {
    const location = await dir();
    const first = new CallbackLogFile(location);
    const recorded = [attempt(), attempt(), attempt()];
    recorded.forEach((a) => first.record(a));
    const reopened = new CallbackLogFile(location);
    expect(reopened.query()).toEqual([...recorded].reverse());
    expect(reopened.query({ key: recorded[1]!.key })).toEqual([recorded[1]]);
  });

  it('stays bounded: the file never holds twice the capacity, a reopen keeps the newest', async () => {
    const location = await dir();
    const log = new CallbackLogFile(location, { capacity: 3 });
    const recorded = Array.from({ length: 20 }, attempt);
    for (const a of recorded) {
      log.record(a);
      const lines = readFileSync(join(location, CALLBACK_LOG_FILE), 'utf8').split('\n').filter(Boolean);
      expect(lines.length).toBeLessThan(6);
    }
    expect(new CallbackLogFile(location, { capacity: 3 }).query().map((a) => a.id)).toEqual(
      recorded.slice(-3).reverse().map((a) => a.id),
    );
  });

  it('skips a line torn by a crash while appending and keeps recording after it', async () => {
    const location = await dir();
    const a = attempt();
    new CallbackLogFile(location).record(a);
    appendFileSync(join(location, CALLBACK_LOG_FILE), '{"id":"torn","ti');
    const reopened = new CallbackLogFile(location);
    expect(reopened.query().map((x) => x.id)).toEqual([a.id]);
    const b = attempt();
    reopened.record(b);
    expect(new CallbackLogFile(location).query().map((x) => x.id)).toEqual([b.id, a.id]);
  });
});
