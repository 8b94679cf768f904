import { describe, expect, it } from 'vitest';
import { commonPrefixOf, compareKeys, prefixUpperBound } from './key-order.js';

describe('key order helpers', () => {
  it('prefixUpperBound is the next string after every extension of the prefix', () => {
    expect(prefixUpperBound('abc')).toBe('abd');
    expect(prefixUpperBound('dir/')).toBe('dir0');
    expect(prefixUpperBound('a\u{10ffff}')).toBe('b');
    expect(prefixUpperBound('\u{10ffff}')).toBeUndefined();
    expect(prefixUpperBound('a\ud7ff')).toBe('a\ue000');
    for (const ext of ['', 'x', '\u{10fffe}', '😀']) expect(compareKeys(`dir/${ext}`, prefixUpperBound('dir/')!)).toBeLessThan(0);
  });

  it('compares in UTF-8 byte order', () => {
    expect(compareKeys('\uff01', '😀')).toBeLessThan(0);
    expect('\uff01' < '😀').toBe(false);
  });

  it('finds the common prefix a key rolls up into', () => {
    expect(commonPrefixOf('a/b/c', 'a/', '/')).toBe('a/b/');
    expect(commonPrefixOf('a/b', 'a/', '/')).toBeUndefined();
    expect(commonPrefixOf('a/b', '', '')).toBeUndefined();
    expect(commonPrefixOf('x--y--z', '', '--')).toBe('x--');
  });
});
