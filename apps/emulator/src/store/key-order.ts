/**
 * Key ordering helpers. OSS lists keys in UTF-8 byte order; SQLite's BINARY collation compares
 * TEXT the same way (memcmp of UTF-8), while JavaScript's `<` compares UTF-16 code units, which
 * disagrees for characters above U+FFFF. So every comparison here goes through bytes.
 */

/** Compare two strings in UTF-8 byte order (negative, zero or positive). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The smallest string that sorts after every string starting with `prefix`, or undefined when
 * there is none (a prefix made only of U+10FFFF). Lets a prefix scan or a "skip this common
 * prefix" step be one index range instead of a walk.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const codePoints = Array.from(prefix);
  while (codePoints.length > 0) {
    const last = codePoints.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      let next = last + 1;
      // Surrogate code points never occur in well-formed UTF-8, so the next character is U+E000.
      if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
      codePoints.push(String.fromCodePoint(next));
      return codePoints.join('');
    }
  }
  return undefined;
}

/** The common prefix `key` rolls up into under `prefix` + `delimiter`, if any. */
export function commonPrefixOf(key: string, prefix: string, delimiter: string): string | undefined {
  if (delimiter === '' || !key.startsWith(prefix)) return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : key.slice(0, at + delimiter.length);
}
