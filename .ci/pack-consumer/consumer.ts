// Type-checked (never run) by ../pack-test.mjs against the installed tarballs: every public entry
// point, with skipLibCheck off so each package's .d.ts must resolve from its own dependencies.
import { crc64, decodeCallback, OSS_CALLBACK_PUBLIC_KEY_PEM, type CallbackParams } from '@ossbox/protocol';
import { Callback, CallbackError, Client, type PutObjectResult } from '@ossbox/sdk';
import {
  CallbackVerificationError,
  createCallbackVerifier,
  jsonResponse,
  ossCallback,
  replyJson,
  verifyFetchRequest,
  verifyNodeRequest,
  type CallbackVerifier,
  type VerifiedCallback,
} from '@ossbox/callback';
import { ossCallbackPlugin } from '@ossbox/callback/fastify';
import { ossCallback as ossCallbackKoa, type OssCallbackState } from '@ossbox/callback/koa';
import { generateTestKeyPair, signCallbackRequest, type SignedCallbackRequest } from '@ossbox/callback/testing';
import Fastify from 'fastify';
import { createApp as createEmulatorApp, startEmulator, type RunningEmulator, type StartEmulatorOptions } from '@ossbox/emulator';
import { startReceiver, type RunningReceiver } from '@ossbox/receiver';

export const checksum: bigint = crc64(new TextEncoder().encode('123456789'));
export const officialKey: string = OSS_CALLBACK_PUBLIC_KEY_PEM;
export const params: CallbackParams = decodeCallback(new Callback({ url: 'http://127.0.0.1:9001/cb', body: 'a=${object}' }).toHeaders()['x-oss-callback']!);

export const client = new Client({ endpoint: 'http://127.0.0.1:9000', accessKeyId: 'ossbox', accessKeySecret: 'ossbox-secret' });
export async function upload(): Promise<PutObjectResult | string> {
  try {
    return await client.getBucket('examplebucket').putObject('a.txt', { body: 'hello' });
  } catch (error) {
    // A 203 always carries the stored object's ETag: typed as present.
    if (error instanceof CallbackError) return error.etag.toLowerCase();
    throw error;
  }
}

export const verifier: CallbackVerifier = createCallbackVerifier({ trustedKeyUrlPrefixes: ['http://127.0.0.1:9000/'] });
export const middleware = ossCallback({ verifier });
export { replyJson, verifyNodeRequest };
export async function verify(signed: SignedCallbackRequest): Promise<VerifiedCallback> {
  return verifier.verify(signed);
}
export const keys = generateTestKeyPair({ modulusLength: 1024 });
export const signed: SignedCallbackRequest = signCallbackRequest({
  privateKey: keys.privateKey,
  publicKeyUrl: 'http://keys.test/pub.pem',
  url: '/cb',
  body: 'a=1',
});

export async function servers(options: StartEmulatorOptions): Promise<[RunningEmulator, RunningReceiver]> {
  return [await startEmulator(options), await startReceiver({ port: 0, silent: true })];
}
export { createEmulatorApp };
// The emulator README's events example: the filter's type narrows what waitFor resolves with.
export async function callbackStatus(emulator: RunningEmulator): Promise<number | undefined> {
  const event = await emulator.waitFor({ type: 'callback', key: 'files/a.png', outcome: 'success' }, { timeoutMs: 10_000 });
  return event.status;
}

// Fastify (a peer dependency the consumer installs), Koa (typed structurally: no koa types needed)
// and fetch-style route handlers.
export const fastify = Fastify();
fastify.register(async (callbacks) => {
  await callbacks.register(ossCallbackPlugin, { verifier });
  callbacks.post('/oss/callback', async (request) => ({ Status: 'OK', parsed: request.ossCallback?.parsed }));
});
export const koaMiddleware = ossCallbackKoa({ verifier });
export function koaState(state: OssCallbackState): unknown {
  return state.ossCallback.parsed;
}
export async function POST(request: Request): Promise<Response> {
  try {
    const callback = await verifyFetchRequest(request, verifier);
    return jsonResponse({ Status: 'OK', parsed: callback.parsed });
  } catch (error) {
    if (error instanceof CallbackVerificationError) return jsonResponse(error.toJSON(), error.status);
    throw error;
  }
}
