import { getGlobalDispatcher, MockAgent, setGlobalDispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { request, requestDroppingBody } from './undici-request.js';

/** A MockAgent that records the origin and path of every request it is given. */
function recordingAgent(): { agent: MockAgent; seen: { origin: string; path: string; method: string }[] } {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const seen: { origin: string; path: string; method: string }[] = [];
  const original = agent.dispatch.bind(agent);
  agent.dispatch = (opts, handler) => {
    seen.push({ origin: String(opts.origin), path: opts.path, method: opts.method });
    return original(opts, handler);
  };
  return { agent, seen };
}

describe('request (undici request without undici index)', () => {
  const global = getGlobalDispatcher();
  afterEach(() => setGlobalDispatcher(global));

  it('sends the origin, path and query as undici request(url) does, on the dispatcher given', async () => {
    const { agent, seen } = recordingAgent();
    agent.get('http://bucket.oss.example.com').intercept({ path: '/a%20b/c?uploadId=U1&partNumber=2', method: 'PUT' }).reply(200, 'ok', { headers: { etag: '"E"' } });
    const res = await request('HTTP://Bucket.OSS.example.com:80/a%20b/c?uploadId=U1&partNumber=2', { method: 'PUT', body: 'x', dispatcher: agent });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"E"');
    expect(await res.body.text()).toBe('ok');
    // undici's own request() normalises the origin (lower case, default port dropped) the same way.
    expect(seen).toEqual([{ origin: 'http://bucket.oss.example.com', path: '/a%20b/c?uploadId=U1&partNumber=2', method: 'PUT' }]);
    await agent.close();
  });

  it("uses undici's global dispatcher, as set through undici's own index", async () => {
    const { agent, seen } = recordingAgent();
    agent.get('http://127.0.0.1:9').intercept({ path: '/', method: 'GET' }).reply(204, '');
    setGlobalDispatcher(agent);
    const res = await request('http://127.0.0.1:9/', { method: 'GET' });
    expect(res.statusCode).toBe(204);
    await res.body.dump();
    expect(seen).toHaveLength(1);
    await agent.close();
  });
});

describe('requestDroppingBody (UploadPart: undici dispatch, no response stream)', () => {
  const global = getGlobalDispatcher();
  afterEach(() => setGlobalDispatcher(global));

  it('sends what request(url) sends, drops a 2xx body and keeps an error body', async () => {
    const { agent, seen } = recordingAgent();
    const pool = agent.get('http://bucket.oss.example.com');
    pool.intercept({ path: '/a%20b/c?uploadId=U1&partNumber=2', method: 'PUT' }).reply(200, 'ignored', { headers: { etag: '"E"', 'x-oss-meta-a': ['1', '2'] } });
    pool.intercept({ path: '/a%20b/c?uploadId=U1&partNumber=3', method: 'PUT' }).reply(404, '<Error><Code>NoSuchUpload</Code></Error>');
    setGlobalDispatcher(agent);
    const ok = await requestDroppingBody('HTTP://Bucket.OSS.example.com:80/a%20b/c?uploadId=U1&partNumber=2', { method: 'PUT', body: 'x' });
    expect(ok).toMatchObject({ statusCode: 200, headers: { etag: '"E"', 'x-oss-meta-a': ['1', '2'] } });
    expect(ok.errorBody.length).toBe(0);
    const failed = await requestDroppingBody('http://bucket.oss.example.com/a%20b/c?uploadId=U1&partNumber=3', { method: 'PUT', body: 'x' });
    expect(failed.statusCode).toBe(404);
    expect(failed.errorBody.toString()).toBe('<Error><Code>NoSuchUpload</Code></Error>');
    expect(seen.map((r) => r.origin)).toEqual(['http://bucket.oss.example.com', 'http://bucket.oss.example.com']);
    await agent.close();
  });

  it("rejects with the signal's reason, before or during the request", async () => {
    const { agent } = recordingAgent();
    agent.get('http://127.0.0.1:9').intercept({ path: '/', method: 'PUT' }).reply(200, '').delay(5_000);
    const reason = new Error('stop');
    await expect(requestDroppingBody('http://127.0.0.1:9/', { method: 'PUT', dispatcher: agent, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    const controller = new AbortController();
    const pending = requestDroppingBody('http://127.0.0.1:9/', { method: 'PUT', dispatcher: agent, signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
    await agent.close();
  });
});
