import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { CallbackLog, type CallbackAttempt } from './callback-log.js';
import {
  CALLBACK_LOG_PATH,
  CALLBACK_PUBLIC_KEY_PATH,
  CALLBACK_ROUTER_MOUNT_PATH,
  createCallbackRouter,
} from './callback-routes.js';

const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

let seq = 0;
function attempt(fields: Partial<CallbackAttempt>): CallbackAttempt {
  seq += 1;
  return {
    id: `id-${seq}`,
    time: '2026-01-01T00:00:00.000Z',
    bucket: 'demo',
    key: 'a.txt',
    requestId: `req-${seq}`,
    url: 'http://127.0.0.1:9/cb',
    requestLine: 'POST /cb HTTP/1.1',
    requestHeaders: { 'x-oss-tag': 'CALLBACK' },
    requestBody: 'bucket=demo',
    requestBodyTruncated: false,
    durationMs: 3,
    outcome: 'status',
    message: 'Error status : 500.',
    ec: '0007-00000203',
    ...fields,
  };
}

function app(log = new CallbackLog()) {
  return express().use(CALLBACK_ROUTER_MOUNT_PATH, createCallbackRouter({ log, publicKeyPem }));
}

describe('createCallbackRouter', () => {
  it('serves the public key PEM', async () => {
    const res = await request(app()).get(CALLBACK_PUBLIC_KEY_PATH).buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString()));
      r.on('end', () => cb(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-pem-file/);
    expect(res.body).toBe(publicKeyPem);
    expect(createPublicKey(res.body as string).asymmetricKeyType).toBe('rsa');
  });

  it('lists attempts newest first with filters and limit', async () => {
    const log = new CallbackLog();
    const a = attempt({ bucket: 'one', key: 'x' });
    const b = attempt({ bucket: 'two', key: 'x' });
    const c = attempt({ bucket: 'one', key: 'y' });
    [a, b, c].forEach((x) => log.record(x));
    const ids = async (query: string) =>
      ((await request(app(log)).get(`${CALLBACK_LOG_PATH}${query}`).expect(200)).body as { attempts: CallbackAttempt[] }).attempts.map(
        (x) => x.id,
      );
    expect(await ids('')).toEqual([c.id, b.id, a.id]);
    expect(await ids('?bucket=one')).toEqual([c.id, a.id]);
    expect(await ids('?key=x&bucket=two')).toEqual([b.id]);
    expect(await ids(`?requestId=${a.requestId}`)).toEqual([a.id]);
    expect(await ids('?limit=1')).toEqual([c.id]);
    const full = await request(app(log)).get(`${CALLBACK_LOG_PATH}?limit=1`);
    expect(full.body).toEqual({ attempts: [c] });
  });

  it('waits up to waitMs for a first matching attempt', async () => {
    const log = new CallbackLog();
    const later = attempt({ key: 'later' });
    setTimeout(() => log.record(later), 50);
    const res = await request(app(log)).get(`${CALLBACK_LOG_PATH}?key=later&waitMs=2000`).expect(200);
    expect(res.body).toEqual({ attempts: [later] });
    const none = await request(app(log)).get(`${CALLBACK_LOG_PATH}?key=never&waitMs=30`).expect(200);
    expect(none.body).toEqual({ attempts: [] });
  });

  it('rejects a bad limit or waitMs with 400', async () => {
    for (const query of ['limit=0', 'limit=abc', 'waitMs=-1', 'waitMs=30001']) {
      await request(app()).get(`${CALLBACK_LOG_PATH}?${query}`).expect(400);
    }
  });
});
