/**
 * Replaying a logged callback (`replayCallback`, `POST /_ossbox/callbacks/<id>/replay`): a failed
 * delivery is sent again after the receiver is fixed, freshly signed with the same string to sign,
 * and recorded as a new attempt pointing at the one it replays.
 */
import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCallback, encodeCallbackVars, verifyCallbackSignature } from '@ossbox/protocol';
import type { CallbackReceiver, Reply } from '../test-support/callback-receiver.js';
import { replyJson, startReceiver } from '../test-support/callback-receiver.js';
import type { TestEmulator } from '../test-support/harness.js';
import { oss, startTestEmulator } from '../test-support/harness.js';
import { CallbackReplayError } from './callback-replay.js';

const B = 'examplebucket';

describe('callback replay', () => {
  let t: TestEmulator;
  let receiver: CallbackReceiver;
  let reply: Reply = (res) => res.writeHead(500).end('receiver bug');
  let publicKeyPem: string;

  beforeAll(async () => {
    t = await startTestEmulator({ callbackTimeoutMs: 5000 });
    receiver = await startReceiver((res, request) => reply(res, request));
    publicKeyPem = await (await fetch(t.emulator.publicKeyUrl)).text();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  async function uploadWithCallback(key: string): Promise<number> {
    const callback = encodeCallback({
      urls: [`${receiver.url}/cb?from=ossbox`],
      body: 'object=${object}&size=${size}&who=${x:who}',
      bodyType: 'application/x-www-form-urlencoded',
    });
    const res = await oss(t.emulator.url, 'PUT', {
      bucket: B,
      key,
      body: 'hello',
      headers: { 'x-oss-callback': callback, 'x-oss-callback-var': encodeCallbackVars({ 'x:who': 'me' }) },
    });
    return res.status;
  }

  it('replayCallback sends a failed callback again once the receiver is fixed, and logs the new attempt', async () => {
    reply = (res) => res.writeHead(500).end('receiver bug');
    expect(await uploadWithCallback('replay/a.txt')).toBe(203);
    const failed = t.emulator.callbackLog.query({ key: 'replay/a.txt' })[0]!;
    expect(failed).toMatchObject({ outcome: 'status', response: { status: 500, body: 'receiver bug' } });
    expect(failed.stringToSign).toBe('/cb?from=ossbox\nobject=replay%2Fa.txt&size=5&who=me');
    expect(failed.sent).toMatchObject({ body: 'object=replay%2Fa.txt&size=5&who=me', params: { urls: [`${receiver.url}/cb?from=ossbox`] } });

    reply = replyJson('{"fixed":true}');
    const before = receiver.received.length;
    const outcome = await t.emulator.replayCallback(failed.id);
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.body.toString()).toBe('{"fixed":true}');

    // The receiver got the same callback again: same target, body and upload request id, a valid signature.
    const again = receiver.received.slice(before);
    expect(again).toHaveLength(1);
    expect(again[0]!.target).toBe('/cb?from=ossbox');
    expect(again[0]!.body.toString()).toBe('object=replay%2Fa.txt&size=5&who=me');
    expect(again[0]!.headers['x-oss-request-id']).toBe(failed.requestId);
    expect(verifyCallbackSignature(createPublicKey(publicKeyPem), again[0]!.target, again[0]!.body, String(again[0]!.headers.authorization))).toBe(true);

    const [newest] = t.emulator.callbackLog.query({ key: 'replay/a.txt' });
    expect(newest).toMatchObject({ outcome: 'success', replayOf: failed.id, requestId: failed.requestId, response: { status: 200 } });
    expect(newest!.id).not.toBe(failed.id);
    await expect(t.emulator.waitFor({ type: 'callback', replayOf: failed.id })).resolves.toMatchObject({ outcome: 'success', attemptId: newest!.id });
  });

  it('POST /_ossbox/callbacks/<id>/replay answers the outcome; ?outcome= filters the log', async () => {
    reply = (res) => res.writeHead(502).end();
    expect(await uploadWithCallback('replay/b.txt')).toBe(203);
    const failed = t.emulator.callbackLog.query({ key: 'replay/b.txt' })[0]!;

    const stillBroken = await fetch(`${t.emulator.url}/_ossbox/callbacks/${failed.id}/replay`, { method: 'POST' });
    expect(stillBroken.status).toBe(200);
    const broken = (await stillBroken.json()) as { ok: boolean; message: string; ec: string; attempts: Array<{ replayOf: string }> };
    expect(broken).toMatchObject({ ok: false, message: failed.message, ec: failed.ec });
    expect(broken.attempts.map((a) => a.replayOf)).toEqual([failed.id]);

    reply = replyJson('{"ok":1}');
    const fixed = await fetch(`${t.emulator.url}/_ossbox/callbacks/${failed.id}/replay`, { method: 'POST' });
    expect(await fixed.json()).toMatchObject({ ok: true, attempts: [{ outcome: 'success', replayOf: failed.id }] });

    const list = async (outcome: string) => {
      const res = await fetch(`${t.emulator.url}/_ossbox/callbacks?key=replay/b.txt&outcome=${outcome}`);
      return ((await res.json()) as { attempts: Array<{ outcome: string }> }).attempts.map((a) => a.outcome);
    };
    expect(await list('failed')).toEqual(['status', 'status']);
    expect(await list('success')).toEqual(['success']);
    expect(await list('status')).toEqual(['status', 'status']);
  });

  it('refuses an unknown attempt (404) and one logged without its callback (409), sending nothing', async () => {
    const before = receiver.received.length;
    const unknown = await fetch(`${t.emulator.url}/_ossbox/callbacks/no-such-id/replay`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'NoSuchAttempt' });
    await expect(t.emulator.replayCallback('no-such-id')).rejects.toBeInstanceOf(CallbackReplayError);

    // As an emulator from before replay wrote it to callback-attempts.jsonl: no `sent`.
    const { sent: _sent, ...old } = t.emulator.callbackLog.query({ key: 'replay/a.txt' }).at(-1)!;
    t.emulator.callbackLog.record({ ...old, id: 'old-attempt' });
    const notReplayable = await fetch(`${t.emulator.url}/_ossbox/callbacks/old-attempt/replay`, { method: 'POST' });
    expect(notReplayable.status).toBe(409);
    expect(await notReplayable.json()).toMatchObject({ code: 'NotReplayable' });
    expect(receiver.received.length).toBe(before);
  });
});
