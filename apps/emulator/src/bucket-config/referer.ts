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

/**
 * Why a request with this `Referer` (undefined or '' when absent) is refused by the
 * configuration, as OSS tells the causes apart by EC, or `undefined` when it passes:
 * - `empty`: no Referer while AllowEmptyReferer is false (https://help.aliyun.com/en/oss/user-guide/0003-00000501);
 * - `blacklisted`: it matches the RefererBlacklist (https://www.alibabacloud.com/help/en/oss/support/0003-00000502);
 * - `not-listed`: it matches no RefererList pattern (https://www.alibabacloud.com/help/en/oss/user-guide/0003-00000503).
 */
export function refererRefusal(
  config: RefererConfiguration,
  referer: string | undefined,
): 'empty' | 'blacklisted' | 'not-listed' | undefined {
  if (referer === undefined || referer === '') return config.allowEmptyReferer ? undefined : 'empty';
  let subject = referer;
  if (config.allowTruncateQueryString) subject = subject.replace(/[?#].*$/s, '');
  if (config.truncatePath) subject = subject.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/]*).*$/is, '$1');
  if (config.blacklist.some((pattern) => matches(pattern, subject))) return 'blacklisted';
  if (config.referers.length === 0 || config.referers.some((pattern) => matches(pattern, subject))) return undefined;
  return 'not-listed';
}

const REFUSAL_EC = { empty: '0003-00000501', blacklisted: '0003-00000502', 'not-listed': '0003-00000503' } as const;

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
    const refusal = config && refererRefusal(config, headerValue(req.headers, 'referer'));
    if (refusal) {
      // The message is the one OSS's HTTP 403 page lists for referer refusals
      // (https://www.alibabacloud.com/help/en/oss/support/http-status-code-403).
      throw ossError('AccessDenied', { message: 'You are denied by bucket referer policy.', ec: REFUSAL_EC[refusal] });
    }
    next();
  };
}
