// Run by ../pack-test.mjs with plain Node against the installed tarballs (ESM, no build step).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { crc64, decodeCallback } from '@ossbox/protocol';
import { Callback } from '@ossbox/sdk';
import { createCallbackVerifier, verifyFetchRequest } from '@ossbox/callback';
import { generateTestKeyPair, signCallbackRequest } from '@ossbox/callback/testing';
import { ossCallbackPlugin } from '@ossbox/callback/fastify';
import { startReceiver } from '@ossbox/receiver';
import Fastify from 'fastify';
import * as emulator from '@ossbox/emulator';

// The published CRC-64/XZ check value.
assert.equal(crc64(new TextEncoder().encode('123456789')), 11051210869376104954n);

// The SDK's callback header decodes with the protocol package.
const callback = new Callback({ url: 'http://127.0.0.1:9001/oss/callback', body: 'object=${object}' });
assert.equal(decodeCallback(callback.toHeaders()['x-oss-callback']).body, 'object=${object}');

// A callback signed with a test key verifies in-process and through a running receiver.
const keys = generateTestKeyPair({ modulusLength: 1024 });
const publicKeyUrl = 'http://keys.test/callback_pub_key_v1.pem';
const publicKeys = { [publicKeyUrl]: keys.publicKey };
const signed = signCallbackRequest({ privateKey: keys.privateKey, publicKeyUrl, url: '/oss/callback?order=7', body: { object: 'a.txt' } });
const verified = await createCallbackVerifier({ publicKeys }).verify(signed);
assert.equal(verified.parsed.object, 'a.txt');
const fromFetch = await verifyFetchRequest(
  new Request(`http://127.0.0.1${signed.url}`, { method: 'POST', headers: signed.headers, body: signed.body }),
  { publicKeys },
);
assert.equal(fromFetch.requestTarget, '/oss/callback?order=7');

const receiver = await startReceiver({ port: 0, silent: true, verifierOptions: { publicKeys } });
try {
  // fetch sets Host and Content-Length itself.
  const { host: _host, 'content-length': _length, ...headers } = signed.headers;
  const response = await fetch(receiver.url + signed.url, { method: 'POST', headers, body: signed.body });
  assert.equal(response.status, 200);
  assert.equal((await response.json()).Status, 'OK');
} finally {
  await receiver.close();
}

// The Fastify subpath, with the fastify the consumer installed.
const app = Fastify();
app.register(async (callbacks) => {
  await callbacks.register(ossCallbackPlugin, { publicKeys });
  callbacks.post('/oss/callback', async (request) => ({ Status: 'OK', object: request.ossCallback.parsed.object }));
});
await app.listen({ port: 0, host: '127.0.0.1' });
try {
  const { host: _host, 'content-length': _length, ...headers } = signed.headers;
  const response = await fetch(`http://127.0.0.1:${app.server.address().port}${signed.url}`, { method: 'POST', headers, body: signed.body });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { Status: 'OK', object: 'a.txt' });
} finally {
  await app.close();
}

assert.equal(typeof emulator.startEmulator, 'function');
assert.equal(typeof emulator.createApp, 'function');

// CommonJS consumers: require(esm), on by default since Node 20.19 (the engines floor), loads
// every entry point (it throws for a module graph with top-level await).
const require = createRequire(import.meta.url);
const entryPoints = {
  '@ossbox/protocol': 'crc64',
  '@ossbox/sdk': 'Client',
  '@ossbox/callback': 'createCallbackVerifier',
  '@ossbox/callback/testing': 'signCallbackRequest',
  '@ossbox/callback/fastify': 'ossCallbackPlugin',
  '@ossbox/callback/koa': 'ossCallback',
  '@ossbox/emulator': 'startEmulator',
  '@ossbox/receiver': 'startReceiver',
};
for (const [id, name] of Object.entries(entryPoints)) assert.equal(typeof require(id)[name], 'function', id);
console.log('protocol, sdk, callback (core, /testing, /fastify), receiver and emulator imported and working');
