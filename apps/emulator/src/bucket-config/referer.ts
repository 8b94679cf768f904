/**
 * Hotlink protection (PutBucketReferer) enforced. OSS checks the `Referer` only of requests that
 * are anonymous or signed in the URL; a request signed in the `Authorization` header is never
 * checked (https://www.alibabacloud.com/help/en/oss/user-guide/hotlink-protection). PostObject
 * (form-signed) is not checked.
 *
 * Matching: an empty or missing Referer is decided by `AllowEmptyReferer` alone; otherwise a
 * blacklist match denies, and a non-empty whitelist must match. Patterns take `*` (any characters)
 * and `?` (one character) and match the whole Referer, case-insensitively, after dropping its query
 * string (`AllowTruncateQueryString`, default true) and its path (`TruncatePath`); a pattern without
 * `scheme://` matches the Referer without its scheme. (OSS does not document case or scheme-less
 * patterns [unverified]; these are the readings that never deny what OSS documents as allowed.)
 */
import type { RequestHandler } from 'express';
import { ossError, parseRefererConfiguration } from '@ossbox/protocol';
import type { RefererConfiguration } from '@ossbox/protocol';
import { stateOf } from '../context.js';
import { headerValue } from '../http/object-headers.js';
import type { MetadataStore } from '../store/metadata-store.js';
import { storedConfig } from './store.js';

const patterns = new Map<string, RegExp>();

function patternRegex(pattern: string): RegExp {
  let regex = patterns.get(pattern);
  if (regex === undefined) {
    const source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('');
    regex = new RegExp(`^${source}$`, 'is');
    if (patterns.size >= 1024) patterns.clear();
    patterns.set(pattern, regex);
  }
  return regex;
}

function matches(pattern: string, referer: string): boolean {
  const subject = pattern.includes('://') ? referer : referer.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return patternRegex(pattern).test(subject);
}

/** Whether a request with this `Referer` (undefined or '' when absent) passes the configuration. */
export function refererAllowed(config: RefererConfiguration, referer: string | undefined): boolean {
  if (referer === undefined || referer === '') return config.allowEmptyReferer;
  let subject = referer;
  if (config.allowTruncateQueryString) subject = subject.replace(/[?#].*$/s, '');
  if (config.truncatePath) subject = subject.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/]*).*$/is, '$1');
  if (config.blacklist.some((pattern) => matches(pattern, subject))) return false;
  return config.referers.length === 0 || config.referers.some((pattern) => matches(pattern, subject));
}

/** Middleware (after authentication): 403 AccessDenied when the bucket's Referer rules refuse the request. */
export function refererMiddleware(meta: MetadataStore): RequestHandler {
  return (req, res, next) => {
    const state = stateOf(res);
    const bucket = state.address?.bucket;
    const kind = state.auth?.kind ?? 'anonymous';
    if (bucket === undefined || state.operation?.access === 'form' || !(kind === 'anonymous' || kind.startsWith('presigned'))) {
      next();
      return;
    }
    const config = storedConfig(meta, bucket, 'referer', parseRefererConfiguration);
    if (config && !refererAllowed(config, headerValue(req.headers, 'referer'))) {
      // OSS's message for this refusal; its EC is not documented [unverified].
      throw ossError('AccessDenied', { message: 'You are denied by bucket referer policy.', ec: undefined });
    }
    next();
  };
}
