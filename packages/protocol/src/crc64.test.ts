import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Crc64, crc64, crc64Combine } from './crc64.js';

// docs/rest-api.md §5.12: CRC-64/XZ check value.
const CHECK = { text: '123456789', crc: 11051210869376104954n };
// docs/rest-api.md §5.12 [verified]: from aliyun-oss-python-sdk examples/object_callback.py.
const HAPPINESS = { text: "Anything you're good at contributes to happiness.", crc: 108247482078852440n };
// aliyun-oss-go-sdk oss/crc_test.go (TestCRCCombine, TestCRCRepeatedCombine), ECMA table.
const BROADCAST = { text: 'This is a test of the emergency broadcast system.', crc: 0x27db187fc15bbc72n };
const HUXLEY = {
  text: 'Even if I could be Shakespeare, I think I should still choose to be Faraday. - A. Huxley',
  crc: 0x7ad25fafa1710407n,
};
const VECTORS = [CHECK, HAPPINESS, BROADCAST, HUXLEY];

describe('crc64', () => {
  it.each(VECTORS)('matches the published value for "$text"', ({ text, crc }) => {
    expect(crc64(Buffer.from(text))).toBe(crc);
    expect(new Crc64().update(Buffer.from(text)).toString()).toBe(crc.toString());
  });

  it('matches XZ Utils on a 1 MB input (the length that the WebAssembly engine takes)', () => {
    // Bytes i % 251 for i < 1,000,003; the CRC-64 that `xz --check=crc64` (XZ Utils 5.4.1, an
    // independent CRC-64/XZ implementation) stores for them, shown by `xz --robot -lvv`.
    const bytes = Uint8Array.from({ length: 1_000_003 }, (_, i) => i % 251);
    expect(crc64(bytes)).toBe(0xc173ad1fe42cbbc0n);
    expect(crc64(bytes.subarray(1))).not.toBe(0xc173ad1fe42cbbc0n);
  });

  it('is 0 for empty input (init and xorout cancel)', () => {
    expect(crc64(new Uint8Array(0))).toBe(0n);
  });

  it.each(VECTORS)('gives the published value for "$text" fed in every chunk size', ({ text, crc }) => {
    const bytes = Buffer.from(text);
    for (let size = 1; size <= bytes.length; size++) {
      const hash = new Crc64();
      for (let i = 0; i < bytes.length; i += size) hash.update(bytes.subarray(i, i + size));
      expect(hash.digest()).toBe(crc);
    }
  });

  it.each(VECTORS)('gives the published value for "$text" at every byte offset of a larger buffer', ({ text, crc }) => {
    // Exercises the unaligned head before the Uint32 fast path.
    const bytes = Buffer.from(text);
    const backing = new Uint8Array(bytes.length + 16);
    for (let offset = 0; offset < 8; offset++) {
      backing.set(bytes, offset);
      expect(crc64(backing.subarray(offset, offset + bytes.length))).toBe(crc);
    }
  });

  it('gives the same result for random data in random chunks (round trip on top of the vectors)', () => {
    const data = randomBytes(100_003);
    const whole = crc64(data);
    for (let round = 0; round < 5; round++) {
      const hash = new Crc64();
      let i = 0;
      while (i < data.length) {
        const size = 1 + Math.floor(Math.random() * 5000);
        hash.update(data.subarray(i, i + size));
        i += size;
      }
      expect(hash.digest()).toBe(whole);
    }
  });

  it('continues from a previous CRC (AppendObject-style)', () => {
    const bytes = Buffer.from(HAPPINESS.text);
    for (const split of [0, 1, 9, 24, bytes.length]) {
      const first = crc64(bytes.subarray(0, split));
      expect(new Crc64(first).update(bytes.subarray(split)).digest()).toBe(HAPPINESS.crc);
    }
  });

  it('rejects an initial value outside 64 bits', () => {
    expect(() => new Crc64(-1n)).toThrow(RangeError);
    expect(() => new Crc64(1n << 64n)).toThrow(RangeError);
  });
});

describe('crc64Combine', () => {
  it.each(VECTORS)('combines every split of "$text" into the published CRC', ({ text, crc }) => {
    const bytes = Buffer.from(text);
    for (let split = 0; split <= bytes.length; split++) {
      const a = bytes.subarray(0, split);
      const b = bytes.subarray(split);
      expect(crc64Combine(crc64(a), crc64(b), b.length)).toBe(crc);
    }
  });

  it('combines three parts of the published string, as CompleteMultipartUpload does', () => {
    const bytes = Buffer.from(HAPPINESS.text);
    const parts = [bytes.subarray(0, 10), bytes.subarray(10, 30), bytes.subarray(30)];
    let total = crc64(parts[0]!);
    for (const part of parts.slice(1)) total = crc64Combine(total, crc64(part), part.length);
    expect(total).toBe(HAPPINESS.crc);
  });

  it('agrees with a single pass over random data at random splits (property test)', () => {
    const data = randomBytes(70_001);
    const whole = crc64(data);
    for (let round = 0; round < 20; round++) {
      const split = Math.floor(Math.random() * (data.length + 1));
      const a = data.subarray(0, split);
      const b = data.subarray(split);
      expect(crc64Combine(crc64(a), crc64(b), b.length)).toBe(whole);
    }
  });

  it('rejects a negative or fractional length', () => {
    expect(() => crc64Combine(1n, 2n, -1)).toThrow(RangeError);
    expect(() => crc64Combine(1n, 2n, 1.5)).toThrow(RangeError);
  });
});
