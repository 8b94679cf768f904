/**
 * Static website hosting (PutBucketWebsite) on anonymous GET/HEAD, as OSS applies it on the
 * bucket's own endpoint (https://www.alibabacloud.com/help/en/oss/user-guide/overview-59): the local
 * "website endpoint" is any unsigned `GET|HEAD` without query parameters, path or virtual-host
 * style, on a bucket with a website configuration.
 *
 * - the bucket root serves the index document;
 * - `dir/` serves `dir/<index>` with SupportSubDir, else the root index document;
 * - a missing `dir` (no trailing `/`) with SupportSubDir: Type 0 redirects (302) to `dir/` when
 *   `dir/<index>` exists, Type 2 serves `dir/<index>`, Type 1 goes on to the error document;
 * - a missing object serves the error document with its HttpStatus (404 by default).
 *
 * The rewritten request is then an ordinary GetObject/HeadObject: the object's ACL decides
 * (website content must be public-read). RoutingRules are stored but not applied.
 */
import type { RequestHandler } from 'express';
import { parseWebsiteConfiguration } from '@ossbox/protocol';
import type { WebsiteConfiguration } from '@ossbox/protocol';
import { stateOf } from '../context.js';
import type { Address } from '../context.js';
import { getObject } from '../handlers/get-object.js';
import type { Handler } from '../handlers/handler.js';
import type { MetadataStore } from '../store/metadata-store.js';
import { storedConfig } from './store.js';

/** Query parameters that carry a URL signature (V1, V2/V4). */
const SIGNATURE_PARAMS = ['OSSAccessKeyId', 'Signature', 'x-oss-signature', 'x-oss-credential'];

/** The website's answer: serve `key` (with `status` instead of 200), or redirect to `location`. */
type Route = { key: string; status: number } | { location: string };

/** Where an anonymous GET of `key` (undefined: the bucket root) goes; undefined leaves it alone. */
export function websiteRoute(config: WebsiteConfiguration, key: string | undefined, exists: (key: string) => boolean): Route | undefined {
  const index = config.index;
  let target = key;
  if (index && (target === undefined || target.endsWith('/'))) {
    target = target !== undefined && index.supportSubDir ? `${target}${index.suffix}` : index.suffix;
  } else if (target === undefined) {
    return undefined;
  } else if (!exists(target) && index?.supportSubDir && exists(`${target}/${index.suffix}`)) {
    if (index.type === 0) return { location: `${target}/` };
    if (index.type === 2) target = `${target}/${index.suffix}`;
  }
  if (config.error && !exists(target)) return { key: config.error.key, status: config.error.httpStatus };
  return { key: target, status: 200 };
}

/** GetObject with `status` where it would answer 200 (the error document's HttpStatus). */
function getObjectWithStatus(status: number): Handler {
  return (ctx) => {
    const setStatus = ctx.res.status.bind(ctx.res);
    ctx.res.status = (code: number) => setStatus(code === 200 ? status : code);
    return getObject(ctx);
  };
}

function redirectTarget(address: Address, key: string): string {
  const path = key.split('/').map(encodeURIComponent).join('/');
  return address.style === 'virtual' ? `/${path}` : `/${address.bucket}/${path}`;
}

/** Middleware (after the operation is known, before authentication): apply the bucket's website rules. */
export function websiteMiddleware(meta: MetadataStore): RequestHandler {
  return (req, res, next) => {
    const state = stateOf(res);
    const address = state.address!;
    const name = state.operation?.name;
    const unsigned = req.headers.authorization === undefined && !SIGNATURE_PARAMS.some((p) => p in address.query);
    if (
      !unsigned ||
      address.bucket === undefined ||
      Object.keys(address.query).length > 0 ||
      !(name === 'ListObjects' || name === 'GetObject' || name === 'HeadObject')
    ) {
      next();
      return;
    }
    const config = storedConfig(meta, address.bucket, 'website', parseWebsiteConfiguration);
    const bucket = address.bucket;
    const route = config && websiteRoute(config, address.key, (key) => meta.getObject(bucket, key) !== undefined);
    if (route === undefined) {
      next();
      return;
    }
    if ('location' in route) {
      res.status(302).setHeader('Location', redirectTarget(address, route.location)).end();
      return;
    }
    address.key = route.key;
    const operation = req.method === 'HEAD' ? 'HeadObject' : 'GetObject';
    state.operation = { name: operation, access: 'read', handler: route.status === 200 ? getObject : getObjectWithStatus(route.status) };
    next();
  };
}
