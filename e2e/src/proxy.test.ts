// @ossbox/sdk through an HTTP proxy hop: undici's ProxyAgent with proxyTunnel off sends every
// request in absolute form (`PUT http://<bucket>.localhost:<port>/<key> HTTP/1.1`) to its proxy,
// here the emulator itself, which must read bucket and key from that URL (RFC 9112 §3.2.2) and
// check the SDK's own signatures, V1 and V4, header-signed and presigned.
import { Client } from '@ossbox/sdk';
import { ProxyAgent, request } from 'undici';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  E2E_BUCKET,
  emulatorCredentials,
  startEmulatorProcess,
  type EmulatorProcess,
} from './harness/index.js';

let emulator: EmulatorProcess;
let proxy: ProxyAgent;
beforeAll(async () => {
  emulator = await startEmulatorProcess({ buckets: [E2E_BUCKET] });
  proxy = new ProxyAgent({ uri: emulator.url, proxyTunnel: false });
});
afterAll(async () => {
  await proxy?.close();
  await emulator?.dispose();
});

test.each(['v4', 'v1'] as const)(
  'SDK (%s), virtual-hosted through a proxy: put, get, list and a presigned link',
  async (signatureVersion) => {
    // `<bucket>.localhost` is never resolved: every connection goes to the proxy.
    const bucket = new Client({
      endpoint: `http://localhost:${emulator.port}`,
      pathStyle: false,
      ...emulatorCredentials,
      signatureVersion,
      dispatcher: proxy,
    }).getBucket(E2E_BUCKET);
    const key = `proxy/${signatureVersion}/a b+c.txt`;
    await bucket.putObject(key, { body: 'through the proxy' });
    const { body } = await bucket.getObject(key);
    expect(Buffer.concat(await body!.toArray()).toString()).toBe('through the proxy');
    expect(
      (await bucket.listObjectsPage({ prefix: `proxy/${signatureVersion}/` })).contents.map((o) => o.key),
    ).toEqual([key]);
    const link = await request(bucket.signatureUrl(key, { expires: 60 }), { dispatcher: proxy });
    expect([link.statusCode, await link.body.text()]).toEqual([200, 'through the proxy']);
  },
);
