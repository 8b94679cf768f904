/**
 * Absolute-form request targets (`GET http://examplebucket.localhost:9000/key HTTP/1.1`), which
 * HTTP clients send to a proxy and which RFC 9112 §3.2.2 says a server MUST accept: "When an
 * origin server receives a request with an absolute-form of request-target, the origin server
 * MUST ignore the received Host header field (if any) and instead use the host information of
 * the request-target" (https://www.rfc-editor.org/rfc/rfc9112#section-3.2.2).
 *
 * The request is turned into its origin form before anything reads it: the target's authority
 * becomes the `Host` header and the path and query become `req.url`. Bucket resolution
 * (virtual-hosted or path style), the `/_ossbox/` routes, `Location` URLs and error `HostId`s then
 * work as for any request, and signatures are checked over the same canonical resource the SDK
 * signed: SDKs sign `/bucket/key` and the sub-resources, never the scheme or the authority
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/include-signatures-in-the-authorization-header).
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { ossError } from '@ossbox/protocol';

/** An absolute-form target split into the parts the origin form keeps. */
export interface AbsoluteTarget {
  /** `host[:port]` of the target, what the `Host` header would have said. */
  authority: string;
  /** The path and query in origin form (`/` when the target has no path). */
  originForm: string;
}

/** `scheme "://" authority path-abempty [ "?" query ]` (RFC 3986 §3); the path is kept as sent. */
const ABSOLUTE_FORM = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^#]*)$/;

/**
 * Split an absolute-form request target, or return undefined for any other form (origin form
 * `/key`, asterisk form `*`). Throws `InvalidURI` for absolute forms an `http` URI cannot be:
 * a scheme other than `http`/`https`, an empty host ("A recipient that processes such a URI
 * reference MUST reject it as invalid", RFC 9110 §4.2.1) or user info, which RFC 9110 §4.2.4
 * forbids senders to generate and tells recipients to treat as an error. The path is not
 * normalized (no dot-segment removal, no re-encoding): its bytes are the object key.
 */
export function parseAbsoluteTarget(target: string): AbsoluteTarget | undefined {
  if (target.startsWith('/') || target === '*') return undefined;
  const match = ABSOLUTE_FORM.exec(target);
  if (!match) return undefined;
  const [, scheme = '', authority = '', rest = ''] = match;
  const lower = scheme.toLowerCase();
  if ((lower !== 'http' && lower !== 'https') || authority === '' || authority.includes('@') || authority.startsWith(':')) {
    throw ossError('InvalidURI', { details: { URI: target } });
  }
  return { authority, originForm: rest.startsWith('/') ? rest : `/${rest}` };
}

/**
 * Rewrite an absolute-form request in place to its origin form: `Host` becomes the target's
 * authority, `req.url` (and Express's `originalUrl`) the path and query. Origin-form requests are
 * left untouched.
 */
export function toOriginForm(req: IncomingMessage & { originalUrl?: string }): void {
  const absolute = parseAbsoluteTarget(req.url ?? '');
  if (absolute === undefined) return;
  req.headers.host = absolute.authority;
  req.url = absolute.originForm;
  req.originalUrl = absolute.originForm;
}

/** Middleware applying {@link toOriginForm} before routing; malformed targets become InvalidURI. */
export function requestTargetMiddleware(): RequestHandler {
  return (req, _res, next) => {
    toOriginForm(req);
    next();
  };
}
