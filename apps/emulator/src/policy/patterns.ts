/** RAM wildcard patterns (`*`, `?`), as Action, Resource, Principal and StringLike use them. */

const patterns = new Map<string, RegExp>();

/** Whether `value` matches a RAM wildcard pattern (`*`, `?`). */
export function matchesPattern(pattern: string, value: string, ignoreCase = false): boolean {
  const cacheKey = `${ignoreCase ? 'i' : 's'}:${pattern}`;
  let regex = patterns.get(cacheKey);
  if (regex === undefined) {
    const source = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    if (patterns.size > 10_000) patterns.clear();
    patterns.set(cacheKey, regex);
  }
  return regex.test(value);
}
