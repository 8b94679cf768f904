/**
 * `callbackUrl` entries: the one parser both the request-side validation and the emulator's
 * delivery use, so an accepted URL is exactly the URL called (docs/callback-protocol.md §1.3;
 * https://www.alibabacloud.com/help/en/oss/user-guide/0007-00000004 and
 * https://www.alibabacloud.com/help/en/oss/developer-reference/callback).
 *
 * The request target is taken from the URL text, not from WHATWG `URL`: `URL` would resolve dot
 * segments, re-encode the path and drop a lone trailing `?`, and the receiver verifies the
 * signature over exactly what is on the wire. Only the authority goes through `URL`, after the
 * characters on which parsers disagree have been refused.
 */

import { hasWhitespaceOrControl } from './chars.js';

const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const SCHEME_AND_AUTHORITY = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i;
// Characters that may not appear on an HTTP/1.1 request line. OSS requires callback URLs to be
// URL-encoded already; anything else is encoded minimally so the request can be sent.
const NOT_ON_WIRE = /[^\x21-\x7e]/gu;

/** A parsed `callbackUrl` entry: where the callback POST goes and what is on its request line. */
export interface CallbackTarget {
  /** The URL with its scheme (`http://` added when the client wrote none). */
  url: string;
  protocol: 'http:' | 'https:';
  /** Lowercase host name or IP, IPv6 without brackets. */
  hostname: string;
  port: number;
  /** `host[:port]` as it goes into `Host` when there is no `callbackHost` (default port omitted). */
  host: string;
  /** Path and query exactly as written (empty path → `/`, a lone trailing `?` kept). */
  requestTarget: string;
}

/** Thrown by {@link parseCallbackUrl} for a `callbackUrl` entry OSS refuses (EC 0007-00000004). */
export class CallbackUrlError extends Error {
  override readonly name = 'CallbackUrlError';
  readonly url: string;
  constructor(url: string, reason: string) {
    super(`Invalid callback URL ${JSON.stringify(url)}: ${reason}`);
    this.url = url;
  }
}

/**
 * Add `http://` to a callback URL written without a scheme. OSS accepts such URLs (doc example
 * `121.43.113.8:23456/index.html`); the sender needs the scheme to connect.
 *
 * @example
 * ```ts
 * normalizeCallbackUrl('121.43.113.8:23456/index.html'); // 'http://121.43.113.8:23456/index.html'
 * normalizeCallbackUrl('https://example.com/cb');         // unchanged
 * ```
 */
export function normalizeCallbackUrl(url: string): string {
  return HAS_SCHEME.test(url) ? url : `http://${url}`;
}

/**
 * Parse one `callbackUrl` entry as written: http or https (or no scheme, meaning http), a host,
 * and a port 1–65535 when one is given (`10.101.166.30:test` is the documented bad case,
 * EC 0007-00000004).
 *
 * Refused as well, because two URL parsers would read them differently and the host validated
 * would not be the host called: a user part (`http://example.com:80@127.0.0.1:9001/` is
 * 127.0.0.1 to WHATWG and RFC 3986, example.com to a naive split) and a backslash
 * (`http://127.0.0.1:9001\@example.com/`: WHATWG reads `\` as `/` in http URLs, RFC 3986 does
 * not allow it at all). A callback URL names a server; it has no credentials to carry.
 *
 * @throws CallbackUrlError for any URL OSS answers 400 InvalidArgument (EC 0007-00000004) to.
 * @example
 * ```ts
 * parseCallbackUrl('example.com:8080/cb?');
 * // { url: 'http://example.com:8080/cb?', protocol: 'http:', hostname: 'example.com', port: 8080,
 * //   host: 'example.com:8080', requestTarget: '/cb?' }
 * ```
 */
export function parseCallbackUrl(raw: string): CallbackTarget {
  if (raw === '' || hasWhitespaceOrControl(raw)) throw new CallbackUrlError(raw, 'empty, or has whitespace or control characters');
  if (raw.includes('\\')) throw new CallbackUrlError(raw, 'a backslash is not allowed');
  const url = normalizeCallbackUrl(raw);
  const parts = SCHEME_AND_AUTHORITY.exec(url);
  const scheme = parts?.[1]?.toLowerCase();
  const authority = parts?.[2] ?? '';
  if (scheme !== 'http' && scheme !== 'https') throw new CallbackUrlError(raw, 'only http and https are allowed');
  if (authority === '') throw new CallbackUrlError(raw, 'no host');
  if (authority.includes('@')) throw new CallbackUrlError(raw, 'a user part is not allowed');
  let parsed: URL;
  try {
    parsed = new URL(`${scheme}://${authority}/`);
  } catch {
    throw new CallbackUrlError(raw, 'bad host or port');
  }
  // WHATWG URL accepts port 0; the EC page asks for a positive integer.
  if (parsed.hostname === '' || parsed.port === '0') throw new CallbackUrlError(raw, 'bad host or port');
  let requestTarget: string;
  try {
    requestTarget = callbackRequestTarget(url).replace(NOT_ON_WIRE, (c) => encodeURIComponent(c));
  } catch {
    throw new CallbackUrlError(raw, 'not valid UTF-8');
  }
  const protocol = scheme === 'https' ? 'https:' : 'http:';
  return {
    url,
    protocol,
    hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? (protocol === 'https:' ? 443 : 80) : Number(parsed.port),
    host: parsed.host,
    requestTarget,
  };
}

/**
 * Whether one `callbackUrl` entry is acceptable: {@link parseCallbackUrl} does not throw.
 *
 * @example
 * ```ts
 * isValidCallbackUrl('http://oss-demo.aliyuncs.com:23450'); // true
 * isValidCallbackUrl('http://user@127.0.0.1:9001/');        // false
 * ```
 */
export function isValidCallbackUrl(url: string): boolean {
  try {
    parseCallbackUrl(url);
    return true;
  } catch {
    return false;
  }
}

/**
 * The request target (path and query) the callback POST uses for a `callbackUrl` entry, exactly as
 * written: no re-encoding, a lone trailing `?` kept (the Ruby SDK always sends one), the
 * fragment dropped, `/` when the URL has no path. This is also what the signature covers.
 *
 * @example
 * ```ts
 * callbackRequestTarget('http://app.server.com/callback?'); // '/callback?'
 * callbackRequestTarget('oss-demo.aliyuncs.com:23450');     // '/'
 * ```
 */
export function callbackRequestTarget(url: string): string {
  const normalized = normalizeCallbackUrl(url);
  const afterScheme = normalized.indexOf('://') + 3;
  let end = normalized.length;
  for (const stop of ['/', '?', '#']) {
    const at = normalized.indexOf(stop, afterScheme);
    if (at >= 0 && at < end) end = at;
  }
  let target = normalized.slice(end);
  const hash = target.indexOf('#');
  if (hash >= 0) target = target.slice(0, hash);
  return target.startsWith('/') ? target : `/${target}`;
}
