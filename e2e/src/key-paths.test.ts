// Keys with `.`/`..` segments, end to end: @ossbox/sdk sends them with `/` as `%2F` so no URL
// parser drops a segment, signatureUrl links survive a WHATWG URL parser (what browsers use), and
// the emulator stores the key it was given, whether the dots arrive raw, as %2E, or behind %2F.
import { request as httpRequest } from 'node:http';
import { authorizationV1 } from '@ossbox/protocol';
import { Client } from '@ossbox/sdk';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  E2E_BUCKET,
  emulatorCredentials,
  startEmulatorProcess,
  type EmulatorProcess,
} from './harness/index.js';

const KEY = 'dot/./seg/../x.txt';

let emulator: EmulatorProcess;
beforeAll(async () => {
  emulator = await startEmulatorProcess({ buckets: [E2E_BUCKET] });
});
afterAll(async () => {
  await emulator?.dispose();
});

test.each(['v4', 'v1'] as const)(
  'SDK (%s): put, get, list and a presigned link keep the key',
  async (signatureVersion) => {
    const bucket = new Client({ endpoint: emulator.url, ...emulatorCredentials, signatureVersion }).getBucket(
      E2E_BUCKET,
    );
    const key = `${signatureVersion}/${KEY}`;
    await bucket.putObject(key, { body: 'dots' });
    const { body } = await bucket.getObject(key);
    expect(Buffer.concat(await body!.toArray()).toString()).toBe('dots');
    expect(
      (await bucket.listObjectsPage({ prefix: `${signatureVersion}/` })).contents.map((o) => o.key),
    ).toEqual([key]);
    // The object under the collapsed name does not exist: nothing was normalised on the way.
    expect(await bucket.objectExists(`${signatureVersion}/dot/x.txt`)).toBe(false);
    const link = await fetch(bucket.signatureUrl(key, { expires: 60 }));
    expect(link.status).toBe(200);
    expect(await link.text()).toBe('dots');
  },
);

test('the emulator reads %2E segments as the key, like any other percent-encoding', async () => {
  const key = 'raw/./seg/../y.txt';
  const headers: Record<string, string> = { date: new Date().toUTCString(), 'content-type': 'text/plain' };
  headers.authorization = authorizationV1(
    { method: 'PUT', bucket: E2E_BUCKET, key, headers, query: {} },
    emulatorCredentials,
  );
  // A `path` option goes out as given (a URL string would be normalised), like curl --path-as-is.
  const status = await new Promise<number>((resolve, reject) => {
    const path = `/${E2E_BUCKET}/raw/%2E/seg/%2E%2E/y.txt`;
    const req = httpRequest(
      { host: '127.0.0.1', port: emulator.port, path, method: 'PUT', headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end('raw');
  });
  expect(status).toBe(200);
  const bucket = new Client({ endpoint: emulator.url, ...emulatorCredentials }).getBucket(E2E_BUCKET);
  const { body } = await bucket.getObject(key);
  expect(Buffer.concat(await body!.toArray()).toString()).toBe('raw');
});
