/**
 * Test support: a reference model of an OSS prefix/delimiter listing, written independently of
 * the store, and the arbitraries the paging properties draw keys from.
 */
import { expect } from 'vitest';
import { fc } from '@ossbox/fuzz';

/** What a listing shows: keys and common prefixes, each in UTF-8 byte order. */
export interface Listing {
  keys: string[];
  commonPrefixes: string[];
}

const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Characters keys are built from: few, so keys share prefixes; ASCII, Latin-1, CJK, a character
 * whose UTF-16 order disagrees with its UTF-8 order against the emoji (U+FF71 vs U+1F600), and
 * characters that need escaping in a path or in XML (` `, `+`, `%`, `&`, `<`).
 */
const KEY_CHARS = ['a', 'b', '/', '/', '-', 'é', '中', 'ｱ', '😀', ' ', '+', '%', '&', '<'];

/**
 * A valid object key: 1 to 10 characters, not starting with `/` or `\` (OSS rules), and without
 * `.`/`..` path segments (clients' URL handling removes those before the request is sent).
 */
export const keyArbitrary: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...KEY_CHARS), { minLength: 1, maxLength: 10 })
  .map((chars) => chars.join(''))
  .filter((key) => !key.startsWith('/') && !key.split('/').some((s) => s === '.' || s === '..'));

/** A listing prefix: often empty, otherwise short, so it matches some generated keys. */
export const prefixArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.array(fc.constantFrom(...KEY_CHARS), { minLength: 1, maxLength: 3 }).map((chars) => chars.join('')),
);

/** The common prefix `key` rolls up into under `prefix` + `delimiter`, if any. */
function rollUp(key: string, prefix: string, delimiter: string): string | undefined {
  if (delimiter === '') return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : key.slice(0, at + delimiter.length);
}

/**
 * The listing OSS documents for `keys` (duplicates allowed): keys under `prefix` in UTF-8 byte
 * order, those containing `delimiter` after the prefix rolled up into one common prefix each.
 * With `after` (marker / start-after / a previous NextMarker), only what sorts after it; a
 * common prefix sorts at its own position, so a marker equal to it skips the whole group.
 */
export function expectedListing(
  keys: readonly string[],
  prefix: string,
  delimiter: string,
  after = '',
): Listing {
  const listing: Listing = { keys: [], commonPrefixes: [] };
  for (const key of [...new Set(keys)].filter((k) => k.startsWith(prefix)).sort(byUtf8)) {
    const group = rollUp(key, prefix, delimiter);
    if (group === undefined) {
      if (byUtf8(key, after) > 0) listing.keys.push(key);
    } else if (byUtf8(group, after) > 0 && listing.commonPrefixes.at(-1) !== group) {
      listing.commonPrefixes.push(group);
    }
  }
  return listing;
}

/**
 * Whether `marker` lies strictly inside a group `keys` roll up into (after the group's name,
 * before some of its keys). OSS documents markers as keys or NextMarkers, which never do that,
 * so the properties leave this case out rather than assert an undocumented answer.
 */
export function markerInsideGroup(
  keys: readonly string[],
  prefix: string,
  delimiter: string,
  marker: string,
): boolean {
  return keys.some((key) => {
    const group = key.startsWith(prefix) ? rollUp(key, prefix, delimiter) : undefined;
    return group !== undefined && marker !== group && marker.startsWith(group) && byUtf8(key, marker) > 0;
  });
}

/** One page as the paging loop sees it: its entries and the marker for the next page (undefined at the end). */
export interface Page extends Listing {
  next: string | undefined;
}

/**
 * Fetch pages until one says it is the last, passing each page's marker to the next request,
 * and return everything listed. Fails if there are more pages than entries (a paging loop).
 */
export async function pageAll(
  expected: Listing,
  fetchPage: (marker: string | undefined) => Promise<Page>,
): Promise<Listing> {
  const all: Listing = { keys: [], commonPrefixes: [] };
  const limit = expected.keys.length + expected.commonPrefixes.length + 1;
  let marker: string | undefined;
  for (let pages = 1; ; pages++) {
    expect(pages, 'more pages than entries: the markers do not advance').toBeLessThanOrEqual(limit);
    const page = await fetchPage(marker);
    all.keys.push(...page.keys);
    all.commonPrefixes.push(...page.commonPrefixes);
    if (page.next === undefined) return all;
    marker = page.next;
  }
}
