/**
 * Slow, stalled and hostile connections (http/connection-guard.ts) and `Expect: 100-continue`
 * (http/expect-continue.ts) on a real emulator over raw TCP. Deadlines are configured small; the
 * tests wait for conditions, never for fixed sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCallback, parseErrorXml } from '@ossbox/protocol';
import { oss, startTestEmulator, tempFiles, type TestEmulator } from './test-support/harness.js';
import { rawConnect, signedHead } from './test-support/raw-http.js';

const B = 'examplebucket';

function statusOf(text: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
}

/** The final (non-100) response in `text`: status, headers (lowercase names) and body. */
function finalResponse(text: string): { status: number; headers: Record<string, string>; body: string } {
  const start = text.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '');
  const [head = '', body = ''] = start.split('\r\n\r\n', 2);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  return { status: statusOf(start), headers, body };
}

describe('idle and stalled connections', () => {
  let t: TestEmulator;
  let host: string;
  beforeAll(async () => {
    t = await startTestEmulator({ idleTimeoutMs: 800, headerTimeoutMs: 400 });
    host = new URL(t.emulator.url).host;
  });
  afterAll(() => t.close());

  it('a body that stops arriving gets 400 RequestTimeout and the connection is closed; nothing is stored', async () => {
    const c = await rawConnect(t.emulator.url);
    c.socket.write(signedHead('PUT', { host, bucket: B, key: 'stalled.bin' }, { 'Content-Length': '100' }) + 'ab');
    await c.closed;
    const res = finalResponse(c.text());
    expect(res.status).toBe(400);
    expect(res.headers.connection).toBe('close');
    expect(res.headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);
    const error = parseErrorXml(res.body)!;
    expect(error.code).toBe('RequestTimeout');
    expect(error.requestId).toBe(res.headers['x-oss-request-id']);
    expect((await oss(t.emulator.url, 'HEAD', { bucket: B, key: 'stalled.bin' })).status).toBe(404);
    await expect.poll(() => tempFiles(t.dir)).toEqual([]);
  });

  it('a slow upload that keeps sending is never cut, however long it takes in total', async () => {
    const c = await rawConnect(t.emulator.url);
    const body = 'x'.repeat(24);
    c.socket.write(signedHead('PUT', { host, bucket: B, key: 'trickle.bin' }, { 'Content-Length': String(body.length) }));
    // 24 bytes, one every 100 ms: ~2.4 s in total, three times the 800 ms idle deadline.
    for (const ch of body) {
      await new Promise((r) => setTimeout(r, 100));
      c.socket.write(ch);
    }
    expect(statusOf(await c.waitFor(/^HTTP\/1\.1 \d{3}[\s\S]*\r\n\r\n/))).toBe(200);
    c.socket.destroy();
    const get = await oss(t.emulator.url, 'GET', { bucket: B, key: 'trickle.bin' });
    expect(get.text).toBe(body);
  });

  it('silent connections get 400 RequestTimeout at the header deadline and are closed', async () => {
    const silent = await Promise.all(Array.from({ length: 20 }, () => rawConnect(t.emulator.url)));
    await Promise.all(silent.map((c) => c.closed));
    for (const c of silent) {
      const res = finalResponse(c.text());
      expect(res.status).toBe(400);
      expect(parseErrorXml(res.body)?.code).toBe('RequestTimeout');
      expect(res.headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);
    }
  });

  it('a request head that stops half way gets the same answer', async () => {
    const c = await rawConnect(t.emulator.url);
    c.socket.write(`GET /${B}/ HTTP/1.1\r\nHost: ${host}\r\n`);
    await c.closed;
    expect(parseErrorXml(finalResponse(c.text()).body)?.code).toBe('RequestTimeout');
  });

  it('an idle keep-alive connection is closed after its request', async () => {
    const c = await rawConnect(t.emulator.url);
    c.socket.write(`GET /_ossbox/health HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    await c.closed;
    expect(statusOf(c.text())).toBe(200);
  });
});

describe('idle keep-alive connections with the default deadline', () => {
  it('announce Keep-Alive: timeout=60 and still serve a request after 5.5 s idle (past the 4-5 s of client pools)', async () => {
    const t = await startTestEmulator();
    try {
      const host = new URL(t.emulator.url).host;
      const c = await rawConnect(t.emulator.url);
      const health = `GET /_ossbox/health HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
      c.socket.write(health);
      const first = finalResponse(await c.waitFor(/\{"status":"ok"\}/));
      expect(first.headers['keep-alive']).toBe('timeout=60');
      // A server that closed at Node's 5 s default would race a client reusing the socket here.
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      c.socket.write(health);
      await c.waitFor(/(\{"status":"ok"\}[\s\S]*){2}/);
      expect(c.socket.destroyed).toBe(false);
      c.socket.destroy();
    } finally {
      await t.close();
    }
  });
});

describe('connection cap', () => {
  it('closes connections beyond maxConnections on accept and serves the others', async () => {
    const t = await startTestEmulator({ maxConnections: 3 });
    try {
      const host = new URL(t.emulator.url).host;
      const conns = await Promise.all(Array.from({ length: 6 }, () => rawConnect(t.emulator.url)));
      const outcomes = await Promise.all(
        conns.map(async (c) => {
          c.socket.write(`GET /_ossbox/health HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
          return Promise.race([c.waitFor(/\r\n\r\n\{"status":"ok"\}/).then(() => 'served'), c.closed.then(() => 'closed')]);
        }),
      );
      expect(outcomes.filter((o) => o === 'served')).toHaveLength(3);
      expect(outcomes.filter((o) => o === 'closed')).toHaveLength(3);
      for (const c of conns) c.socket.destroy();
    } finally {
      await t.close();
    }
  });
});

describe('oversized request heads', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t.close());

  it('a 100 KB x-oss-callback gets 400 BadRequest as OSS error XML with a request id, not a bare 431', async () => {
    const host = new URL(t.emulator.url).host;
    const c = await rawConnect(t.emulator.url);
    c.socket.write(signedHead('PUT', { host, bucket: B, key: 'big-head.txt' }, { 'x-oss-callback': 'A'.repeat(100 * 1024), 'Content-Length': '1' }));
    await c.closed;
    const res = finalResponse(c.text());
    expect(res.status).toBe(400);
    expect(res.headers.connection).toBe('close');
    expect(res.headers['content-type']).toBe('application/xml');
    const error = parseErrorXml(res.body)!;
    expect(error).toMatchObject({ code: 'BadRequest', requestId: res.headers['x-oss-request-id'] });
    expect(error.requestId).toMatch(/^[0-9A-F]{24}$/);
  });

  it('a malformed request line gets 400 BadRequest XML', async () => {
    const c = await rawConnect(t.emulator.url);
    c.socket.write('NOT HTTP AT ALL\r\n\r\n');
    await c.closed;
    expect(parseErrorXml(finalResponse(c.text()).body)?.code).toBe('BadRequest');
  });
});

describe('Expect: 100-continue', () => {
  let t: TestEmulator;
  let host: string;
  beforeAll(async () => {
    t = await startTestEmulator();
    host = new URL(t.emulator.url).host;
    await oss(t.emulator.url, 'PUT', { bucket: B, key: 'taken.txt', body: 'first' }).expect(200);
  });
  afterAll(() => t.close());

  const refusals: { name: string; key: string; bucket?: string; headers?: Record<string, string>; query?: Record<string, string>; badSignature?: boolean; status: number; code: string }[] = [
    { name: 'size over 5 GB', key: 'huge.bin', headers: { 'Content-Length': '6000000000' }, status: 400, code: 'EntityTooLarge' },
    { name: 'bad signature', key: 'sig.bin', badSignature: true, status: 403, code: 'SignatureDoesNotMatch' },
    { name: 'missing bucket', key: 'k.bin', bucket: 'no-such-bucket', status: 404, code: 'NoSuchBucket' },
    { name: 'forbid-overwrite on an existing key', key: 'taken.txt', headers: { 'x-oss-forbid-overwrite': 'true' }, status: 409, code: 'FileAlreadyExists' },
    {
      name: 'invalid callback',
      key: 'cb.bin',
      headers: { 'x-oss-callback': encodeCallback({ urls: ['http://user@127.0.0.1:9/'], body: 'a', bodyType: 'application/x-www-form-urlencoded' }) },
      status: 400,
      code: 'InvalidArgument',
    },
    { name: 'UploadPart of an unknown upload', key: 'part.bin', query: { partNumber: '1', uploadId: 'F'.repeat(32) }, status: 404, code: 'NoSuchUpload' },
  ];

  for (const c of refusals) {
    it(`${c.name}: ${c.status} ${c.code} without 100 Continue, then the connection is closed`, async () => {
      const conn = await rawConnect(t.emulator.url);
      const request = { host, bucket: c.bucket ?? B, key: c.key, query: c.query ?? {} };
      let head = signedHead('PUT', request, { 'Content-Length': '1000', Expect: '100-continue', ...c.headers });
      if (c.badSignature) head = head.replace(/(Authorization: OSS [^:]+:)\S+/, '$1AAAAAAAAAAAAAAAAAAAAAAAAAAA=');
      conn.socket.write(head);
      await conn.closed;
      const text = conn.text();
      expect(text).not.toContain('100 Continue');
      const res = finalResponse(text);
      expect(res.status).toBe(c.status);
      expect(res.headers.connection).toBe('close');
      expect(parseErrorXml(res.body)?.code).toBe(c.code);
    });
  }

  it('a request that passes every check gets 100 Continue, then stores the body', async () => {
    const conn = await rawConnect(t.emulator.url);
    conn.socket.write(signedHead('PUT', { host, bucket: B, key: 'continued.txt' }, { 'Content-Length': '5', Expect: '100-continue' }));
    await conn.waitFor(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
    conn.socket.write('hello');
    const text = await conn.waitFor(/HTTP\/1\.1 200/);
    expect(text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200/);
    conn.socket.destroy();
    expect((await oss(t.emulator.url, 'GET', { bucket: B, key: 'continued.txt' })).text).toBe('hello');
  });
});
