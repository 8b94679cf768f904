/**
 * CRC-64/XZ (ECMA-182 polynomial, reflected, init/xorout all ones) as OSS computes
 * `x-oss-hash-crc64ecma`, oss-protocol.md §5.12. CONTRACT STUB: implemented by the protocol-callback task.
 */

/** Incremental CRC-64 over chunks. */
export class Crc64 {
  /** Feed bytes. */
  update(_data: Uint8Array): this {
    throw new Error('not implemented');
  }
  /** The CRC so far, as an unsigned 64-bit bigint. */
  digest(): bigint {
    throw new Error('not implemented');
  }
  /** The CRC so far as OSS prints it (decimal). */
  toString(): string {
    return this.digest().toString();
  }
}

/** CRC-64 of one buffer, as a bigint. */
export function crc64(_data: Uint8Array): bigint {
  throw new Error('not implemented');
}

/** CRC of A‖B from crc(A), crc(B) and len(B) (zlib's crc combine, for multipart). */
export function crc64Combine(_crc1: bigint, _crc2: bigint, _len2: number): bigint {
  throw new Error('not implemented');
}
