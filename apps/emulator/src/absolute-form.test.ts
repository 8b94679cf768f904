/**
 * Absolute-form request targets (http/request-target.ts), as clients send them to an HTTP proxy:
 * raw TCP for the exact request lines, and undici's ProxyAgent (proxyTunnel off, so it sends
 * `GET http://bucket.host/key`) pointed at the emulator for a real client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxyAgent, request } from 'undici';
import { authorizationV4, formatV4DateTime, parseErrorXml, presignV1 } from '@ossbox/protocol';
import { CREDENTIALS, oss, signedHeaders, startTestEmulator, type TestEmulator } from './test-support/harness.js';
import { rawConnect } from './test-support/raw-http.js';

const B = 'examplebucket';

/** Send `head` (+ `body`) on a fresh connection and return status, headers and body of the answer. */
async function exchange(url: string, head: string, body = ''): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const c = await rawConnect(url);
  // write, not end: Node aborts a request whose client half-closes; `Connection: close` ends it.
  c.socket.write(head + body);
  await c.closed;
  const [top = '', text = ''] = c.text().split('\r\n\r\n', 2);
  const headers: Record<string, string> = {};
  for (const line of top.split('\r\n').slice(1)) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(top)?.[1]), headers, body: text };
}

function requestHead(method: string, target: string, headers: Record<string, string>): string {
  const lines = [`${method} ${target} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close'];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

describe('absolute-form request targets', () => {
  let t: TestEmulator;
  let authority: string;
  beforeAll(async () => {
    t = await startTestEmulator();
    authority = new URL(t.emulator.url).host;
  });
  afterAll(() => t.close());

  it('path style: the target names bucket and key, a different Host header is ignored (RFC 9112 §3.2.2)', async () => {
    const key = 'dir/a b+c';
    const headers = signedHeaders('PUT', { bucket: B, key, body: 'abs', headers: { 'Content-Length': '3' } });
    // The Host alone would make this a virtual-hosted request for bucket "otherbucket".
    const put = await exchange(t.emulator.url, requestHead('PUT', `http://${authority}/${B}/dir/a%20b%2Bc`, { Host: 'otherbucket.localhost', ...headers }), 'abs');
    expect(put.status).toBe(200);
    const get = await oss(t.emulator.url, 'GET', { bucket: B, key });
    expect([get.status, get.text]).toEqual([200, 'abs']);
  });

  it('virtual-hosted: the bucket comes from the target authority; the query is parsed from the target', async () => {
    expect((await oss(t.emulator.url, 'PUT', { bucket: B, key: 'vh.txt', body: 'vh' })).status).toBe(200);
    const vhost = `${B}.localhost:${new URL(t.emulator.url).port}`;
    const get = await exchange(t.emulator.url, requestHead('GET', `http://${vhost}/vh.txt`, { Host: authority, ...signedHeaders('GET', { bucket: B, key: 'vh.txt' }) }));
    expect([get.status, get.body]).toEqual([200, 'vh']);

    const acl = await exchange(t.emulator.url, requestHead('GET', `HTTP://${vhost}/vh.txt?acl`, { Host: authority, ...signedHeaders('GET', { bucket: B, key: 'vh.txt', query: { acl: '' } }) }));
    expect(acl.status).toBe(200);
    expect(acl.body).toContain('<AccessControlPolicy>');
  });

  it('URL signatures (V1) and V4 header signatures are checked over the path the SDK signed', async () => {
    expect((await oss(t.emulator.url, 'PUT', { bucket: B, key: 'signed.txt', body: 's' })).status).toBe(200);
    const params = presignV1({ method: 'GET', bucket: B, key: 'signed.txt', headers: {}, query: {} }, CREDENTIALS, Math.floor(Date.now() / 1000) + 600);
    const presigned = await exchange(t.emulator.url, requestHead('GET', `http://${authority}/${B}/signed.txt?${new URLSearchParams(params)}`, { Host: authority }));
    expect([presigned.status, presigned.body]).toEqual([200, 's']);

    const headers: Record<string, string> = { 'x-oss-date': formatV4DateTime(new Date()), 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD', Host: authority };
    headers.Authorization = authorizationV4({ method: 'GET', bucket: B, key: 'signed.txt', headers, query: {} }, CREDENTIALS, { region: t.emulator.config.region, additionalHeaders: ['host'] });
    const v4 = await exchange(t.emulator.url, requestHead('GET', `http://${authority}/${B}/signed.txt`, headers));
    expect([v4.status, v4.body]).toEqual([200, 's']);

    // A signature for another key does not pass because the request came in absolute form.
    const other = await exchange(t.emulator.url, requestHead('GET', `http://${authority}/${B}/signed.txt`, { Host: authority, ...signedHeaders('GET', { bucket: B, key: 'other.txt' }) }));
    expect(other.status).toBe(403);
    expect(parseErrorXml(other.body)?.code).toBe('SignatureDoesNotMatch');
  });

  it('the emulator routes and a bare authority (no path: ListBuckets) work in absolute form', async () => {
    const health = await exchange(t.emulator.url, requestHead('GET', `http://${authority}/_ossbox/health`, { Host: 'elsewhere' }));
    expect([health.status, health.body]).toEqual([200, '{"status":"ok"}']);
    const list = await exchange(t.emulator.url, requestHead('GET', `http://${authority}`, { Host: authority, ...signedHeaders('GET', {}) }));
    expect(list.status).toBe(200);
    expect(list.body).toContain(`<Name>${B}</Name>`);
  });

  it.each([
    ['an empty host', 'http:///examplebucket/k'],
    ['user info', `http://user@127.0.0.1/examplebucket/k`],
    ['a scheme other than http(s)', 'ftp://127.0.0.1/examplebucket/k'],
  ])('%s is 400 InvalidURI with the request id', async (_name, target) => {
    const res = await exchange(t.emulator.url, requestHead('GET', target, { Host: authority }));
    expect(res.status).toBe(400);
    const error = parseErrorXml(res.body)!;
    expect(error.code).toBe('InvalidURI');
    expect(error.requestId).toBe(res.headers['x-oss-request-id']);
  });

  it('a real client through a proxy: undici ProxyAgent sends absolute form to the emulator as its proxy', async () => {
    const port = new URL(t.emulator.url).port;
    const proxy = new ProxyAgent({ uri: t.emulator.url, proxyTunnel: false });
    try {
      const put = await request(`http://${B}.localhost:${port}/via%20proxy.txt`, {
        method: 'PUT',
        dispatcher: proxy,
        body: 'proxied',
        headers: signedHeaders('PUT', { bucket: B, key: 'via proxy.txt', body: 'proxied' }),
      });
      expect(put.statusCode).toBe(200);
      await put.body.dump();
      const get = await request(`http://${B}.localhost:${port}/via%20proxy.txt`, { dispatcher: proxy, headers: signedHeaders('GET', { bucket: B, key: 'via proxy.txt' }) });
      expect([get.statusCode, await get.body.text()]).toEqual([200, 'proxied']);
    } finally {
      await proxy.close();
    }
  });
});
