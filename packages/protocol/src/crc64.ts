/**
 * CRC-64/XZ (ECMA-182 polynomial, reflected, init/xorout all ones) as OSS computes
 * `x-oss-hash-crc64ecma`, docs/rest-api.md §5.12. Same as Go's `crc64.MakeTable(crc64.ECMA)`.
 *
 * The 64-bit register is kept as two unsigned 32-bit halves so the hot loop stays in small
 * integers (no BigInt); BigInt appears only at the API edge. Slicing-by-8: eight 256-entry tables
 * per half, one table lookup per input byte, eight bytes per step.
 */
import { endianness } from 'node:os';

/** ECMA-182 polynomial 0x42F0E1EBA9EA3693, bit-reflected: 0xC96C5795D7870F42. */
const POLY_HI = 0xc96c5795;
const POLY_LO = 0xd7870f42;
const MASK32 = 0xffffffffn;

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

/**
 * Incremental CRC-64 over chunks.
 *
 * @example
 * ```ts
 * const crc = new Crc64();
 * for await (const chunk of stream) crc.update(chunk);
 * res.setHeader('x-oss-hash-crc64ecma', crc.toString());
 * ```
 */
export class Crc64 {
  /** Register halves, stored inverted (the init/xorout of all ones). */
  private lo: number;
  private hi: number;

  /**
   * @param initial CRC of data already processed, to continue from it (e.g. AppendObject's
   *   cumulative CRC); default: empty input.
   */
  constructor(initial = 0n) {
    const [lo, hi] = splitCrc(initial, 'initial');
    this.lo = ~lo;
    this.hi = ~hi;
  }

  /** Feed bytes. */
  update(data: Uint8Array): this {
    let lo = this.lo;
    let hi = this.hi;
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
    this.lo = lo;
    this.hi = hi;
    return this;
  }

  /** The CRC so far, as an unsigned 64-bit bigint. */
  digest(): bigint {
    return joinCrc(~this.lo, ~this.hi);
  }

  /** The CRC so far as OSS prints it (decimal). */
  toString(): string {
    return this.digest().toString();
  }
}

/**
 * CRC-64 of one buffer, as a bigint.
 *
 * @example
 * ```ts
 * crc64(Buffer.from('123456789')); // 11051210869376104954n
 * ```
 */
export function crc64(data: Uint8Array): bigint {
  return new Crc64().update(data).digest();
}

/**
 * CRC of A‖B from crc(A), crc(B) and len(B) in bytes, without the data: how
 * CompleteMultipartUpload's whole-object CRC is built from the parts' CRCs.
 *
 * zlib's combine (the `multmodp`/`x2nmodp` form of zlib ≥ 1.2.12, which replaced the older
 * gf2 matrix squaring with the same result), widened to 64 bits: crc(A‖B) =
 * crc(A)·x^(8·len(B)) mod P ⊕ crc(B). The init/xorout of all ones cancel out, as in CRC-32.
 *
 * @example
 * ```ts
 * crc64Combine(crc64(a), crc64(b), b.length) === crc64(Buffer.concat([a, b])); // true
 * ```
 */
export function crc64Combine(crc1: bigint, crc2: bigint, len2: number): bigint {
  if (!Number.isSafeInteger(len2) || len2 < 0) {
    throw new RangeError(`crc64Combine: len2 must be a non-negative safe integer, got ${len2}`);
  }
  const [lo1, hi1] = splitCrc(crc1, 'crc1');
  const [lo2, hi2] = splitCrc(crc2, 'crc2');
  if (len2 === 0) return crc1;
  xPow8nModP(len2);
  multModP(PROD[0]!, PROD[1]!, lo1, hi1);
  return joinCrc(PROD[0]! ^ lo2, PROD[1]! ^ hi2);
}

/** Scratch result [lo, hi] of the polynomial helpers below (avoids allocating per step). */
const PROD = new Uint32Array(2);

/**
 * a·b mod P in the reflected representation, where bit 63 is x^0. Result in PROD.
 */
function multModP(aLo: number, aHi: number, bLo: number, bHi: number): void {
  let pLo = 0;
  let pHi = 0;
  for (let bit = 63; bit >= 0; bit--) {
    const set = bit >= 32 ? (aHi >>> (bit - 32)) & 1 : (aLo >>> bit) & 1;
    if (set) {
      pLo ^= bLo;
      pHi ^= bHi;
    }
    // b ·= x
    const carry = bLo & 1;
    bLo = (bLo >>> 1) | (bHi << 31);
    bHi >>>= 1;
    if (carry) {
      bLo ^= POLY_LO;
      bHi ^= POLY_HI;
    }
  }
  PROD[0] = pLo;
  PROD[1] = pHi;
}

/** X2N[k] = x^(2^k) mod P, as [lo, hi] pairs. */
const X2N = (() => {
  const table = new Uint32Array(128);
  // x^1 is bit 62.
  let lo = 0;
  let hi = 0x40000000;
  table[0] = lo;
  table[1] = hi;
  for (let k = 1; k < 64; k++) {
    multModP(lo, hi, lo, hi);
    lo = PROD[0]!;
    hi = PROD[1]!;
    table[2 * k] = lo;
    table[2 * k + 1] = hi;
  }
  return table;
})();

/** x^(8·n) mod P into PROD. */
function xPow8nModP(n: number): void {
  // x^0 is bit 63.
  let lo = 0;
  let hi = 0x80000000;
  let k = 3;
  while (n > 0) {
    if (n % 2 === 1) {
      multModP(X2N[2 * (k & 63)]!, X2N[2 * (k & 63) + 1]!, lo, hi);
      lo = PROD[0]!;
      hi = PROD[1]!;
    }
    n = Math.floor(n / 2);
    k++;
  }
  PROD[0] = lo;
  PROD[1] = hi;
}

function splitCrc(crc: bigint, name: string): [number, number] {
  if (typeof crc !== 'bigint' || crc < 0n || crc > 0xffffffffffffffffn) {
    throw new RangeError(`${name} must be an unsigned 64-bit bigint`);
  }
  return [Number(crc & MASK32), Number(crc >> 32n)];
}

function joinCrc(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}
