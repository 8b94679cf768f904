/**
 * The admin token in front of the emulator's own `/_ossbox/*` endpoints (internal-routes.ts mounts
 * it once, for every router there). They change state (`DELETE /_ossbox/state`) and show callback
 * bodies, so an emulator listening beyond loopback requires a token (`@ossbox/protocol`
 * admin-token.ts has the rule the receiver shares). Three ways to present it:
 *
 * 1. `Authorization: Bearer <token>`, any method: what scripts and tests send.
 * 2. `?token=<token>` on a GET or HEAD. A browser cannot put a header on a navigation, an
 *    `EventSource` or a download link, so the web console is opened as `/_ossbox/?token=…`.
 *    Read-only methods only: everything that changes state needs a header or the cookie, so a
 *    token pasted into a link can never be the whole of a write. A top-level navigation carrying it
 *    is redirected (303) to the same URL without it, so it stays out of history and bookmarks.
 * 3. The cookie an accepted `?token=` sets: HttpOnly (page scripts cannot read it), SameSite=Strict
 *    (no other site's page makes the browser send it), Path=/_ossbox. Cookies ignore ports, so a
 *    page on another port of the same host is "same-site" and would still get it sent: the cookie
 *    only counts when the browser says the request comes from the emulator's own origin or from the
 *    user (`Sec-Fetch-Site: same-origin` or `none`) or says nothing (not a browser). Two token-guarded
 *    emulators on one host name share the cookie name: the last `?token=` visit wins.
 *
 * Every comparison is constant-time (`adminTokenMatches`). A wrong Bearer token is refused even if
 * a valid cookie is present: a caller that names a token means that token.
 */
import type { IncomingMessage } from 'node:http';
import { parseCookie } from 'cookie';
import type { RequestHandler } from 'express';
import { adminTokenMatches, bearerToken } from '@ossbox/protocol';
import { INTERNAL_PREFIX } from './resolve-address.js';

/** Name of the cookie set after an accepted `?token=` visit. */
export const ADMIN_COOKIE = 'ossbox_admin_token';
/** Name of the query parameter carrying the token on GET and HEAD. */
export const ADMIN_TOKEN_QUERY = 'token';

function isRead(req: IncomingMessage): boolean {
  return req.method === 'GET' || req.method === 'HEAD';
}

/** The single `?token=` value of a GET/HEAD request (undefined when absent or repeated). */
function queryToken(req: IncomingMessage, url: URL): string | undefined {
  if (!isRead(req)) return undefined;
  const values = url.searchParams.getAll(ADMIN_TOKEN_QUERY);
  return values.length === 1 ? values[0] : undefined;
}

/** Browsers say where a request comes from; only the emulator's own pages and the user count. */
function fromOwnOriginOrUser(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined || !fromOwnOriginOrUser(req)) return undefined;
  return parseCookie(header)[ADMIN_COOKIE];
}

/**
 * Middleware requiring the admin token (see the module comment); without a token it lets every
 * request through. Refusals are 401 JSON `{ error: 'UNAUTHORIZED', message }` with
 * `WWW-Authenticate: Bearer`. Mount it where every guarded route is below it.
 *
 * @example
 * ```ts
 * router.get('/health', …);                  // stays open
 * router.use(requireAdminToken(config.adminToken));
 * router.use(stateRouter);                   // guarded
 * ```
 */
export function requireAdminToken(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (token === undefined) {
      next();
      return;
    }
    const bearer = bearerToken(req.headers.authorization);
    if (bearer !== undefined) {
      if (adminTokenMatches(bearer, token)) next();
      else refuse(res, 'the Bearer token is not the admin token');
      return;
    }
    const url = new URL(req.originalUrl, 'http://emulator');
    const fromQuery = queryToken(req, url);
    if (fromQuery !== undefined && adminTokenMatches(fromQuery, token)) {
      res.cookie(ADMIN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: INTERNAL_PREFIX });
      if (req.headers['sec-fetch-mode'] === 'navigate') {
        url.searchParams.delete(ADMIN_TOKEN_QUERY);
        res.setHeader('Cache-Control', 'no-store');
        res.redirect(303, `${url.pathname}${url.search}`);
        return;
      }
      next();
      return;
    }
    if (adminTokenMatches(cookieToken(req), token)) {
      next();
      return;
    }
    refuse(res, 'send the admin token as "Authorization: Bearer <token>" (or open the page once with ?token=<token>)');
  };
}

/**
 * `url` (a request target) with the value of a `token` query parameter replaced by `REDACTED`,
 * for logs: a `?token=` link must not leave the admin token in a log file.
 */
export function redactAdminToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/g, '$1REDACTED');
}

function refuse(res: Parameters<RequestHandler>[1], message: string): void {
  res.setHeader('WWW-Authenticate', 'Bearer realm="ossbox-emulator"');
  res.status(401).json({ error: 'UNAUTHORIZED', message });
}
