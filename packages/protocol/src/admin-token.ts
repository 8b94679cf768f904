/**
 * The admin token both local servers (emulator and receiver) put in front of their `/_ossbox/*`
 * inspection and control endpoints. Not part of OSS: ossbox's own rule, kept here so the two
 * servers cannot drift apart. A server on a loopback interface is reachable only from this
 * machine and needs no token unless one is set; on any other interface a token is always required
 * (one is generated when none is configured).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv4 } from 'node:net';

/**
 * Whether `host` (an interface to listen on) is reachable only from this machine: `localhost`,
 * `::1` (with or without brackets) or any `127.x.y.z`. `0.0.0.0`, `::` and every other address are not.
 *
 * @example
 * ```ts
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('[::1]');     // true
 * isLoopbackHost('0.0.0.0');   // false
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1') return true;
  return isIPv4(h) && h.startsWith('127.');
}

/** What a configured admin token must look like (it travels in a header, a query and a cookie). */
export const ADMIN_TOKEN_RULE = 'at least 8 characters: letters, digits, "-", "_", ".", "~"';
const ADMIN_TOKEN = /^[A-Za-z0-9._~-]{8,}$/;

/** Whether `token` follows {@link ADMIN_TOKEN_RULE}. */
export function isValidAdminToken(token: string): boolean {
  return ADMIN_TOKEN.test(token);
}

/** A fresh random token: 24 URL-safe characters (144 random bits). */
export function generateAdminToken(): string {
  return randomBytes(18).toString('base64url');
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Whether `given` equals `expected`, in time independent of where they differ: both are hashed
 * first, so `timingSafeEqual` compares equal lengths and the length of the token does not leak.
 */
export function adminTokenMatches(given: string | undefined, expected: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

/**
 * The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), else undefined.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}
