import { createHash, verify, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCallbackSignature, type CallbackParams } from '@ossbox/protocol';
import { loadOrCreateCallbackKey } from './callback-key.js';
import { CallbackLog } from './callback-log.js';
import { CALLBACK_PUBLIC_KEY_PATH, CALLBACK_ROUTER_MOUNT_PATH, createCallbackRouter } from './callback-routes.js';
import {
  createCallbackDeliverer,
  deliverCallback,
  type CallbackDeliveryInput,
  type CallbackLogger,
  type DeliverCallbackOptions,
} from './deliver-callback.js';

interface Received {
  target: string;
  headers: IncomingMessage['headers'];
  rawHeaderNames: string[];
  body: Buffer;
  httpVersion: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, received: Received) => void;

const servers: Array<Server | NetServer> = [];
let dataDir: string;
let privateKey: KeyObject;
let publicKeyUrl: string;

async function listen<T extends Server | NetServer>(server: T): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A real receiver on port 0 that records what arrived and answers with `handler`. */
async function receiver(handler: Handler): Promise<{ base: string; requests: Received[] }> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: Received = {
        target: req.url ?? '',
        headers: req.headers,
        rawHeaderNames: req.rawHeaders.filter((_, i) => i % 2 === 0),
        body: Buffer.concat(chunks),
        httpVersion: req.httpVersion,
      };
      requests.push(received);
      handler(req, res, received);
    });
  });
  return { base: await listen(server), requests };
}

/** A raw TCP server writing `reply` verbatim, for replies node:http would not produce. */
async function rawReceiver(reply: string): Promise<string> {
  const server = createNetServer((socket) => {
    socket.once('data', () => socket.end(reply));
    socket.on('error', () => undefined);
  });
  return listen(server);
}

function json(res: ServerResponse, text: string, status = 200): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function params(urls: string[], extra: Partial<CallbackParams> = {}): CallbackParams {
  return { urls, body: 'bucket=${bucket}', bodyType: 'application/x-www-form-urlencoded', ...extra };
}

function input(p: CallbackParams, body = 'bucket=demo&object=a.txt'): CallbackDeliveryInput {
  return { params: p, body, requestId: '5C3D9175B6FC201293AD0001', bucket: 'demo', key: 'a.txt' };
}

function options(extra: Partial<DeliverCallbackOptions> = {}): DeliverCallbackOptions {
  return { privateKey, publicKeyUrl, timeoutMs: 2000, ...extra };
}

/** Fetch the PEM the way a receiver would: from the Base64 URL in x-oss-pub-key-url. */
async function servedKey(received: Received): Promise<string> {
  const url = Buffer.from(String(received.headers['x-oss-pub-key-url']), 'base64').toString('utf8');
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ossbox-deliver-'));
  const key = await loadOrCreateCallbackKey(dataDir);
  privateKey = key.privateKey;
  const app = express().use(CALLBACK_ROUTER_MOUNT_PATH, createCallbackRouter({ log: new CallbackLog(), publicKeyPem: key.publicKeyPem }));
  publicKeyUrl = `${await listen(createServer(app))}${CALLBACK_PUBLIC_KEY_PATH}`;
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await rm(dataDir, { recursive: true, force: true });
});

describe('deliverCallback: the request OSS sends (docs/callback-protocol.md §2.1–§2.3)', () => {
  it('sends every §2.1 header, Host from callbackHost, and a signature that verifies with the served key', async () => {
    const { base, requests } = await receiver((_req, res) => json(res, '{"Status":"OK"}'));
    const body = 'bucket=demo&object=a.txt&size=5';
    const outcome = await deliverCallback(
      input(params([`${base}/index.php?id=1&index=2`], { host: 'server.example.com' }), body),
      options(),
    );
    expect(outcome.ok).toBe(true);
    const [got] = requests;
    if (!got) throw new Error('no request');
    expect(got.target).toBe('/index.php?id=1&index=2');
    expect(got.httpVersion).toBe('1.1');
    expect(got.body.toString()).toBe(body);
    const h = got.headers;
    expect(h.host).toBe('server.example.com');
    expect(h.connection).toBe('close');
    expect(h['content-type']).toBe('application/x-www-form-urlencoded');
    expect(h['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(h['content-md5']).toBe(createHash('md5').update(body).digest('base64'));
    expect(Math.abs(Date.parse(String(h.date)) - Date.now())).toBeLessThan(60_000);
    expect(h.date).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(h['user-agent']).toBe('aliyun-oss-callback');
    expect(h['x-oss-request-id']).toBe('5C3D9175B6FC201293AD0001');
    expect(h['x-oss-bucket']).toBe('demo');
    expect(h['x-oss-tag']).toBe('CALLBACK');
    expect(h['x-oss-signature-version']).toBe('1.0');
    expect(h['x-oss-pub-key-url']).toBe(Buffer.from(publicKeyUrl).toString('base64'));
    expect(got.rawHeaderNames).toEqual(expect.arrayContaining(['Authorization', 'Content-MD5', 'x-oss-pub-key-url']));

    const pem = await servedKey(got);
    const signature = String(h.authorization);
    expect(verifyCallbackSignature(pem, got.target, got.body, signature)).toBe(true);
    // Independently of @ossbox/protocol: MD5withRSA over decode(path) + raw query + "\n" + body (§2.3, vector A's shape).
    const expected = Buffer.from(`/index.php?id=1&index=2\n${body}`);
    expect(verify('md5', expected, pem, Buffer.from(signature, 'base64'))).toBe(true);
  });

  it('keeps a lone trailing ? on the wire and in the signed string', async () => {
    const { base, requests } = await receiver((_req, res) => json(res, '{}'));
    const body = '{"a":1}';
    const outcome = await deliverCallback(input(params([`${base}/cb?`], { bodyType: 'application/json' }), body), options());
    expect(outcome.ok).toBe(true);
    const got = requests[0];
    if (!got) throw new Error('no request');
    expect(got.target).toBe('/cb?');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers.host).toBe(new URL(base).host);
    const pem = await servedKey(got);
    expect(verify('md5', Buffer.from(`/cb?\n${body}`), pem, Buffer.from(String(got.headers.authorization), 'base64'))).toBe(true);
    expect(verifyCallbackSignature(pem, got.target, got.body, String(got.headers.authorization))).toBe(true);
  });

  it('sends a percent-encoded UTF-8 path as written and signs it decoded, query raw (§2.3)', async () => {
    const { base, requests } = await receiver((_req, res) => json(res, '{}'));
    const body = 'hello world';
    const target = '/callback/%E6%9D%AD%E5%B7%9E?id=1&name=%E6%9D%AD%E5%B7%9E';
    expect((await deliverCallback(input(params([`${base}${target}`]), body), options())).ok).toBe(true);
    const got = requests[0];
    if (!got) throw new Error('no request');
    expect(got.target).toBe(target);
    const pem = await servedKey(got);
    const signed = Buffer.from(`/callback/杭州?id=1&name=%E6%9D%AD%E5%B7%9E\n${body}`, 'utf8');
    expect(verify('md5', signed, pem, Buffer.from(String(got.headers.authorization), 'base64'))).toBe(true);
    expect(verifyCallbackSignature(pem, got.target, got.body, String(got.headers.authorization))).toBe(true);
  });

  it('sends / for a URL without path and adds http:// to a URL without scheme', async () => {
    const { base, requests } = await receiver((_req, res) => json(res, '{}'));
    const outcome = await deliverCallback(input(params([base.replace('http://', '')])), options());
    expect(outcome.ok).toBe(true);
    expect(requests[0]?.target).toBe('/');
  });
});

describe('deliverCallback: success (§3.2)', () => {
  it('passes the reply body through byte for byte and records the attempt', async () => {
    const reply = Buffer.from('{ "name" : "杭州.jpg",\n  "n": 1.50 }  \n', 'utf8');
    const { base } = await receiver((_req, res) => {
      res.writeHead(200, { 'Content-Length': reply.length });
      res.end(reply);
    });
    const log = new CallbackLog();
    const outcome = await deliverCallback(input(params([`${base}/cb`])), options({ recorder: log }));
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.body.equals(reply)).toBe(true);
    expect(outcome.url).toBe(`${base}/cb`);
    const [attempt] = log.query();
    expect(attempt).toMatchObject({
      outcome: 'success',
      bucket: 'demo',
      key: 'a.txt',
      requestId: '5C3D9175B6FC201293AD0001',
      url: `${base}/cb`,
      requestLine: 'POST /cb HTTP/1.1',
      requestBody: 'bucket=demo&object=a.txt',
      response: { status: 200, body: reply.toString('utf8'), bodyBytes: reply.length, bodyTruncated: false },
    });
    expect(attempt?.requestHeaders['x-oss-tag']).toBe('CALLBACK');
    expect(attempt?.message).toBeUndefined();
    expect(outcome.attempts).toEqual([attempt]);
  });

  it('accepts a reply of exactly maxResponseBytes', async () => {
    const { base } = await receiver((_req, res) => json(res, '"0123456789abcd"'));
    const outcome = await deliverCallback(input(params([base])), options({ maxResponseBytes: 16 }));
    expect(outcome.ok).toBe(true);
  });
});

describe('deliverCallback: several URLs (§1.3, §3.5)', () => {
  it('tries URLs in order until one succeeds', async () => {
    const refused = await closedPort();
    const failing = await receiver((_req, res) => json(res, '{"error":true}', 500));
    const ok = await receiver((_req, res) => json(res, '{"third":true}'));
    const log = new CallbackLog();
    const outcome = await deliverCallback(
      input(params([`${refused}/a`, `${failing.base}/b`, `${ok.base}/c`])),
      options({ recorder: log }),
    );
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.body.toString()).toBe('{"third":true}');
    expect(outcome.url).toBe(`${ok.base}/c`);
    expect(log.query().map((a) => [a.url, a.outcome])).toEqual([
      [`${ok.base}/c`, 'success'],
      [`${failing.base}/b`, 'status'],
      [`${refused}/a`, 'connect'],
    ]);
    expect(failing.requests).toHaveLength(1);
    expect(ok.requests).toHaveLength(1);
  });

  it('reports the last failure when every URL fails, trying each once', async () => {
    const failing = await receiver((_req, res) => json(res, '{}', 502));
    const refused = await closedPort();
    const outcome = await deliverCallback(input(params([failing.base, refused])), options());
    expect(outcome).toMatchObject({
      ok: false,
      message: 'Error status : -1.OSS can not connect to your callbackUrl, please check it',
      ec: '0007-00000203',
    });
    expect(outcome.attempts.map((a) => a.message)).toEqual([
      'Error status : 502.',
      'Error status : -1.OSS can not connect to your callbackUrl, please check it',
    ]);
    expect(failing.requests).toHaveLength(1);
  });

  it('never tries more than 5 URLs', async () => {
    const failing = await receiver((_req, res) => json(res, '{}', 500));
    const urls = Array.from({ length: 6 }, (_, i) => `${failing.base}/${i}`);
    const outcome = await deliverCallback(input(params(urls)), options());
    expect(outcome.attempts).toHaveLength(5);
    expect(failing.requests.map((r) => r.target)).toEqual(['/0', '/1', '/2', '/3', '/4']);
  });
});

describe('deliverCallback: each failure → the §3.3 message and EC', () => {
  async function failWith(handler: Handler, extra: Partial<DeliverCallbackOptions> = {}) {
    const { base } = await receiver(handler);
    const outcome = await deliverCallback(input(params([`${base}/cb`])), options(extra));
    if (outcome.ok) throw new Error('expected a failure');
    return outcome;
  }

  it('connection refused', async () => {
    const outcome = await deliverCallback(input(params([`${await closedPort()}/cb`])), options());
    expect(outcome).toMatchObject({
      ok: false,
      message: 'Error status : -1.OSS can not connect to your callbackUrl, please check it',
      ec: '0007-00000203',
    });
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'connect', error: expect.stringContaining('ECONNREFUSED') });
    expect(outcome.attempts[0]?.response).toBeUndefined();
  });

  it('DNS failure', async () => {
    const outcome = await deliverCallback(input(params(['http://does-not-exist.invalid/cb'])), options());
    expect(outcome).toMatchObject({ ok: false, ec: '0007-00000203' });
    expect(outcome.attempts[0]?.outcome).toBe('connect');
  });

  it('500', async () => {
    const outcome = await failWith((_req, res) => json(res, '{"err":"boom"}', 500));
    expect(outcome).toMatchObject({ message: 'Error status : 500.', ec: '0007-00000203' });
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'status', response: { status: 500, body: '{"err":"boom"}' } });
  });

  it('301 (only 200 itself succeeds, §3.1)', async () => {
    const outcome = await failWith((_req, res) => {
      res.writeHead(301, { Location: 'http://elsewhere.example/', 'Content-Length': 0 });
      res.end();
    });
    expect(outcome).toMatchObject({ message: 'Error status : 301.', ec: '0007-00000203' });
  });

  it('204 with a JSON body is still a failure', async () => {
    const outcome = await failWith((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    expect(outcome).toMatchObject({ message: 'Error status : 204.', ec: '0007-00000203' });
  });

  it('non-JSON body', async () => {
    const outcome = await failWith((_req, res) => json(res, 'OK'));
    expect(outcome).toMatchObject({ message: 'Response body is not valid json format.', ec: '0007-00000205' });
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'not-json', response: { status: 200, body: 'OK' } });
  });

  it('JSON behind a UTF-8 BOM (the doc\'s \\357\\273\\277{"Status":"OK"} example)', async () => {
    const outcome = await failWith((_req, res) => json(res, '\ufeff{"Status":"OK"}'));
    expect(outcome).toMatchObject({ message: 'Response body is not valid json format.', ec: '0007-00000205' });
  });

  it('empty body', async () => {
    const outcome = await failWith((_req, res) => json(res, ''));
    expect(outcome).toMatchObject({ message: 'Response body is not valid json format.', ec: '0007-00000205' });
  });

  it('chunked reply without Content-Length', async () => {
    const outcome = await failWith((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"Status":');
      res.end('"OK"}');
    });
    expect(outcome).toMatchObject({ message: 'Error Status : 400.User server missing content-length', ec: '0007-00000203' });
    expect(outcome.attempts[0]?.response?.headers['transfer-encoding']).toBe('chunked');
  });

  it('reply delimited by connection close, without Content-Length', async () => {
    const base = await rawReceiver('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{}');
    const outcome = await deliverCallback(input(params([base])), options());
    expect(outcome).toMatchObject({ message: 'Error Status : 400.User server missing content-length' });
  });

  it('invalid Content-Length', async () => {
    const base = await rawReceiver('HTTP/1.1 200 OK\r\nContent-Length: 2x\r\nConnection: close\r\n\r\n{}');
    const outcome = await deliverCallback(input(params([base])), options());
    expect(outcome).toMatchObject({
      ok: false,
      message: 'Error Status : 400.User server return invalid content-length value',
      ec: '0007-00000203',
    });
    expect(outcome.attempts[0]?.outcome).toBe('content-length-invalid');
  });

  it('body over 1 MB: refused from Content-Length, without reading the body', async () => {
    const announced = 1024 * 1024 + 1;
    let written = 0;
    let serverSawClose!: () => void;
    const closed = new Promise<void>((resolve) => (serverSawClose = resolve));
    const outcome = await failWith((_req, res) => {
      res.on('close', () => serverSawClose());
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': announced });
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      // Send the body slowly: a client that read it would need ~6 s, far beyond this test's budget.
      const timer = setInterval(() => {
        if (res.destroyed || written >= announced) return clearInterval(timer);
        written += chunk.length;
        res.write(chunk);
      }, 100);
    });
    expect(outcome).toMatchObject({
      message: 'Error Status : 400.User server return too long content-length value',
      ec: '0007-00000203',
    });
    await closed;
    expect(written).toBeLessThan(announced / 2);
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'too-large', response: { status: 200, bodyBytes: 0 } });
  });

  it('body over maxResponseBytes while streaming: stops reading past the limit', async () => {
    const outcome = await failWith((_req, res) => json(res, `"${'x'.repeat(100)}"`), { maxResponseBytes: 64 });
    expect(outcome).toMatchObject({ message: 'Error Status : 400.User server return too long content-length value' });
  });

  it('reply slower than timeoutMs', async () => {
    const started = Date.now();
    const outcome = await failWith((_req, res) => setTimeout(() => json(res, '{}'), 1500), { timeoutMs: 200 });
    expect(outcome).toMatchObject({ message: 'Cost too long time', ec: '0007-00000202' });
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('timeout covers the body too: headers on time, body too late', async () => {
    const outcome = await failWith(
      (_req, res) => {
        res.writeHead(200, { 'Content-Length': 2 });
        res.write('{');
        setTimeout(() => res.end('}'), 1500);
      },
      { timeoutMs: 200 },
    );
    expect(outcome).toMatchObject({ message: 'Cost too long time', ec: '0007-00000202' });
  });

  it('connection dropped in the middle of the body', async () => {
    const base = await rawReceiver('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"a"');
    const outcome = await deliverCallback(input(params([base])), options());
    expect(outcome).toMatchObject({ ok: false, ec: '0007-00000203' });
    expect(outcome.attempts[0]?.outcome).toBe('connect');
  });
});

describe('deliverCallback: private and loopback addresses (§1.3, §3.5 step 7)', () => {
  it('strict mode refuses 127.0.0.1 without connecting', async () => {
    const { base, requests } = await receiver((_req, res) => json(res, '{}'));
    const outcome = await deliverCallback(input(params([`${base}/cb`])), options({ strict: true }));
    expect(outcome).toMatchObject({ ok: false, message: 'Private address is forbidden to callback', ec: '0007-00000008' });
    expect(outcome.attempts[0]?.outcome).toBe('refused-private');
    expect(requests).toHaveLength(0);
  });

  it('strict mode refuses a localhost name without resolving it', async () => {
    const { base, requests } = await receiver((_req, res) => json(res, '{}'));
    const outcome = await deliverCallback(input(params([base.replace('127.0.0.1', 'localhost')])), options({ strict: true }));
    expect(outcome).toMatchObject({ ok: false, ec: '0007-00000008' });
    expect(requests).toHaveLength(0);
  });

  it('strict mode checks the addresses a name resolves to when connecting', async () => {
    const { base, requests } = await receiver((_req, res) => json(res, '{}'));
    const resolved: string[] = [];
    const resolveAll = async (name: string) => {
      resolved.push(name);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const url = base.replace('127.0.0.1', 'rebound.example.com');
    const outcome = await deliverCallback(input(params([url])), options({ strict: true, resolveAll }));
    expect(outcome).toMatchObject({ ok: false, message: 'Private address is forbidden to callback', ec: '0007-00000008' });
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'refused-private', error: expect.stringContaining('loopback') });
    expect(resolved).toEqual(['rebound.example.com']);
    expect(requests).toHaveLength(0);
  });

  it('default mode delivers to loopback and warns once per URL that OSS would refuse it', async () => {
    const { base } = await receiver((_req, res) => json(res, '{}'));
    const warnings: Array<[object, string]> = [];
    const logger: CallbackLogger = {
      info: () => undefined,
      warn: (obj, msg) => warnings.push([obj, msg]),
      debug: () => undefined,
    };
    const deliver = createCallbackDeliverer(options({ logger }));
    expect((await deliver(input(params([`${base}/one`])))).ok).toBe(true);
    expect((await deliver(input(params([`${base}/one`])))).ok).toBe(true);
    expect((await deliver(input(params([`${base}/two`])))).ok).toBe(true);
    expect(warnings.map(([obj]) => obj)).toEqual([
      { callbackUrl: `${base}/one`, addressKind: 'loopback' },
      { callbackUrl: `${base}/two`, addressKind: 'loopback' },
    ]);
    expect(warnings[0]?.[1]).toMatch(/production OSS would refuse it.*0007-00000008/);
  });

  it('accepts a pino logger and logs every attempt at debug level', async () => {
    const { base } = await receiver((_req, res) => json(res, '{}'));
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    await deliverCallback(input(params([`${base}/cb`])), options({ logger }));
    const debug = lines.map((l) => JSON.parse(l) as { level: number; msg: string; callbackAttempt?: { outcome: string } });
    expect(debug.find((l) => l.level === 20)?.callbackAttempt?.outcome).toBe('success');
    expect(debug.some((l) => l.level === 40)).toBe(true);
    expect(debug.some((l) => l.level === 30)).toBe(false);
  });

  it('logs a failed delivery at info level with its reason, EC and the 203 message', async () => {
    const { base } = await receiver((_req, res) => json(res, '{"error":\n  "UNTRUSTED_KEY_URL"}', 500));
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    await deliverCallback(input(params([`${base}/cb`])), options({ logger }));
    const info = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 30);
    expect(info).toEqual([
      expect.objectContaining({
        // The receiver's reason is in its reply: the line carries it, on one line.
        msg: 'callback failed (203 CallbackFailed): Error status : 500. The callback server answered 500: {"error": "UNTRUSTED_KEY_URL"}',
        reason: 'status',
        ec: '0007-00000203',
        urls: [`${base}/cb`],
        bucket: expect.any(String),
        key: expect.any(String),
      }),
    ]);
  });
});

describe('deliverCallback options', () => {
  it('rejects a non-positive timeout or size limit', () => {
    expect(() => createCallbackDeliverer(options({ timeoutMs: 0 }))).toThrow(RangeError);
    expect(() => createCallbackDeliverer(options({ maxResponseBytes: 0.5 }))).toThrow(RangeError);
  });
});
