import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { crc64 } from '@ossbox/protocol';
import { crc64Engine, crc64Of, crc64WasmReady } from './crc64-wasm.js';

describe('crc64Of', () => {
  beforeAll(async () => {
    // The WebAssembly module compiles in the background; before that, crc64Of is the JS one.
    await crc64WasmReady;
    expect(crc64Engine()).toBe('wasm');
  });

  it('gives the published CRC-64/XZ check value and the OSS Python SDK example value', () => {
    // CRC-64/XZ check value (CRC catalogue), and aliyun-oss-python-sdk examples/object_callback.py.
    expect(crc64Of(Buffer.from('123456789'))).toBe(11051210869376104954n);
    expect(crc64Of(Buffer.from("Anything you're good at contributes to happiness."))).toBe(108247482078852440n);
    expect(crc64Of(new Uint8Array(0))).toBe(0n);
  });

  it('agrees with the protocol package on views into larger buffers', () => {
    const data = randomBytes(3 * 1024 * 1024 + 7);
    const views = [data.subarray(1, 1_000_001), data.subarray(5), data.subarray(100, 117)];
    expect(views.map((view) => crc64Of(view))).toEqual(views.map((view) => crc64(view)));
  });
});
