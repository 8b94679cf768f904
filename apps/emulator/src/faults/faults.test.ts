/**
 * Fault injection on a real emulator: the `/_ossbox/faults` API, every effect over real sockets
 * (what the client sees and what is stored), start-up rules, and the event each fault emits.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { encodeCallback, parseErrorXml } from '@ossbox/protocol';
import type { CallbackReceiver } from '../test-support/callback-receiver.js';
import { replyJson, startReceiver } from '../test-support/callback-receiver.js';
import type { TestEmulator } from '../test-support/harness.js';
import { oss, signedHeaders, startTestEmulator, targetOf, tempFiles } from '../test-support/harness.js';
import type { OssRequest } from '../test-support/harness.js';
import type { RunningEmulator } from '../server.js';
import type { EmulatorEvent } from '../events/index.js';

const B = 'examplebucket';

/** What a raw client saw: status (if a head came), body bytes, and whether the exchange broke off. */
interface RawOutcome {
  status?: number;
  body: Buffer;
  broken: boolean;
}

/** Send a signed request with node:http and report how it ended, without throwing on resets. */
function rawRequest(url: string, method: string, request: OssRequest): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const headers = signedHeaders(method, request);
    if (request.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(request.body));
    const req = httpRequest(`${url}${targetOf(request)}`, { method, headers, agent: false });
    const chunks: Buffer[] = [];
    req.on('error', () => resolve({ body: Buffer.concat(chunks), broken: true }));
    req.on('response', (res) => {
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', () => undefined);
      res.on('close', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), broken: !res.complete }));
    });
    req.end(request.body);
  });
}

describe('fault injection', () => {
  let t: TestEmulator;
  let emulator: RunningEmulator;
  let seen: EmulatorEvent[] = [];
  let stop: () => void;

  beforeAll(async () => {
    t = await startTestEmulator({ callbackTimeoutMs: 300 });
    emulator = t.emulator;
    stop = emulator.events.subscribe((e) => seen.push(e));
  });
  afterAll(async () => {
    stop();
    await t.close();
  });
  afterEach(() => {
    emulator.clearFaults();
    seen = [];
  });

  const api = () => supertest(emulator.url);
  const faultEvents = () => seen.filter((e) => e.type === 'fault');
  const stored = async (key: string) => (await oss(emulator.url, 'GET', { bucket: B, key })).status === 200;

  const putWithFault = async (key: string, body = 'hello') => rawRequest(emulator.url, 'PUT', { bucket: B, key, body });

  describe('the /_ossbox/faults API', () => {
    it('POST adds a rule (201, with id and counters), GET lists it, DELETE removes one, then all', async () => {
      const rule = { operation: 'PutObject', keyPrefix: 'api/', first: 1, effect: { type: 'error', code: 'InternalError' } };
      const added = await api().post('/_ossbox/faults').send(rule).expect(201);
      expect(added.body).toEqual({ id: expect.stringMatching(/^fault-\d+$/), ...rule, matched: 0, fired: 0 });
      const id = added.body.id as string;
      // curl -d sends application/x-www-form-urlencoded: the body is JSON all the same.
      const second = await api()
        .post('/_ossbox/faults')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(JSON.stringify({ effect: { type: 'delay', ms: 1 } }))
        .expect(201);
      expect(second.body.id).not.toBe(id);

      expect((await putWithFault('api/a.txt')).status).toBe(500);
      const listed = await api().get('/_ossbox/faults').expect(200);
      // The error decided the request: the delay rule installed after it never saw it.
      expect(listed.body.faults.map((f: { id: string; matched: number; fired: number }) => [f.id, f.matched, f.fired])).toEqual([
        [id, 1, 1],
        [second.body.id, 0, 0],
      ]);
      expect(emulator.faults()).toEqual(listed.body.faults);

      await api().delete(`/_ossbox/faults/${id}`).expect(204);
      expect((await api().delete(`/_ossbox/faults/${id}`).expect(404)).body).toEqual({ error: `no fault rule ${id}` });
      expect((await api().delete('/_ossbox/faults').expect(200)).body).toEqual({ removed: 1 });
      expect((await api().get('/_ossbox/faults').expect(200)).body).toEqual({ faults: [] });
    });

    it('refuses bad JSON, a non-object and invalid rules with 400 and a message naming the problem', async () => {
      const bad = async (body: string) => (await api().post('/_ossbox/faults').type('json').send(body).expect(400)).body.error as string;
      expect(await bad('{"effect":')).toMatch(/^invalid request body: /);
      expect(await bad('"PutObject"')).toMatch(/^invalid fault rule: .*expected object/);
      expect(await bad('{"operation":"PutObjects","effect":{"type":"delay","ms":1}}')).toMatch(
        /^invalid fault rule: operation: unknown OSS operation "PutObjects"; one of ListBuckets, /,
      );
      expect(await bad('{"effect":{"type":"error","code":"ServiceUnavailable"}}')).toMatch(/effect\.status: ossbox does not know/);
      expect(emulator.faults()).toEqual([]);
    });

    it('with an admin token, the API requires it like every /_ossbox route', async () => {
      const other = await startTestEmulator({ adminToken: 'fault-admin-token' });
      try {
        const rule = { effect: { type: 'delay', ms: 1 } };
        await supertest(other.emulator.url).post('/_ossbox/faults').send(rule).expect(401);
        await supertest(other.emulator.url).get('/_ossbox/faults').expect(401);
        expect(other.emulator.faults()).toEqual([]);
        await supertest(other.emulator.url).post('/_ossbox/faults').set('Authorization', 'Bearer fault-admin-token').send(rule).expect(201);
        expect(other.emulator.faults()).toHaveLength(1);
      } finally {
        await other.close();
      }
    });

    it('start-up rules (startEmulator({ faults }), as --fault gives) are installed and apply', async () => {
      const other = await startTestEmulator({ faults: [{ operation: 'GetBucketInfo', effect: { type: 'error', code: 'AccessDenied' } }] });
      try {
        expect(other.emulator.faults()).toEqual([
          { id: 'fault-1', operation: 'GetBucketInfo', effect: { type: 'error', code: 'AccessDenied' }, matched: 0, fired: 0 },
        ]);
        const res = await oss(other.emulator.url, 'GET', { bucket: B, query: { bucketInfo: '' } });
        expect(res.status).toBe(403);
        expect(parseErrorXml(res.text)?.code).toBe('AccessDenied');
      } finally {
        await other.close();
      }
    });
  });

  describe('error', () => {
    it('answers the OSS error XML (RequestId, HostId, EC) with the given status; nothing is stored', async () => {
      const { id } = emulator.addFault({ operation: 'PutObject', effect: { type: 'error', code: 'ServiceUnavailable', status: 503, ec: '0002-00000504' } });
      const res = await oss(emulator.url, 'PUT', { bucket: B, key: 'err/a.txt', body: 'x'.repeat(200_000) });
      expect(res.status).toBe(503);
      expect(res.headers['x-oss-ec']).toBe('0002-00000504');
      const doc = parseErrorXml(res.text);
      expect(doc).toMatchObject({ code: 'ServiceUnavailable', message: 'ServiceUnavailable', ec: '0002-00000504' });
      expect(doc?.requestId).toBe(res.headers['x-oss-request-id']);
      expect(doc?.hostId).toBe(new URL(emulator.url).host);
      expect(await stored('err/a.txt')).toBe(false);
      expect(await tempFiles(t.dir).catch(() => [])).toEqual([]);
      expect(faultEvents()).toEqual([
        expect.objectContaining({ ruleId: id, effect: 'error', operation: 'PutObject', bucket: B, key: 'err/a.txt', requestId: doc?.requestId }),
      ]);
    });

    it('a known code takes its OSS status, message and EC (403 RequestTimeTooSkewed; 500 InternalError)', async () => {
      emulator.addFault({ operation: 'GetObject', first: 1, effect: { type: 'error', code: 'RequestTimeTooSkewed' } });
      emulator.addFault({ operation: 'GetObject', first: 1, effect: { type: 'error', code: 'InternalError', message: 'injected' } });
      expect((await oss(emulator.url, 'PUT', { bucket: B, key: 'err/b.txt', body: 'b' })).status).toBe(200);
      const skewed = await oss(emulator.url, 'GET', { bucket: B, key: 'err/b.txt' });
      expect(skewed.status).toBe(403);
      expect(parseErrorXml(skewed.text)).toMatchObject({
        code: 'RequestTimeTooSkewed',
        message: 'The difference between the request time and the current time is too large.',
      });
      const internal = await oss(emulator.url, 'GET', { bucket: B, key: 'err/b.txt' });
      expect(internal.status).toBe(500);
      expect(parseErrorXml(internal.text)).toMatchObject({ code: 'InternalError', message: 'injected' });
      const ok = await oss(emulator.url, 'GET', { bucket: B, key: 'err/b.txt' });
      expect([ok.status, ok.text]).toEqual([200, 'b']);
    });

    it('HEAD gets the error in x-oss-err, as every HEAD error', async () => {
      emulator.addFault({ operation: 'HeadObject', effect: { type: 'error', code: 'InternalError' } });
      const res = await oss(emulator.url, 'HEAD', { bucket: B, key: 'anything' });
      expect(res.status).toBe(500);
      expect(parseErrorXml(Buffer.from(res.headers['x-oss-err']!, 'base64').toString())?.code).toBe('InternalError');
    });

    it('a fault never hides a real refusal: a request that fails authentication is refused as before', async () => {
      emulator.addFault({ effect: { type: 'error', code: 'InternalError' } });
      const res = await oss(emulator.url, 'GET', { bucket: B, key: 'k', credentials: { accessKeyId: 'ossbox', accessKeySecret: 'wrong' } });
      expect(parseErrorXml(res.text)?.code).toBe('SignatureDoesNotMatch');
      expect(emulator.faults()[0]).toMatchObject({ matched: 0, fired: 0 });
    });
  });

  describe('delay', () => {
    it('holds the request for at least the given time, then runs it; delays of several rules add up', async () => {
      emulator.addFault({ operation: 'PutObject', effect: { type: 'delay', ms: 150 } });
      emulator.addFault({ keyPrefix: 'slow/', effect: { type: 'delay', ms: 100 } });
      const started = performance.now();
      expect((await oss(emulator.url, 'PUT', { bucket: B, key: 'slow/a.txt', body: 'a' })).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(250);
      expect(faultEvents().map((e) => (e as { effect: string }).effect)).toEqual(['delay', 'delay']);
      expect(await stored('slow/a.txt')).toBe(true);
    });
  });

  describe('cut-request', () => {
    it('drops the connection after the given body bytes without answering; nothing is stored', async () => {
      emulator.addFault({ operation: 'PutObject', effect: { type: 'cut-request', afterBytes: 64 * 1024 } });
      const outcome = await rawRequest(emulator.url, 'PUT', { bucket: B, key: 'cut/a.bin', body: Buffer.alloc(1024 * 1024, 7) });
      expect(outcome.broken).toBe(true);
      expect(outcome.status).toBeUndefined();
      expect(await stored('cut/a.bin')).toBe(false);
      expect(await tempFiles(t.dir).catch(() => [])).toEqual([]);
      expect(faultEvents()).toEqual([expect.objectContaining({ effect: 'cut-request', key: 'cut/a.bin' })]);
    });

    it('with afterBytes 0, or a body shorter than afterBytes, the connection drops all the same', async () => {
      emulator.addFault({ operation: 'UploadPart', first: 1, effect: { type: 'cut-request', afterBytes: 0 } });
      emulator.addFault({ operation: 'UploadPart', first: 1, effect: { type: 'cut-request', afterBytes: 1000 } });
      const init = await oss(emulator.url, 'POST', { bucket: B, key: 'cut/mp.bin', query: { uploads: '' } });
      const uploadId = /<UploadId>([^<]+)</.exec(init.text)![1]!;
      const part = { bucket: B, key: 'cut/mp.bin', query: { partNumber: '1', uploadId }, body: 'short part' };
      for (let i = 0; i < 2; i++) expect(await rawRequest(emulator.url, 'PUT', part)).toEqual({ body: Buffer.alloc(0), broken: true });
      const parts = await oss(emulator.url, 'GET', { bucket: B, key: 'cut/mp.bin', query: { uploadId } });
      expect(parts.text).not.toContain('<Part>');
      expect((await rawRequest(emulator.url, 'PUT', part)).status).toBe(200);
    });
  });

  describe('cut-response', () => {
    it('GetObject: exactly afterBytes of the body arrive, then the connection drops', async () => {
      const body = Buffer.alloc(300_000, 1);
      expect((await oss(emulator.url, 'PUT', { bucket: B, key: 'cut/get.bin', body })).status).toBe(200);
      emulator.addFault({ operation: 'GetObject', effect: { type: 'cut-response', afterBytes: 100_000 } });
      const outcome = await rawRequest(emulator.url, 'GET', { bucket: B, key: 'cut/get.bin' });
      expect(outcome.status).toBe(200);
      expect(outcome.broken).toBe(true);
      expect(outcome.body.length).toBe(100_000);
    });

    it('PutObject with afterBytes 0: the object IS stored, the client gets no response at all', async () => {
      emulator.addFault({ operation: 'PutObject', first: 1, effect: { type: 'cut-response', afterBytes: 0 } });
      const outcome = await rawRequest(emulator.url, 'PUT', { bucket: B, key: 'cut/lost.txt', body: 'stored anyway' });
      expect(outcome).toEqual({ body: Buffer.alloc(0), broken: true });
      const got = await oss(emulator.url, 'GET', { bucket: B, key: 'cut/lost.txt' });
      expect([got.status, got.text]).toEqual([200, 'stored anyway']);
    });

    it('a body not longer than afterBytes goes out whole', async () => {
      expect((await oss(emulator.url, 'PUT', { bucket: B, key: 'cut/small.txt', body: 'small' })).status).toBe(200);
      emulator.addFault({ operation: 'GetObject', effect: { type: 'cut-response', afterBytes: 1000 } });
      const outcome = await rawRequest(emulator.url, 'GET', { bucket: B, key: 'cut/small.txt' });
      expect(outcome).toMatchObject({ status: 200, broken: false });
      expect(outcome.body.toString()).toBe('small');
    });
  });

  describe('callback', () => {
    let receiver: CallbackReceiver;
    beforeAll(async () => {
      receiver = await startReceiver(replyJson('{"Status":"OK"}'));
    });
    afterAll(async () => {
      await receiver.close();
    });
    const callbackHeader = () => ({
      'x-oss-callback': encodeCallback({ urls: [`${receiver.url}/cb`], body: 'object=${object}', bodyType: 'application/x-www-form-urlencoded' }),
    });

    const cases: Array<[string, object, string, string]> = [
      ['connect', { outcome: 'connect' }, 'Error status : -1.OSS can not connect to your callbackUrl, please check it', '0007-00000203'],
      ['timeout', { outcome: 'timeout' }, 'Cost too long time', '0007-00000202'],
      ['status', { outcome: 'status', status: 502 }, 'Error status : 502.', '0007-00000203'],
      ['not-json', { outcome: 'not-json' }, 'Response body is not valid json format.', '0007-00000205'],
    ];
    it.each(cases)('%s: 203 CallbackFailed with OSS message and EC; the object is stored; the receiver is not contacted', async (outcome, effect, message, ec) => {
      const { id } = emulator.addFault({ operation: 'PutObject', effect: { type: 'callback', ...effect } as never });
      const key = `cb/${outcome}.txt`;
      const res = await oss(emulator.url, 'PUT', { bucket: B, key, body: 'cb', headers: callbackHeader() });
      expect(res.status).toBe(203);
      expect(res.headers['x-oss-ec']).toBe(ec);
      expect(parseErrorXml(res.text)).toMatchObject({ code: 'CallbackFailed', message, ec });
      expect(res.headers.etag).toBeTruthy();
      expect(await stored(key)).toBe(true);
      expect(receiver.received).toHaveLength(0);
      const attempt = emulator.callbackLog.query({ key })[0]!;
      expect(attempt).toMatchObject({ outcome, fault: id, message, ec });
      expect(attempt.requestLine).toBe('POST /cb HTTP/1.1');
      expect(attempt.error).toBe(`injected by fault rule ${id}; the receiver was not contacted`);
      expect(seen.filter((e) => e.type === 'fault' || e.type === 'callback').map((e) => e.type)).toEqual(['fault', 'callback']);
      expect(await emulator.waitFor({ type: 'callback', key })).toMatchObject({ outcome, fault: id });
    });

    it('counts callbacks, not requests: first 1 fails the first upload with a callback only', async () => {
      emulator.addFault({ first: 1, effect: { type: 'callback', outcome: 'connect' } });
      expect((await oss(emulator.url, 'PUT', { bucket: B, key: 'cb/plain.txt', body: 'p' })).status).toBe(200);
      expect((await oss(emulator.url, 'PUT', { bucket: B, key: 'cb/1.txt', body: '1', headers: callbackHeader() })).status).toBe(203);
      const ok = await oss(emulator.url, 'PUT', { bucket: B, key: 'cb/2.txt', body: '2', headers: callbackHeader() });
      expect([ok.status, ok.text]).toEqual([200, '{"Status":"OK"}']);
      expect(receiver.received).toHaveLength(1);
      receiver.received.length = 0;
    });
  });
});
