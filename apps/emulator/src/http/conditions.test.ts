/**
 * Every documented conditional-header case, for both header families: GetObject/HeadObject
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/getobject) and the copy-source
 * variants of CopyObject / UploadPartCopy
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/copyobject): match → go on,
 * If-Match / If-Unmodified-Since failing → 412, If-None-Match / If-Modified-Since failing → 304.
 */
import { describe, expect, it } from 'vitest';
import type { ObjectRecord } from '../store/metadata-store.js';
import { evaluateConditions } from './conditions.js';

const MODIFIED = new Date('2026-11-30T12:00:00.700Z');
const OBJECT = { etag: '5B3C1A2E053D763E1B002CC607C5A0FE', lastModified: MODIFIED } as ObjectRecord;
const ETAG = '"5B3C1A2E053D763E1B002CC607C5A0FE"';
const EARLIER = 'Sun, 29 Nov 2026 12:00:00 GMT';
const SAME = MODIFIED.toUTCString();
const LATER = 'Tue, 01 Dec 2026 12:00:00 GMT';

type Outcome = 'ok' | 304 | 412;
const CASES: [name: string, headers: Record<string, string>, outcome: Outcome][] = [
  ['if-match equal', { 'if-match': ETAG }, 'ok'],
  ['if-match equal, unquoted lower case', { 'if-match': OBJECT.etag.toLowerCase() }, 'ok'],
  ['if-match in a list', { 'if-match': '"X", ' + ETAG }, 'ok'],
  ['if-match *', { 'if-match': '*' }, 'ok'],
  ['if-match different', { 'if-match': '"X"' }, 412],
  ['if-none-match different', { 'if-none-match': '"X"' }, 'ok'],
  ['if-none-match equal', { 'if-none-match': ETAG }, 304],
  ['if-modified-since earlier', { 'if-modified-since': EARLIER }, 'ok'],
  ['if-modified-since same second', { 'if-modified-since': SAME }, 304],
  ['if-modified-since later', { 'if-modified-since': LATER }, 304],
  ['if-modified-since not a date', { 'if-modified-since': 'yesterday' }, 'ok'],
  ['if-unmodified-since later', { 'if-unmodified-since': LATER }, 'ok'],
  ['if-unmodified-since same second', { 'if-unmodified-since': SAME }, 'ok'],
  ['if-unmodified-since earlier', { 'if-unmodified-since': EARLIER }, 412],
  ['if-match passing wins over if-unmodified-since failing', { 'if-match': ETAG, 'if-unmodified-since': EARLIER }, 'ok'],
  ['if-none-match passing wins over if-modified-since failing', { 'if-none-match': '"X"', 'if-modified-since': LATER }, 'ok'],
  ['if-match failing before if-none-match', { 'if-match': '"X"', 'if-none-match': ETAG }, 412],
  ['both passing', { 'if-match': ETAG, 'if-modified-since': EARLIER }, 'ok'],
];

function outcome(headers: Record<string, string>, prefix: string): Outcome {
  try {
    return evaluateConditions(headers, OBJECT, prefix) === 'ok' ? 'ok' : 304;
  } catch (error) {
    expect(error).toMatchObject({ code: 'PreconditionFailed', status: 412 });
    return 412;
  }
}

describe('conditional headers', () => {
  it.each(CASES)('%s', (_name, headers, expected) => {
    expect(outcome(headers, '')).toBe(expected);
    const copy = Object.fromEntries(Object.entries(headers).map(([name, value]) => [`x-oss-copy-source-${name}`, value]));
    expect(outcome(copy, 'x-oss-copy-source-')).toBe(expected);
    // Each family reads only its own headers.
    expect(outcome(copy, '')).toBe('ok');
  });
});
