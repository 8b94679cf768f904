/**
 * Every documented Range case, on OSS's own example object (1000 bytes, valid bytes 0–999):
 * https://www.alibabacloud.com/help/en/oss/how-to-obtain-oss-resources-by-segmenting-http-range-requests
 * (default behaviour) and
 * https://www.alibabacloud.com/help/en/oss/developer-reference/scope-download-using-oss-sdk-for-php-v2
 * (`x-oss-range-behavior: standard`); the rest per RFC 9110 §14.1.2 (see range.ts).
 */
import { describe, expect, it } from 'vitest';
import { resolveRange } from './range.js';

const SIZE = 1000;
type Outcome = [number, number] | 'whole' | 416;

const CASES: [header: string, lenient: Outcome, standard: Outcome][] = [
  ['bytes=0-499', [0, 499], [0, 499]],
  ['bytes=500-999', [500, 999], [500, 999]],
  ['bytes=-500', [500, 999], [500, 999]],
  ['bytes=500-', [500, 999], [500, 999]],
  ['bytes=0-', [0, 999], [0, 999]],
  ['byte=0-499', 'whole', 'whole'],
  ['bytes=0-1000', 'whole', [0, 999]],
  ['bytes=500-2000', 'whole', [500, 999]],
  ['bytes=1000-2000', 'whole', 416],
  ['bytes=1000-', 'whole', 416],
  ['bytes=-2000', 'whole', [0, 999]],
  // Java GetObjectTest.testGetObjectByRange (against OSS, default behaviour): InvalidRange.
  ['bytes=-0', 416, 416],
  ['bytes=999-500', 'whole', 'whole'],
  ['bytes=', 'whole', 'whole'],
  ['bytes=abc', 'whole', 'whole'],
  // Several ranges: the first is served.
  ['bytes=0-1,4-5', [0, 1], [0, 1]],
  ['bytes=-10, 0-4', [990, 999], [990, 999]],
  ['bytes=1000-1001,0-4', 'whole', 416],
  [' Bytes = 2 - 3 ', [2, 3], [2, 3]],
];

function outcome(header: string, size: number, standard: boolean): Outcome {
  try {
    const range = resolveRange(header, size, standard);
    return range ? [range.start, range.end] : 'whole';
  } catch (error) {
    expect(error).toMatchObject({ code: 'InvalidRange', status: 416 });
    return 416;
  }
}

describe('Range on a 1000-byte object', () => {
  it.each(CASES)('%s → default %j, standard %j', (header, lenient, standard) => {
    expect(outcome(header, SIZE, false)).toEqual(lenient);
    expect(outcome(header, SIZE, true)).toEqual(standard);
  });

  it('the issue case: bytes=100- on a 10-byte object is 416 in standard mode, whole object otherwise', () => {
    expect(outcome('bytes=100-', 10, true)).toBe(416);
    expect(outcome('bytes=100-', 10, false)).toBe('whole');
  });

  it('an empty object has no satisfiable range', () => {
    for (const header of ['bytes=0-', 'bytes=0-0', 'bytes=-1']) {
      expect(outcome(header, 0, true)).toBe(416);
      expect(outcome(header, 0, false)).toBe('whole');
    }
  });

  it('no header is the whole object', () => {
    expect(resolveRange(undefined, SIZE, true)).toBeUndefined();
  });
});
