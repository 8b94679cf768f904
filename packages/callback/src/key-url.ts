/**
 * The public-key URL allow-list (docs/callback-protocol.md §2.2; the official Python and PHP samples fetch any URL): a key URL is
 * trusted only when it lies under a trusted prefix, compared on parsed and normalised URLs, so
 * look-alikes such as `http://gosspublic.alicdn.com.evil.com/`, `http://gosspublic.alicdn.com@evil.com/`
 * or `http://gosspublic.alicdn.com\@evil.com/` never match.
 */

/** The two prefixes OSS itself uses for `x-oss-pub-key-url` (docs/callback-protocol.md §2.2). */
export const OFFICIAL_KEY_URL_PREFIXES: readonly string[] = Object.freeze([
  'http://gosspublic.alicdn.com/',
  'https://gosspublic.alicdn.com/',
]);

/** The two URLs of the official OSS callback key, whose PEM is bundled (docs/callback-protocol.md §2.2). */
export const OFFICIAL_KEY_URLS: readonly string[] = Object.freeze([
  'http://gosspublic.alicdn.com/callback_pub_key_v1.pem',
  'https://gosspublic.alicdn.com/callback_pub_key_v1.pem',
]);

/** A trusted prefix, parsed once. */
export interface KeyUrlPrefix {
  /** The prefix as configured. */
  readonly source: string;
  /** `protocol//host[:port]` in WHATWG-normalised form. */
  readonly origin: string;
  /** Normalised path of the prefix; a key URL's path must equal it or continue it. */
  readonly path: string;
}

// Whitespace, control characters and backslashes are never part of a legitimate key URL, and
// parsers disagree on them (WHATWG treats `\` as `/` and drops tabs, curl does not): refuse
// rather than guess.
function hasSuspiciousChar(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (code <= 0x20 || code === 0x7f || char === '\\' || /\s/.test(char)) return true;
  }
  return false;
}

/**
 * Parse a key URL strictly: absolute http(s), no credentials, no suspicious characters.
 * Returns undefined when the string does not qualify.
 */
export function parseKeyUrl(value: string): URL | undefined {
  if (hasSuspiciousChar(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return undefined;
  return url;
}

/**
 * Parse a configured trusted prefix. Throws a `TypeError` naming the prefix when it is not an
 * absolute http(s) URL without credentials, query or fragment.
 */
export function parseKeyUrlPrefix(prefix: string): KeyUrlPrefix {
  const url = typeof prefix === 'string' ? parseKeyUrl(prefix) : undefined;
  if (url === undefined || url.search !== '' || url.hash !== '' || prefix.includes('?') || prefix.includes('#')) {
    throw new TypeError(
      `trustedKeyUrlPrefixes: ${JSON.stringify(prefix)} is not an absolute http(s) URL prefix ` +
        '(no credentials, query or fragment), e.g. "http://127.0.0.1:9000/"',
    );
  }
  return { source: prefix, origin: url.origin, path: url.pathname };
}

/** True when the (already parsed) key URL lies under one of the prefixes. */
export function matchesKeyUrlPrefix(url: URL, prefixes: readonly KeyUrlPrefix[]): boolean {
  return prefixes.some((prefix) => {
    if (url.origin !== prefix.origin) return false;
    // A prefix whose path ends in `/` covers everything below it; one that does not (e.g. an
    // exact key URL) covers itself and its sub-paths only, so `/keys` never admits `/keys-evil`.
    if (prefix.path.endsWith('/')) return url.pathname.startsWith(prefix.path);
    return url.pathname === prefix.path || url.pathname.startsWith(`${prefix.path}/`);
  });
}
