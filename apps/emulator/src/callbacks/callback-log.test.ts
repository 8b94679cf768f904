import { describe, expect, it } from 'vitest';
import { CallbackLog, DISPLAY_BODY_BYTES, displayBody, type CallbackAttempt } from './callback-log.js';

let seq = 0;
function attempt(fields: Partial<CallbackAttempt>): CallbackAttempt {
  seq += 1;
  return {
    id: `a${seq}`,
    time: new Date().toISOString(),
    bucket: 'b',
    key: 'k',
    requestId: `r${seq}`,
    url: 'http://127.0.0.1/cb',
    requestLine: 'POST /cb HTTP/1.1',
    requestHeaders: {},
    requestBody: '',
    requestBodyTruncated: false,
    durationMs: 1,
    outcome: 'success',
    ...fields,
  };
}

describe('CallbackLog', () => {
  it('returns attempts newest first, filtered and limited', () => {
    const log = new CallbackLog();
    const a1 = attempt({ bucket: 'one', key: 'x' });
    const a2 = attempt({ bucket: 'two', key: 'x' });
    const a3 = attempt({ bucket: 'one', key: 'y', requestId: 'req-3' });
    [a1, a2, a3].forEach((a) => log.record(a));
    expect(log.query().map((a) => a.id)).toEqual([a3.id, a2.id, a1.id]);
    expect(log.query({ bucket: 'one' }).map((a) => a.id)).toEqual([a3.id, a1.id]);
    expect(log.query({ key: 'x' }).map((a) => a.id)).toEqual([a2.id, a1.id]);
    expect(log.query({ requestId: 'req-3' }).map((a) => a.id)).toEqual([a3.id]);
    expect(log.query({ bucket: 'one', key: 'x' }).map((a) => a.id)).toEqual([a1.id]);
    expect(log.query({ limit: 2 }).map((a) => a.id)).toEqual([a3.id, a2.id]);
  });

  it('keeps only the newest attempts up to its capacity', () => {
    const log = new CallbackLog({ capacity: 2 });
    const all = [attempt({}), attempt({}), attempt({})];
    all.forEach((a) => log.record(a));
    expect(log.query().map((a) => a.id)).toEqual([all[2]?.id, all[1]?.id]);
    expect(() => new CallbackLog({ capacity: 0 })).toThrow(RangeError);
  });

  it('waitFor resolves with an already recorded match', async () => {
    const log = new CallbackLog();
    const a = attempt({ key: 'done' });
    log.record(a);
    await expect(log.waitFor((x) => x.key === 'done', 10)).resolves.toBe(a);
  });

  it('waitFor resolves when a matching attempt is recorded later, ignoring others', async () => {
    const log = new CallbackLog();
    const waiting = log.waitFor((x) => x.key === 'later', 1000);
    log.record(attempt({ key: 'other' }));
    const match = attempt({ key: 'later' });
    setTimeout(() => log.record(match), 20);
    await expect(waiting).resolves.toBe(match);
  });

  it('waitFor rejects after its timeout', async () => {
    const log = new CallbackLog();
    await expect(log.waitFor(() => true, 30)).rejects.toThrow(/within 30 ms/);
  });
});

describe('displayBody', () => {
  it('cuts long bodies for display and says so', () => {
    expect(displayBody(Buffer.from('{"a":1}'))).toEqual({ text: '{"a":1}', truncated: false });
    const long = displayBody(Buffer.alloc(DISPLAY_BODY_BYTES + 1, 'a'));
    expect(long.truncated).toBe(true);
    expect(long.text).toHaveLength(DISPLAY_BODY_BYTES);
  });
});
