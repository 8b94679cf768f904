import { describe, expect, it } from 'vitest';
import { resolveRange } from './range.js';

describe('Range (§5.7)', () => {
  it('parses the three forms', () => {
    expect(resolveRange('bytes=0-4', 10, false)).toEqual({ start: 0, end: 4 });
    expect(resolveRange('bytes=6-', 10, false)).toEqual({ start: 6, end: 9 });
    expect(resolveRange('bytes=-3', 10, false)).toEqual({ start: 7, end: 9 });
    expect(resolveRange('bytes=-30', 10, false)).toEqual({ start: 0, end: 9 });
  });
  it('ignores what OSS ignores by default', () => {
    for (const h of ['bytes=10-12', 'bytes=3-1', 'bytes=0-1,3-4', 'pages=1-2', 'bytes=-0', 'bytes=2-10']) {
      expect(resolveRange(h, 10, false)).toBeUndefined();
    }
    expect(resolveRange(undefined, 10, false)).toBeUndefined();
  });
  it('standard behaviour clamps the end and rejects a start past EOF', () => {
    expect(resolveRange('bytes=2-10', 10, true)).toEqual({ start: 2, end: 9 });
    expect(() => resolveRange('bytes=10-12', 10, true)).toThrow(expect.objectContaining({ code: 'InvalidRange', status: 416 }));
  });
});
