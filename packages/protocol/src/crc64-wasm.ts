/**
 * The WebAssembly CRC-64 (src/crc64.wat): slicing-by-8 over four interleaved streams, about twice
 * the JavaScript slice-by-8's bytes per CPU-second (`node bench/crc64.mjs`). {@link Crc64}
 * (crc64.ts) uses it for inputs of {@link WASM_MIN_BYTES} or more.
 *
 * The module is 1.4 KB, so it is compiled synchronously: no async initialisation, and browsers
 * allow synchronous compilation of modules this small (Chrome refuses `new WebAssembly.Module` on
 * its main thread only past 4 KB). It is instantiated on the first input that needs it, not when
 * the package is imported: a process that never hashes 512 bytes (or a test that stubs
 * WebAssembly) never creates the module's memory. Where WebAssembly is missing or refused (e.g. a
 * Content-Security-Policy without `wasm-unsafe-eval`), {@link crc64Wasm} returns undefined and the
 * JavaScript CRC-64 does all the work.
 */
import { CRC64_WASM_BASE64 } from './crc64-wasm-module.js';

/** Below this many bytes the copy into WebAssembly memory and the call cost more than they save. */
export const WASM_MIN_BYTES = 512;

// The tsconfig's lib (ES2022) and @types/node 20 do not declare WebAssembly: the part used here.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};

/** The module's exports (src/crc64.wat). */
interface Exports {
  memory: { buffer: ArrayBuffer };
  register: { value: number };
  input: { value: number };
  inputSize: { value: number };
  update: (len: number) => void;
}

/** Runs a CRC register (two 32-bit halves, inverted as {@link Crc64} keeps them) over `data`. */
export interface Crc64Engine {
  /** Leaves the new register in {@link Crc64Engine.register} (`[lo, hi]`, signed 32-bit). */
  update(lo: number, hi: number, data: Uint8Array): void;
  readonly register: Int32Array;
}

function load(): Crc64Engine | undefined {
  // The register is shared through an Int32Array, which has the host's byte order; WebAssembly
  // memory is always little-endian, so a big-endian host keeps the JavaScript CRC-64.
  const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  if (typeof WebAssembly !== 'object' || !littleEndian) return undefined;
  let exports: Exports;
  try {
    const bytes = Uint8Array.from(atob(CRC64_WASM_BASE64), (char) => char.charCodeAt(0));
    exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Exports;
  } catch {
    return undefined;
  }
  const { memory, update } = exports;
  const inputSize = exports.inputSize.value;
  // The memory never grows, so these views stay valid.
  const register = new Int32Array(memory.buffer, exports.register.value, 2);
  const input = new Uint8Array(memory.buffer, exports.input.value, inputSize);
  return {
    register,
    update(lo, hi, data) {
      register[0] = lo;
      register[1] = hi;
      for (let offset = 0; offset < data.length; offset += inputSize) {
        const chunk = data.subarray(offset, offset + inputSize);
        input.set(chunk);
        update(chunk.length);
      }
    },
  };
}

/** undefined: unavailable; null: not loaded yet. */
let wasmEngine: Crc64Engine | undefined | null = null;

/** The WebAssembly CRC-64, instantiated on the first call; undefined where WebAssembly is unavailable. */
export function crc64Wasm(): Crc64Engine | undefined {
  if (wasmEngine === null) wasmEngine = load();
  return wasmEngine;
}
