/**
 * The WebAssembly CRC-64 engine against the JavaScript slicing-by-8 (the implementation the
 * published vectors of crc64.test.ts pinned down before the WebAssembly one existed): random
 * lengths across its 4 KiB block and 64 KiB buffer boundaries, misaligned views, any starting
 * register, chunked updates; the fallback when WebAssembly is missing; and the checked-in module
 * being the assembly of src/crc64.wat.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fc, fuzz } from '@ossbox/fuzz';
import { Crc64, crc64 } from './crc64.js';
import { crc64Js } from './crc64-js.js';
import { crc64Wasm, WASM_MIN_BYTES } from './crc64-wasm.js';
import type { Crc64Engine } from './crc64-wasm.js';

const POOL = randomBytes(300_000);

function run(engine: Crc64Engine, lo: number, hi: number, data: Uint8Array): [number, number] {
  engine.update(lo, hi, data);
  return [engine.register[0]!, engine.register[1]!];
}

/** A view of POOL: any offset (so any alignment), lengths around the engine's block sizes. */
const viewArb = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: 0, max: 64 }),
      fc.integer({ min: 0, max: 20_000 }),
      fc.integer({ min: 0, max: 200_000 }),
      fc.constantFrom(4095, 4096, 4097, 65_535, 65_536, 65_537, 131_072 + 4096 * 3 + 9),
    ),
    fc.integer({ min: 0, max: 99_999 }),
  )
  .map(([length, offset]) => POOL.subarray(offset, offset + length));

describe('WebAssembly CRC-64 engine', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('is in use on Node', () => {
    expect(crc64Wasm()).toBeDefined();
  });

  it('gives the same register as the JavaScript engine, from any register, at any length and offset', () =>
    fuzz(
      'crc64 wasm = js',
      fc.property(viewArb, fc.integer(), fc.integer(), (view, lo, hi) => {
        expect(run(crc64Wasm()!, lo | 0, hi | 0, view)).toEqual(run(crc64Js, lo | 0, hi | 0, view));
      }),
    ));

  it('gives Crc64 the same digest in any chunking as the JavaScript engine in one pass', () =>
    fuzz(
      'crc64 chunked = js one pass',
      fc.property(viewArb, fc.array(fc.integer({ min: 0, max: 70_000 }), { maxLength: 6 }), (view, cuts) => {
        const [lo, hi] = run(crc64Js, -1, -1, view);
        const expected = (BigInt(~hi >>> 0) << 32n) | BigInt(~lo >>> 0);
        const hash = new Crc64();
        let at = 0;
        for (const cut of [...cuts.map((c) => c % (view.length + 1)).sort((a, b) => a - b), view.length]) {
          hash.update(view.subarray(at, Math.max(at, cut)));
          at = Math.max(at, cut);
        }
        expect(hash.digest()).toBe(expected);
        expect(crc64(view)).toBe(expected);
      }),
    ));

  it('leaves an empty input and the register alone', () => {
    expect(run(crc64Wasm()!, 0x12345678, -0x789abcde, new Uint8Array(0))).toEqual([0x12345678, -0x789abcde]);
    expect(crc64(POOL.subarray(7, 7))).toBe(0n);
  });

  it('gives the published check value, and takes the inputs of WASM_MIN_BYTES or more', () => {
    // "123456789" is shorter than WASM_MIN_BYTES: run it through the engine directly.
    const [lo, hi] = run(crc64Wasm()!, -1, -1, Buffer.from('123456789'));
    expect((BigInt(~hi >>> 0) << 32n) | BigInt(~lo >>> 0)).toBe(0x995dc9bbdf1939fan);
    const spy = vi.spyOn(crc64Wasm()!, 'update');
    new Crc64().update(POOL.subarray(0, WASM_MIN_BYTES - 1));
    expect(spy).not.toHaveBeenCalled();
    new Crc64().update(POOL.subarray(0, WASM_MIN_BYTES));
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('is not used by a Crc64 created with webAssembly: false, which gives the same digest', () => {
    const spy = vi.spyOn(crc64Wasm()!, 'update');
    const view = POOL.subarray(1, 100_001);
    const initial = crc64(POOL.subarray(0, 1));
    const digest = new Crc64(initial, { webAssembly: false }).update(view).digest();
    expect(spy).not.toHaveBeenCalled();
    expect(digest).toBe(crc64(POOL.subarray(0, 100_001)));
  });

  it('falls back to the JavaScript engine where WebAssembly is missing', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const wasm = await import('./crc64-wasm.js');
    const { crc64: crc64NoWasm } = await import('./crc64.js');
    expect(wasm.crc64Wasm()).toBeUndefined();
    const view = POOL.subarray(3, 150_003);
    expect(crc64NoWasm(view)).toBe(crc64(view));
    expect(crc64NoWasm(Buffer.from('123456789'))).toBe(0x995dc9bbdf1939fan);
  });

  it('falls back to the JavaScript engine where WebAssembly refuses to compile (e.g. a CSP)', async () => {
    vi.stubGlobal('WebAssembly', {
      Module: class {
        constructor() {
          throw new Error('WebAssembly.Module(): Refused to compile or instantiate WebAssembly module');
        }
      },
      Instance: class {},
    });
    vi.resetModules();
    const wasm = await import('./crc64-wasm.js');
    expect(wasm.crc64Wasm()).toBeUndefined();
  });

  it('is the assembly of src/crc64.wat (the checked-in module is up to date)', () => {
    const script = fileURLToPath(new URL('../scripts/crc64-wasm.mjs', import.meta.url));
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toMatch(/is up to date/);
  });
});
