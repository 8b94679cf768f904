/**
 * Conditional request headers (docs/rest-api.md §5.7): If-Match / If-Unmodified-Since fail with
 * 412 PreconditionFailed, If-None-Match / If-Modified-Since with 304. The copy-source variants
 * (`x-oss-copy-source-if-*`) all fail with 412. The error's `<Condition>` names the condition
 * without the copy-source prefix (`If-Match`), as OSS's does: the official ali-oss suite, run
 * against OSS, expects `(condition: If-Match)` from a CopyObject whose
 * `x-oss-copy-source-if-match` does not hold.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ossError } from '@ossbox/protocol';
import type { ObjectRecord } from '../store/metadata-store.js';
import { headerValue, sameEtag } from './object-headers.js';

/** Outcome of evaluating the conditions. */
export type ConditionResult = 'ok' | 'not-modified';

function matchesAny(list: string, etag: string): boolean {
  return list.split(',').some((candidate) => candidate.trim() === '*' || sameEtag(candidate, etag));
}

function parseDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** HTTP dates have one-second resolution; compare at that resolution. */
function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * EC page https://help.aliyun.com/en/oss/user-guide/0017-00001001: a conditional header of a read
 * (If-Match, If-Unmodified-Since, …) does not hold. The copy-source forms have no documented EC.
 */
const READ_CONDITION_EC = '0017-00001001';

function precondition(condition: 'If-Match' | 'If-Unmodified-Since', prefix: string): never {
  throw ossError('PreconditionFailed', { ...(prefix === '' ? { ec: READ_CONDITION_EC } : {}), details: { Condition: condition } });
}

/**
 * Evaluate If-* headers against an object, RFC 9110 §13.2.2 order. Throws PreconditionFailed;
 * returns 'not-modified' when the caller must answer 304.
 */
export function evaluateConditions(headers: IncomingHttpHeaders, object: ObjectRecord, prefix = ''): ConditionResult {
  const ifMatch = headerValue(headers, `${prefix}if-match`);
  const ifNoneMatch = headerValue(headers, `${prefix}if-none-match`);
  const ifModifiedSince = parseDate(headerValue(headers, `${prefix}if-modified-since`));
  const ifUnmodifiedSince = parseDate(headerValue(headers, `${prefix}if-unmodified-since`));
  const modified = seconds(object.lastModified);
  if (ifMatch !== undefined) {
    if (!matchesAny(ifMatch, object.etag)) precondition('If-Match', prefix);
  } else if (ifUnmodifiedSince !== undefined && modified > ifUnmodifiedSince) {
    precondition('If-Unmodified-Since', prefix);
  }
  if (ifNoneMatch !== undefined) {
    if (matchesAny(ifNoneMatch, object.etag)) return 'not-modified';
  } else if (ifModifiedSince !== undefined && modified <= ifModifiedSince) {
    return 'not-modified';
  }
  return 'ok';
}
