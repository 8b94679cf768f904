/**
 * Host/path routing (docs/rest-api.md §5.1): path style when the Host is an IP literal or a
 * configured host name, virtual-hosted when it is `<bucket>.<hostname>` or
 * `<bucket>.<anything>.aliyuncs.com` (what ali-oss sends for an IP endpoint, §5.1). The path and
 * the query are decoded form-style, as OSS does: `%XX` (`%2F` included) and `+` as a space (§5.1).
 */
import { isIP } from 'node:net';
import type { RequestHandler } from 'express';
import { ossError } from '@ossbox/protocol';
import type { EmulatorConfig } from '../config.js';
import { BUCKET_NAME } from '../config.js';
import type { Address } from '../context.js';
import { stateOf } from '../context.js';
import { decodeObjectName } from '../http/object-name.js';

/** First path segment reserved for the emulator's own endpoints (never a valid bucket name). */
export const INTERNAL_PREFIX = '/_ossbox';

/**
 * Decode one path or query component form-style: `+` is a space, `%XX` a byte of UTF-8. The
 * official Ruby SDK escapes every key with `CGI.escape` (`dir/a b+c` → `dir%2Fa+b%2Bc`,
 * aliyun-oss-ruby-sdk `lib/aliyun/oss/http.rb` `get_request_url`) and every query value with
 * RestClient's `URI.encode_www_form_component`, and its live tests pass against OSS; every other
 * official SDK sends a real `+` as `%2B` (ali-oss `_escape`, Go `url.QueryEscape`, Python
 * `quote`, Java `urlEncode`), so none of them is affected.
 */
function decodeComponent(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch (error) {
    throw ossError('InvalidURI', { cause: error });
  }
}

/** Parse a raw query string form-style (`+` is a space); the first of repeated names wins. */
export function parseRawQuery(rawQuery: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    if (!(name in query)) query[name] = value;
  }
  return query;
}

function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') < 0 ? undefined : host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return (colon < 0 ? host : host.slice(0, colon)).toLowerCase();
}

/** The bucket a virtual-hosted Host names, or undefined for path-style hosts. */
export function virtualHostBucket(hostHeader: string, hostnames: readonly string[]): string | undefined {
  const host = hostWithoutPort(hostHeader);
  if (host === '' || isIP(host) !== 0 || hostnames.includes(host)) return undefined;
  for (const name of hostnames) {
    if (host.endsWith(`.${name}`)) {
      const label = host.slice(0, -name.length - 1);
      if (!label.includes('.')) return label;
    }
  }
  const aliyun = /^([^.]+)\.[^.].*\.aliyuncs\.com$/.exec(host);
  return aliyun?.[1];
}

/** A key from the path: form-style decoding, then the naming rule (http/object-name.ts). */
function decodeKey(raw: string): string {
  return decodeObjectName(raw, { plusIsSpace: true, malformed: () => ossError('InvalidURI') });
}

/**
 * 400 InvalidBucketName unless `bucket` follows the naming rule. Only operations that create a
 * bucket apply it (middleware/authenticate.ts): any other request to a name no bucket can have is
 * NoSuchBucket, as OSS answers it (the official Python SDK's tests/test_object.py test_object_exists,
 * run against OSS, expects NoSuchBucket of GetObjectMeta in a bucket named "…-test-object_exists").
 */
export function validateBucketName(bucket: string): string {
  if (!BUCKET_NAME.test(bucket)) throw ossError('InvalidBucketName', { details: { BucketName: bucket } });
  return bucket;
}

/** Work out bucket, key and query from the Host header and the raw request target. */
export function resolveAddress(hostHeader: string, rawTarget: string, hostnames: readonly string[]): Address {
  const q = rawTarget.indexOf('?');
  const rawPath = q < 0 ? rawTarget : rawTarget.slice(0, q);
  const query = parseRawQuery(q < 0 ? '' : rawTarget.slice(q + 1));
  const virtualBucket = virtualHostBucket(hostHeader, hostnames);
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  if (virtualBucket !== undefined) {
    const address: Address = { style: 'virtual', bucket: virtualBucket, query };
    if (path !== '') address.key = decodeKey(path);
    return address;
  }
  if (path === '') return { style: 'path', query };
  const slash = path.indexOf('/');
  const bucket = decodeComponent(slash < 0 ? path : path.slice(0, slash));
  const rawKey = slash < 0 ? '' : path.slice(slash + 1);
  const address: Address = { style: 'path', bucket, query };
  if (rawKey !== '') address.key = decodeKey(rawKey);
  if (slash < 0) address.bareBucketPath = true;
  return address;
}

/** True for path-style requests to the emulator's own endpoints under `/_ossbox/`. */
export function isInternalRequest(hostHeader: string, rawTarget: string, hostnames: readonly string[]): boolean {
  if (virtualHostBucket(hostHeader, hostnames) !== undefined) return false;
  return rawTarget === INTERNAL_PREFIX || rawTarget.startsWith(`${INTERNAL_PREFIX}/`) || rawTarget.startsWith(`${INTERNAL_PREFIX}?`);
}

/** The valid bucket a request names, ignoring its key and query; undefined when there is none. */
function bucketOnly(hostHeader: string, rawTarget: string, hostnames: readonly string[]): Address | undefined {
  try {
    const virtualBucket = virtualHostBucket(hostHeader, hostnames);
    if (virtualBucket !== undefined) return { style: 'virtual', bucket: virtualBucket, query: {} };
    const path = rawTarget.replace(/^\//, '').split(/[/?]/, 1)[0]!;
    return path === '' ? undefined : { style: 'path', bucket: decodeComponent(path), query: {} };
  } catch {
    return undefined;
  }
}

/**
 * Middleware storing the resolved {@link Address} in the request state. When the bucket is valid
 * but the object name or the query is not (InvalidObjectName, InvalidURI), only the bucket is
 * stored and the error kept in `addressError`, for {@link raiseAddressErrorMiddleware} to raise
 * after the CORS step: the bucket's CORS rules apply to every answer on it (PutBucketCors
 * reference, "CORS rule matching"), and a page can read an error only with them.
 */
export function resolveAddressMiddleware(config: EmulatorConfig): RequestHandler {
  return (req, res, next) => {
    const state = stateOf(res);
    const host = req.headers.host ?? '';
    try {
      state.address = resolveAddress(host, req.originalUrl, config.hostnames);
    } catch (error) {
      const bucket = bucketOnly(host, req.originalUrl, config.hostnames);
      if (bucket === undefined) throw error;
      state.address = bucket;
      state.addressError = error;
    }
    next();
  };
}

/** Middleware raising the error {@link resolveAddressMiddleware} kept, once CORS has run. */
export function raiseAddressErrorMiddleware(): RequestHandler {
  return (_req, res, next) => {
    const { addressError } = stateOf(res);
    if (addressError !== undefined) throw addressError;
    next();
  };
}
