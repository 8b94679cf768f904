/**
 * The admin token guarding `GET|DELETE /_ossbox/callbacks` (the received callbacks can carry
 * object names and custom variables; clearing them hides evidence from a test). A receiver on a
 * loopback interface is reachable only from this machine and needs no token unless one is set;
 * on any other interface a token is always required (one is generated when none is configured).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv4 } from 'node:net';
import type { RequestHandler } from 'express';
import { replyJson } from '@ossbox/callback';

/** Whether `host` (an interface to listen on) is reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1') return true;
  return isIPv4(h) && h.startsWith('127.');
}

/** A fresh random token (24 URL-safe characters). */
export function generateAdminToken(): string {
  return randomBytes(18).toString('base64url');
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Middleware requiring `Authorization: Bearer <token>`; answers 401 JSON otherwise. With no
 * token it lets everything through. The comparison is constant-time.
 */
export function requireAdminToken(token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : digest(token);
  return (req, res, next) => {
    if (expected === undefined) {
      next();
      return;
    }
    const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (given !== undefined && timingSafeEqual(digest(given), expected)) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="ossbox-receiver"');
    replyJson(res, { error: 'UNAUTHORIZED', message: 'send the admin token as Authorization: Bearer <token>' }, 401);
  };
}
