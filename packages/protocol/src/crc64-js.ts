/**
 * The JavaScript CRC-64 (slicing-by-8) that {@link Crc64} uses for short inputs and where
 * WebAssembly is unavailable; the same interface as the WebAssembly one (crc64-wasm.ts).
 *
 * The 64-bit register is kept as two 32-bit halves so the hot loop stays in small integers (no
 * BigInt): eight 256-entry tables per half, one table lookup per input byte, eight bytes per step.
 */
import { endianness } from 'node:os';
import type { Crc64Engine } from './crc64-wasm.js';

/** ECMA-182 polynomial 0x42F0E1EBA9EA3693, bit-reflected: 0xC96C5795D7870F42. */
export const POLY_HI = 0xc96c5795;
export const POLY_LO = 0xd7870f42;

function makeTables(): { lo: Uint32Array[]; hi: Uint32Array[] } {
  const lo = Array.from({ length: 8 }, () => new Uint32Array(256));
  const hi = Array.from({ length: 8 }, () => new Uint32Array(256));
  const [lo0, hi0] = [lo[0]!, hi[0]!];
  for (let n = 0; n < 256; n++) {
    let l = n;
    let h = 0;
    for (let bit = 0; bit < 8; bit++) {
      const carry = l & 1;
      l = (l >>> 1) | (h << 31);
      h >>>= 1;
      if (carry) {
        l ^= POLY_LO;
        h ^= POLY_HI;
      }
    }
    lo0[n] = l;
    hi0[n] = h;
  }
  // Table s = CRC of byte n followed by s zero bytes.
  for (let s = 1; s < 8; s++) {
    const [pl, ph, cl, ch] = [lo[s - 1]!, hi[s - 1]!, lo[s]!, hi[s]!];
    for (let n = 0; n < 256; n++) {
      const l = pl[n]!;
      const h = ph[n]!;
      const idx = l & 0xff;
      cl[n] = ((l >>> 8) | (h << 24)) ^ lo0[idx]!;
      ch[n] = (h >>> 8) ^ hi0[idx]!;
    }
  }
  return { lo, hi };
}

const TABLES = makeTables();
const [L0, L1, L2, L3, L4, L5, L6, L7] = TABLES.lo as [
  Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array,
];
const [H0, H1, H2, H3, H4, H5, H6, H7] = TABLES.hi as [
  Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array,
];
const LITTLE_ENDIAN = endianness() === 'LE';

const register = new Int32Array(2);

/** Runs a CRC register over bytes with the tables above. */
export const crc64Js: Crc64Engine = {
  register,
  update(lo, hi, data) {
    const n = data.length;
    let i = 0;
    if (n >= 16) {
      // Byte-wise up to a 4-byte boundary, then two aligned Uint32 reads per 8-byte step.
      const head = LITTLE_ENDIAN ? (4 - (data.byteOffset & 3)) & 3 : 0;
      for (; i < head; i++) {
        const idx = (lo ^ data[i]!) & 0xff;
        lo = ((lo >>> 8) | (hi << 24)) ^ L0[idx]!;
        hi = (hi >>> 8) ^ H0[idx]!;
      }
      const steps = (n - i) >>> 3;
      if (LITTLE_ENDIAN) {
        const words = new Uint32Array(data.buffer, data.byteOffset + i, steps * 2);
        for (let w = 0; w < words.length; w += 2) {
          const l = lo ^ words[w]!;
          const h = hi ^ words[w + 1]!;
          lo = L7[l & 0xff]! ^ L6[(l >>> 8) & 0xff]! ^ L5[(l >>> 16) & 0xff]! ^ L4[l >>> 24]!
            ^ L3[h & 0xff]! ^ L2[(h >>> 8) & 0xff]! ^ L1[(h >>> 16) & 0xff]! ^ L0[h >>> 24]!;
          hi = H7[l & 0xff]! ^ H6[(l >>> 8) & 0xff]! ^ H5[(l >>> 16) & 0xff]! ^ H4[l >>> 24]!
            ^ H3[h & 0xff]! ^ H2[(h >>> 8) & 0xff]! ^ H1[(h >>> 16) & 0xff]! ^ H0[h >>> 24]!;
        }
      } else {
        for (let s = 0, j = i; s < steps; s++, j += 8) {
          const l = lo ^ (data[j]! | (data[j + 1]! << 8) | (data[j + 2]! << 16) | (data[j + 3]! << 24));
          const h = hi ^ (data[j + 4]! | (data[j + 5]! << 8) | (data[j + 6]! << 16) | (data[j + 7]! << 24));
          lo = L7[l & 0xff]! ^ L6[(l >>> 8) & 0xff]! ^ L5[(l >>> 16) & 0xff]! ^ L4[l >>> 24]!
            ^ L3[h & 0xff]! ^ L2[(h >>> 8) & 0xff]! ^ L1[(h >>> 16) & 0xff]! ^ L0[h >>> 24]!;
          hi = H7[l & 0xff]! ^ H6[(l >>> 8) & 0xff]! ^ H5[(l >>> 16) & 0xff]! ^ H4[l >>> 24]!
            ^ H3[h & 0xff]! ^ H2[(h >>> 8) & 0xff]! ^ H1[(h >>> 16) & 0xff]! ^ H0[h >>> 24]!;
        }
      }
      i += steps * 8;
    }
    for (; i < n; i++) {
      const idx = (lo ^ data[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ L0[idx]!;
      hi = (hi >>> 8) ^ H0[idx]!;
    }
    register[0] = lo;
    register[1] = hi;
  },
};
