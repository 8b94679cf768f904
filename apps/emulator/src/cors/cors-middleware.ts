/**
 * Bucket CORS on the wire, in one middleware so no handler has to remember it:
 *
 * - Preflight: `OPTIONS` on a bucket or object URL, unsigned, is answered here from the bucket's
 *   rules: 200 with the `Access-Control-*` headers of the first matching rule, or 403
 *   AccessForbidden when no rule matches or the bucket has none
 *   (https://www.alibabacloud.com/help/en/oss/developer-reference/options).
 * - Actual requests carrying `Origin`: the headers of the first rule matching origin and method
 *   are set before the operation runs, so every answer carries them, errors (rendered later by
 *   render-error.ts), 203 CallbackFailed and PostObject redirects included. No match: no CORS
 *   headers, the request itself proceeds (PutBucketCors reference, "CORS rule matching").
 * - `ResponseVary: true` adds `Vary: Origin` to every response of the bucket, cross-origin or not.
 */
import type { RequestHandler, Response } from 'express';
import { ossError } from '@ossbox/protocol';
import type { CorsRule } from '@ossbox/protocol';
import { stateOf } from '../context.js';
import { headerValue } from '../http/object-headers.js';
import type { MetadataStore } from '../store/metadata-store.js';
import { getBucketCorsConfig } from './bucket-cors.js';
import { matchCorsRule, parseRequestHeaders } from './match.js';

/** The headers a matching rule grants. The allowed origin is the request's own (Options reference). */
function setRuleHeaders(res: Response, rule: CorsRule, origin: string): void {
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Methods', rule.allowedMethods.join(', '));
  if (rule.exposeHeaders.length > 0) res.setHeader('Access-Control-Expose-Headers', rule.exposeHeaders.join(', '));
  if (rule.maxAgeSeconds !== undefined) res.setHeader('Access-Control-Max-Age', String(rule.maxAgeSeconds));
}

// A preflight without Origin or Access-Control-Request-Method is 400 BadRequest with these messages
// (https://www.alibabacloud.com/help/en/oss/support/http-400-status-code, "BadRequest"); no EC is
// documented for either.
const NO_ORIGIN = 'Insufficient information. Origin request header needed';
const NO_METHOD = 'Insufficient information. Request Access-Control-Request-Method header needed';

/** Middleware: answer preflights and decorate cross-origin responses; after address resolution. */
export function corsMiddleware(meta: MetadataStore): RequestHandler {
  return (req, res, next) => {
    const bucket = stateOf(res).address!.bucket;
    // Service-level requests (ListBuckets) have no bucket rules; OPTIONS there is MethodNotAllowed.
    if (bucket === undefined) {
      next();
      return;
    }
    const preflight = req.method === 'OPTIONS';
    if (preflight && !meta.getBucket(bucket)) throw ossError('NoSuchBucket', { details: { BucketName: bucket } });
    const config = getBucketCorsConfig(meta, bucket);
    if (config?.responseVary) res.setHeader('Vary', 'Origin');
    const origin = headerValue(req.headers, 'origin');
    if (!preflight) {
      const rule = config && origin !== undefined ? matchCorsRule(config, { origin, method: req.method, headers: [] }) : undefined;
      if (rule) setRuleHeaders(res, rule, origin!);
      next();
      return;
    }
    if (origin === undefined) throw ossError('BadRequest', { message: NO_ORIGIN });
    const method = headerValue(req.headers, 'access-control-request-method');
    if (method === undefined) throw ossError('BadRequest', { message: NO_METHOD });
    const requested = headerValue(req.headers, 'access-control-request-headers');
    const rule = config && matchCorsRule(config, { origin, method, headers: parseRequestHeaders(requested) });
    if (!rule) throw ossError('AccessForbidden');
    setRuleHeaders(res, rule, origin);
    if (requested !== undefined && requested.trim() !== '') res.setHeader('Access-Control-Allow-Headers', requested);
    res.status(200).end();
  };
}
