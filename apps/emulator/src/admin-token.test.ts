/**
 * The admin token in front of `/_ossbox/*` on a real emulator: Bearer header, `?token=` on reads,
 * the cookie a `?token=` visit sets, loopback vs other interfaces, and the open endpoints.
 */
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, redactAdminToken } from './middleware/admin-token.js';
import type { TestEmulator } from './test-support/harness.js';
import { oss, startTestEmulator } from './test-support/harness.js';

const TOKEN = 'test-admin-token-1';
const B = 'examplebucket';

/** Response headers of a server-sent-events stream, then the stream is dropped. */
async function openEvents(url: string, headers: Record<string, string> = {}): Promise<number> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  controller.abort();
  return res.status;
}

describe('admin token: configured on a loopback emulator', () => {
  let t: TestEmulator;
  let url: string;
  beforeAll(async () => {
    t = await startTestEmulator({ adminToken: TOKEN });
    url = t.emulator.url;
  });
  afterAll(async () => {
    await t.close();
  });

  it('is exposed on the running emulator and its config', () => {
    expect(t.emulator.adminToken).toBe(TOKEN);
    expect(t.emulator.config.adminToken).toBe(TOKEN);
  });

  it('leaves /_ossbox/health and the callback public key open', async () => {
    expect((await supertest(url).get('/_ossbox/health')).status).toBe(200);
    const key = await supertest(url).get('/_ossbox/callback_pub_key_v1.pem');
    expect(key.status).toBe(200);
    expect(key.text).toContain('BEGIN PUBLIC KEY');
  });

  it('refuses every other /_ossbox/ endpoint without the token, a wrong one or another scheme (401)', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-1', TOKEN, `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const requests = {
        'GET callbacks': supertest(url).get('/_ossbox/callbacks'),
        'DELETE state': supertest(url).delete('/_ossbox/state'),
        'GET unknown': supertest(url).get('/_ossbox/no-such-endpoint'),
      };
      for (const [name, request] of Object.entries(requests)) {
        if (authorization !== undefined) request.set('Authorization', authorization);
        const res = await request;
        expect(res.status, `${name} ${authorization}`).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="ossbox-emulator"');
        expect(res.body).toMatchObject({ error: 'UNAUTHORIZED' });
      }
    }
    expect(await openEvents(`${url}/_ossbox/events`)).toBe(401);
  });

  it('accepts "Authorization: Bearer <token>" on every method; state reset works with it', async () => {
    expect((await oss(url, 'PUT', { bucket: B, key: 'a.txt', body: 'a' })).status).toBe(200);
    const listed = await supertest(url).get('/_ossbox/callbacks').set('Authorization', `bearer ${TOKEN}`);
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveProperty('attempts');
    expect(await openEvents(`${url}/_ossbox/events`, { Authorization: `Bearer ${TOKEN}` })).toBe(200);
    const reset = await supertest(url).delete('/_ossbox/state').set('Authorization', `Bearer ${TOKEN}`);
    expect(reset.status).toBe(200);
    expect((await oss(url, 'GET', { bucket: B, key: 'a.txt' })).status).toBe(404);
  });

  it('accepts ?token= on GET (an EventSource cannot send headers) but never on a write', async () => {
    expect((await supertest(url).get(`/_ossbox/callbacks?limit=1&token=${TOKEN}`)).status).toBe(200);
    expect(await openEvents(`${url}/_ossbox/events?token=${TOKEN}`)).toBe(200);
    expect((await supertest(url).get('/_ossbox/callbacks?token=wrong-token-1')).status).toBe(401);
    // Repeated: ambiguous, refused.
    expect((await supertest(url).get(`/_ossbox/callbacks?token=${TOKEN}&token=${TOKEN}`)).status).toBe(401);
    expect((await oss(url, 'PUT', { bucket: B, key: 'kept.txt', body: 'k' })).status).toBe(200);
    expect((await supertest(url).delete(`/_ossbox/state?token=${TOKEN}`)).status).toBe(401);
    expect((await oss(url, 'GET', { bucket: B, key: 'kept.txt' })).status).toBe(200);
  });

  it('a ?token= visit sets an HttpOnly SameSite=Strict cookie that then stands for the token', async () => {
    const visit = await supertest(url).get(`/_ossbox/callbacks?token=${TOKEN}`);
    const setCookie = (visit.headers['set-cookie'] as unknown as string[])[0]!;
    expect(setCookie).toMatch(new RegExp(`^${ADMIN_COOKIE}=${TOKEN};`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/_ossbox');
    const cookie = `${ADMIN_COOKIE}=${TOKEN}`;
    expect((await supertest(url).get('/_ossbox/callbacks').set('Cookie', cookie)).status).toBe(200);
    expect((await supertest(url).get('/_ossbox/callbacks').set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin')).status).toBe(200);
    expect((await supertest(url).get('/_ossbox/callbacks').set('Cookie', cookie).set('Sec-Fetch-Site', 'none')).status).toBe(200);
    // A page on another port of the same host is same-site: the browser sends the cookie anyway.
    for (const site of ['same-site', 'cross-site']) {
      expect((await supertest(url).get('/_ossbox/callbacks').set('Cookie', cookie).set('Sec-Fetch-Site', site)).status, site).toBe(401);
      expect((await supertest(url).delete('/_ossbox/state').set('Cookie', cookie).set('Sec-Fetch-Site', site)).status, site).toBe(401);
    }
    expect((await supertest(url).get('/_ossbox/callbacks').set('Cookie', `${ADMIN_COOKIE}=wrong-token-1`)).status).toBe(401);
    // A named Bearer token is meant: a wrong one is not rescued by a good cookie.
    const both = supertest(url).get('/_ossbox/callbacks').set('Cookie', cookie).set('Authorization', 'Bearer wrong-token-1');
    expect((await both).status).toBe(401);
    const reset = await supertest(url).delete('/_ossbox/state').set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin');
    expect(reset.status).toBe(200);
  });

  it('redirects a page navigation carrying ?token= to the same URL without it, setting the cookie', async () => {
    const res = await supertest(url).get(`/_ossbox/callbacks?limit=1&token=${TOKEN}`).set('Sec-Fetch-Mode', 'navigate');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/_ossbox/callbacks?limit=1');
    expect(res.headers['cache-control']).toBe('no-store');
    expect((res.headers['set-cookie'] as unknown as string[])[0]).toMatch(new RegExp(`^${ADMIN_COOKIE}=${TOKEN};`));
  });
});

describe('admin token: interfaces', () => {
  it('a loopback emulator without a token keeps /_ossbox/ open', async () => {
    const t = await startTestEmulator();
    try {
      expect(t.emulator.adminToken).toBeUndefined();
      expect((await supertest(t.emulator.url).get('/_ossbox/callbacks')).status).toBe(200);
      expect((await supertest(t.emulator.url).delete('/_ossbox/state')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('an emulator on 0.0.0.0 without a token generates one and requires it, also for DELETE /_ossbox/state', async () => {
    const t = await startTestEmulator({ host: '0.0.0.0' });
    try {
      const token = t.emulator.adminToken!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const url = `http://127.0.0.1:${t.emulator.port}`;
      expect((await supertest(url).get('/_ossbox/health')).status).toBe(200);
      expect((await oss(url, 'PUT', { bucket: B, key: 'kept.txt', body: 'x' })).status).toBe(200);
      expect((await supertest(url).get('/_ossbox/callbacks')).status).toBe(401);
      expect((await supertest(url).delete('/_ossbox/state')).status).toBe(401);
      expect((await oss(url, 'GET', { bucket: B, key: 'kept.txt' })).status).toBe(200);
      expect((await supertest(url).delete('/_ossbox/state').set('Authorization', `Bearer ${token}`)).status).toBe(200);
      expect((await oss(url, 'GET', { bucket: B, key: 'kept.txt' })).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('tokens never reach the request log', () => {
    expect(redactAdminToken(`/_ossbox/events?type=callback&token=${TOKEN}`)).toBe('/_ossbox/events?type=callback&token=REDACTED');
    expect(redactAdminToken(`/_ossbox/?token=${TOKEN}&x=1`)).toBe('/_ossbox/?token=REDACTED&x=1');
    expect(redactAdminToken('/_ossbox/callbacks?mytoken=abc')).toBe('/_ossbox/callbacks?mytoken=abc');
  });
});
