// Type-checked (never run) by ../pack-test.mjs: a CommonJS TypeScript file (.cts, NodeNext) imports
// every entry point; tsc compiles these imports to require(), which loads the ESM packages
// through Node's require(esm) (program.mjs requires each one at run time).
import { crc64 } from '@ossbox/protocol';
import { Client } from '@ossbox/sdk';
import { createCallbackVerifier } from '@ossbox/callback';
import { ossCallbackPlugin } from '@ossbox/callback/fastify';
import { ossCallback } from '@ossbox/callback/koa';
import { generateTestKeyPair } from '@ossbox/callback/testing';
import { startEmulator } from '@ossbox/emulator';
import { startReceiver } from '@ossbox/receiver';

export const checksum: bigint = crc64(new TextEncoder().encode('123456789'));
export const client = new Client({ endpoint: 'http://127.0.0.1:9000', accessKeyId: 'ossbox', accessKeySecret: 'ossbox-secret' });
export const verifier = createCallbackVerifier();
export const entryPoints = [ossCallbackPlugin, ossCallback, generateTestKeyPair, startEmulator, startReceiver];
