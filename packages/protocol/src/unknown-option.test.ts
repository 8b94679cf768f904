import { describe, expect, it } from 'vitest';
import { findUnknownOption } from './unknown-option.js';

const known = { timeoutMs: true, buckets: true, logger: true } as const;

describe('findUnknownOption', () => {
  it('accepts an object whose every name is known, and an empty one', () => {
    expect(findUnknownOption({ timeoutMs: 1, logger: undefined }, known)).toBeUndefined();
    expect(findUnknownOption({}, known)).toBeUndefined();
  });

  it('names the first unknown option and what the `instead` table says to write', () => {
    expect(
      findUnknownOption({ logger: 1, timeout: 5, retryMax: 2 }, known, { timeout: 'timeoutMs' }),
    ).toEqual({
      name: 'timeout',
      suggestion: 'timeoutMs',
      message: 'unknown option: timeout (did you mean timeoutMs?)',
    });
  });

  it('suggests the known name an unknown one begins (a singular for a plural)', () => {
    expect(findUnknownOption({ bucket: 'b' }, known)).toEqual({
      name: 'bucket',
      suggestion: 'buckets',
      message: 'unknown option: bucket (did you mean buckets?)',
    });
  });

  // Header-style capitals (ali-oss's headers: { Range }, a CLI's --Port) name a known option.
  it('suggests the known name an unknown one equals in another letter case', () => {
    expect(findUnknownOption({ TimeoutMS: 1 }, known)).toEqual({
      name: 'TimeoutMS',
      suggestion: 'timeoutMs',
      message: 'unknown option: TimeoutMS (did you mean timeoutMs?)',
    });
    expect(findUnknownOption({ Buckets: [] }, known)).toMatchObject({ suggestion: 'buckets' });
  });

  it('gives no suggestion when nothing fits', () => {
    expect(findUnknownOption({ zzz: 1 }, known)).toEqual({ name: 'zzz', message: 'unknown option: zzz' });
  });

  it('does not take inherited names such as toString for known or for a suggestion', () => {
    expect(findUnknownOption({ toString: 1 }, known)).toMatchObject({
      name: 'toString',
      message: 'unknown option: toString',
    });
    expect(findUnknownOption({ constructor: 1 }, known, {})).toMatchObject({
      name: 'constructor',
      message: 'unknown option: constructor',
    });
  });
});
