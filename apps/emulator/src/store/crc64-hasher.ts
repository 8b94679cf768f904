/**
 * CRC-64 (`x-oss-hash-crc64ecma`: CRC-64/XZ, the ECMA-182 polynomial reflected, all-ones init and
 * xorout; docs/rest-api.md) of stored bodies, with hash-wasm's WebAssembly CRC-64 once it is
 * compiled and @ossbox/protocol's JavaScript `Crc64` until then (or if it cannot be built).
 *
 * Why: the WebAssembly loop hashed a 256 MiB body in 64 KiB chunks in 0.20 CPU-seconds against
 * the JavaScript slice-by-8's 0.31 on the benchmark machine, and every PutObject, UploadPart and
 * AppendObject hashes every byte on the event loop.
 *
 * One WebAssembly instance serves every body: each hash keeps its own state and loads it around
 * each update (hash-wasm's `save`/`load`, a few bytes), so concurrent uploads never share a
 * running CRC. Everything happens synchronously inside `update`, so no other body can interleave.
 */
import { createCRC64 } from 'hash-wasm';
import type { IHasher } from 'hash-wasm';
import { Crc64 } from '@ossbox/protocol';

/** An incremental CRC-64 over the bytes of one body. */
export interface Crc64Hash {
  update(bytes: Uint8Array): void;
  /** The CRC-64 of every byte given, as an unsigned 64-bit bigint. */
  digest(): bigint;
}

let shared: IHasher | undefined;

/** Settles once the WebAssembly CRC-64 is in use, or could not be built (then JavaScript is). */
export const crc64WasmReady: Promise<void> = createCRC64().then(
  (hasher) => {
    shared = hasher;
  },
  () => undefined,
);

/** Which implementation a hash started now uses. */
export const crc64Engine = (): 'wasm' | 'js' => (shared === undefined ? 'js' : 'wasm');

/** Start the CRC-64 of a body (of the empty string until bytes are given). */
export function newCrc64Hash(): Crc64Hash {
  const hasher = shared;
  if (hasher === undefined) {
    const crc = new Crc64();
    return {
      update: (bytes) => void crc.update(bytes),
      digest: () => crc.digest(),
    };
  }
  hasher.init();
  let state = hasher.save();
  return {
    update(bytes) {
      hasher.load(state);
      hasher.update(bytes);
      state = hasher.save();
    },
    digest() {
      hasher.load(state);
      return BigInt(`0x${hasher.digest('hex')}`);
    },
  };
}
