import { describe, expect, it } from 'vitest';
import { newRequestId, newUploadId } from './ids.js';

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
});
