/**
 * CRC-64/XZ (ECMA-182 polynomial, reflected, init/xorout all ones) as OSS computes
 * `x-oss-hash-crc64ecma`, docs/rest-api.md §5.12. Same as Go's `crc64.MakeTable(crc64.ECMA)`.
 *
 * The 64-bit register is kept as two 32-bit halves (BigInt appears only at the API edge) and run
 * over the bytes by one of two engines: the WebAssembly one (crc64-wasm.ts, about twice as fast)
 * for inputs of 512 bytes or more where WebAssembly is available, else the JavaScript slicing-by-8
 * (crc64-js.ts).
 */
import { crc64Js, POLY_HI, POLY_LO } from './crc64-js.js';
import { crc64Wasm, WASM_MIN_BYTES } from './crc64-wasm.js';

const MASK32 = 0xffffffffn;

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
  private readonly webAssembly: boolean;

  /**
   * @param initial CRC of data already processed, to continue from it (e.g. AppendObject's
   *   cumulative CRC); default: empty input.
   * @param options.webAssembly `false` keeps this hash on the JavaScript engine (the result is the
   *   same): the emulator does, as its benchmarks did not show the WebAssembly one saving CPU
   *   there (docs/performance.md, "Where PUT time goes"). Default `true`.
   */
  constructor(initial = 0n, options: { webAssembly?: boolean } = {}) {
    const [lo, hi] = splitCrc(initial, 'initial');
    this.lo = ~lo;
    this.hi = ~hi;
    this.webAssembly = options.webAssembly ?? true;
  }

  /** Feed bytes. */
  update(data: Uint8Array): this {
    const engine = (this.webAssembly && data.length >= WASM_MIN_BYTES ? crc64Wasm() : undefined) ?? crc64Js;
    engine.update(this.lo, this.hi, data);
    this.lo = engine.register[0]!;
    this.hi = engine.register[1]!;
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
