/**
 * `callbackUrl` entries: validation, scheme defaulting and the request target OSS sends,
 * docs/callback-protocol.md §1.3 and §2.3.
 */

import { hasWhitespaceOrControl } from './chars.js';

const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * Add `http://` to a callback URL written without a scheme. OSS accepts such URLs (doc example
 * `121.43.113.8:23456/index.html`, §1.3); the emulator's sender needs the scheme to connect.
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
 * Whether one `callbackUrl` entry is acceptable: http or https (or no scheme), a host, and a
 * numeric port 1–65535 when a port is given (`10.101.166.30:test` is the documented bad case,
 * EC 0007-00000004). The URL is otherwise taken as written.
 */
export function isValidCallbackUrl(url: string): boolean {
  if (url === '' || hasWhitespaceOrControl(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(normalizeCallbackUrl(url));
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  // WHATWG URL accepts port 0; the EC page asks for a positive integer.
  return parsed.hostname !== '' && parsed.port !== '0';
}

/**
 * The request target (path and query) the callback POST uses for a `callbackUrl` entry, exactly as
 * written: no re-encoding, a lone trailing `?` kept (the Ruby SDK always sends one, §2.3), the
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
