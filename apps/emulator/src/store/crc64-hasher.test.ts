import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { crc64 } from '@ossbox/protocol';
import { crc64Engine, crc64WasmReady, newCrc64Hash } from './crc64-hasher.js';

// docs/rest-api.md: the CRC-64/XZ check value, and the example of the official Python SDK
// (aliyun-oss-python-sdk examples/object_callback.py).
const VECTORS = [
  { text: '123456789', crc: 11051210869376104954n },
  { text: "Anything you're good at contributes to happiness.", crc: 108247482078852440n },
];

function hashOf(chunks: Uint8Array[]): bigint {
  const hash = newCrc64Hash();
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest();
}

describe('newCrc64Hash', () => {
  it('uses the WebAssembly CRC-64 once it is compiled, and it gives the published values', async () => {
    await crc64WasmReady;
    expect(crc64Engine()).toBe('wasm');
    for (const { text, crc } of VECTORS) {
      expect(hashOf([Buffer.from(text)])).toBe(crc);
      // Fed a byte at a time and in uneven pieces.
      const bytes = Buffer.from(text);
      expect(hashOf([...bytes].map((b) => Uint8Array.of(b)))).toBe(crc);
      expect(hashOf([bytes.subarray(0, 5), bytes.subarray(5, 6), bytes.subarray(6)])).toBe(crc);
    }
    expect(hashOf([])).toBe(0n);
  });

  it('keeps concurrent bodies apart on the one shared WebAssembly instance', async () => {
    await crc64WasmReady;
    const bodies = [randomBytes(300_001), randomBytes(123_457), Buffer.from(VECTORS[1]!.text)];
    const hashes = bodies.map(() => newCrc64Hash());
    // Interleave the updates of the three bodies, 4 KiB at a time.
    for (let offset = 0; offset < 300_001; offset += 4096) {
      bodies.forEach((body, i) => {
        if (offset < body.length) hashes[i]!.update(body.subarray(offset, offset + 4096));
      });
    }
    expect(hashes.map((hash) => hash.digest())).toEqual(bodies.map((body) => crc64(body)));
    expect(hashes[2]!.digest()).toBe(VECTORS[1]!.crc);
  });

  it('hashes with JavaScript until the WebAssembly module is ready', async () => {
    vi.resetModules();
    const fresh = await import('./crc64-hasher.js');
    expect(fresh.crc64Engine()).toBe('js');
    const early = fresh.newCrc64Hash();
    await fresh.crc64WasmReady;
    // A hash started before the module was ready stays on JavaScript and is still right.
    early.update(Buffer.from(VECTORS[0]!.text));
    expect(early.digest()).toBe(VECTORS[0]!.crc);
    expect(fresh.crc64Engine()).toBe('wasm');
  });
});
