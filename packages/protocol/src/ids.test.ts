import { createRequire, syncBuiltinESMExports } from 'node:module';
import { describe, expect, it } from 'vitest';
import { newRequestId, newUploadId, randomHex } from './ids.js';

/** Run `fn` counting the calls of node:crypto's randomBytes and randomFillSync (the real ones still run). */
function countingCsprngCalls(fn: () => void): { randomBytes: number; randomFillSync: number } {
  const crypto = createRequire(import.meta.url)('node:crypto') as Record<string, (...args: unknown[]) => unknown>;
  const counts = { randomBytes: 0, randomFillSync: 0 };
  const originals = { randomBytes: crypto.randomBytes!, randomFillSync: crypto.randomFillSync! };
  for (const name of ['randomBytes', 'randomFillSync'] as const) {
    crypto[name] = (...args: unknown[]) => {
      counts[name]++;
      return originals[name](...args);
    };
  }
  // Builtin modules' ESM named exports follow their CommonJS object after this call.
  syncBuiltinESMExports();
  try {
    fn();
  } finally {
    Object.assign(crypto, originals);
    syncBuiltinESMExports();
  }
  return counts;
}

describe('ids', () => {
  it('makes 24-hex request ids like the §5.2 captures', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRequestId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9A-F]{24}$/);
  });

  it('makes 32-hex upload ids like the §5.10 captures', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newUploadId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9A-F]{32}$/);
  });

  it('starts an upload id with its initiation time in microseconds, as the OSS ListMultipartUploads example does', () => {
    // The reference's 0004B999EF518A1FE585B0C9360DC4C8, initiated 2012-02-23T04:18:23.075Z (µs 871 not in a Date).
    const id = newUploadId(new Date('2012-02-23T04:18:23.075Z'));
    expect(BigInt(`0x${id.slice(0, 16)}`) / 1000n).toBe(BigInt(Date.parse('2012-02-23T04:18:23.075Z')));
    expect(id.slice(0, 12)).toBe('0004B999EF51');
  });

  it('makes upload ids that sort in the order they were made, also within one millisecond', () => {
    const at = new Date(Date.now() + 60_000);
    for (const ids of [Array.from({ length: 200 }, () => newUploadId(at)), Array.from({ length: 200 }, () => newUploadId())]) {
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(200);
    }
  });

  it('draws random hex from a pooled page: one CSPRNG call per 4096 bytes, no byte handed out twice', () => {
    let ids: string[] = [];
    // 1024 ids of 16 bytes = 16384 bytes = 4 pages (5 calls when the pool was partly used before).
    const calls = countingCsprngCalls(() => {
      ids = Array.from({ length: 1024 }, () => randomHex(16));
    });
    expect(calls.randomFillSync).toBeGreaterThanOrEqual(4);
    expect(calls.randomFillSync).toBeLessThanOrEqual(5);
    expect(calls.randomBytes).toBe(0);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Overlapping slices of the pool would show up as shared 8-byte runs between ids.
    const runs = new Set<string>();
    for (const id of ids) for (let i = 0; i + 16 <= id.length; i += 2) {
      const run = id.slice(i, i + 16);
      expect(runs.has(run)).toBe(false);
      runs.add(run);
    }
  });

  it('refuses byte counts outside 0-4096', () => {
    expect(randomHex(0)).toBe('');
    expect(randomHex(4096)).toMatch(/^[0-9a-f]{8192}$/);
    for (const bad of [-1, 4097, 1.5, Number.NaN]) expect(() => randomHex(bad)).toThrow(RangeError);
  });
});
