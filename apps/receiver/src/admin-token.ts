/**
 * The admin token guarding `GET|DELETE /_ossbox/callbacks` (the received callbacks can carry
 * object names and custom variables; clearing them hides evidence from a test). The rule is the
 * emulator's too (`@ossbox/protocol` admin-token.ts): a receiver on a loopback interface needs no
 * token unless one is set; on any other interface a token is always required (one is generated
 * when none is configured).
 */
import type { RequestHandler } from 'express';
import { adminTokenMatches, bearerToken } from '@ossbox/protocol';
import { replyJson } from '@ossbox/callback';

/**
 * Middleware requiring `Authorization: Bearer <token>`; answers 401 JSON otherwise. With no
 * token it lets everything through. The comparison is constant-time.
 */
export function requireAdminToken(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (token === undefined || adminTokenMatches(bearerToken(req.headers.authorization), token)) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="ossbox-receiver"');
    replyJson(res, { error: 'UNAUTHORIZED', message: 'send the admin token as Authorization: Bearer <token>' }, 401);
  };
}
