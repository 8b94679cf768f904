/**
 * CRC-64 of bodies held in memory, with hash-wasm's WebAssembly CRC-64 (the ECMA-182 polynomial,
 * reflected, all-ones init and xorout: OSS's `x-oss-hash-crc64ecma`, the same function as
 * `crc64` of @ossbox/protocol). It runs about 1.5× as fast as that JavaScript slice-by-8 once both
 * are warm, and at full speed from the first byte, where the JavaScript loop starts in V8's
 * interpreter and waits for optimised code that a loaded machine compiles late (measured with
 * e2e/bench/sdk-vs-ali-oss.mjs; see the SDK README, Performance).
 *
 * The module is compiled in the background as soon as the SDK is loaded: compiled later, after
 * undici has built its own WebAssembly HTTP parser, it waited ~0.5 s behind that parser's
 * optimisation on the benchmark machine. Until it is ready, or if it cannot be built, the
 * JavaScript CRC-64 is used, so no upload ever waits for it.
 */
import type { IHasher } from 'hash-wasm';
// The CRC-64 file alone: importing the package's whole bundle (every algorithm's WebAssembly as
// base64) added 3-5 MiB of resident memory to a process that imports the SDK.
import crc64Bundle from 'hash-wasm/dist/crc64.umd.min.js';
import { crc64 } from '@ossbox/protocol';

let hasher: IHasher | undefined;

/** Settles once the WebAssembly CRC-64 is in use (or could not be built). */
export const crc64WasmReady: Promise<void> = crc64Bundle.createCRC64().then(
  (ready) => {
    hasher = ready;
  },
  () => undefined,
);

/** Which implementation {@link crc64Of} uses now. */
export const crc64Engine = (): 'wasm' | 'js' => (hasher === undefined ? 'js' : 'wasm');

/** CRC-64 of `bytes` as an unsigned 64-bit bigint. */
export function crc64Of(bytes: Uint8Array): bigint {
  if (hasher === undefined) return crc64(bytes);
  hasher.init();
  hasher.update(bytes);
  return BigInt(`0x${hasher.digest('hex')}`);
}
