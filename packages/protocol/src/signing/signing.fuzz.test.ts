/**
 * Property tests of V1 and V4 canonicalisation: for arbitrary keys, headers and query parameters,
 * verifying what was just signed succeeds; changing one character of any signed part (key, a
 * signed header, a signed query value) fails with SignatureDoesNotMatch; and verifying arbitrary
 * Authorization headers or presigned parameters only ever throws typed errors.
 * Published vectors are in v1.test.ts and v4.test.ts; these check the round trip around them.
 */
import { describe, expect, it } from 'vitest';
import { fc, fuzz, throwsOnly } from '@ossbox/fuzz';
import { OssProtocolError } from '../errors.js';
import { formatHttpDate, formatV4DateTime } from './dates.js';
import type { Credentials, SignableRequest } from './types.js';
import { authorizationV1, presignV1 } from './v1.js';
import { authorizationV4, presignV4, UNSIGNED_PAYLOAD } from './v4.js';
import { verifyRequest } from './verify.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const REGION = 'cn-hangzhou';
const CREDENTIALS: Credentials = { accessKeyId: 'LTAI5tFuzzKeyId', accessKeySecret: 'fuzz-secret/+=' };
const verify = (req: SignableRequest) =>
  verifyRequest(req, {
    lookupSecret: (id) => (id === CREDENTIALS.accessKeyId ? CREDENTIALS.accessKeySecret : undefined),
    region: REGION,
    now: NOW,
  });

/** Any Unicode text but the characters an HTTP header cannot carry (CR, LF, NUL). */
const text = (maxLength: number) =>
  fc.string({ unit: 'grapheme', maxLength }).filter((s) => !/[\r\n\0]/.test(s));
const keyArb = text(40).filter((k) => k.length > 0 && !/^[/\\]/.test(k));
const metaName = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/).map((n) => `x-oss-meta-${n}`);
const headersArb = fc.dictionary(
  metaName,
  text(30).filter((v) => v.trim() === v && v !== ''),
  { maxKeys: 4 },
);
/** Query parameters every signature version signs (V1 signs sub-resources and x-oss-* only). */
const signedQueryArb = fc.dictionary(
  fc.constantFrom('acl', 'uploadId', 'partNumber', 'response-content-type', 'x-oss-process', 'x-oss-fuzz'),
  text(20),
  { maxKeys: 3 },
);
const methodArb = fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD');
const requestArb = fc.record({ method: methodArb, key: keyArb, headers: headersArb, query: signedQueryArb });

/** One character of `s` replaced by a different one: any single change of a signed part. */
function mutate(s: string, at: number): string {
  const chars = Array.from(s);
  const i = at % chars.length;
  chars[i] = chars[i] === 'x' ? 'y' : 'x';
  return chars.join('');
}

type Signed = (r: {
  method: string;
  key: string;
  headers: Record<string, string>;
  query: Record<string, string>;
}) => SignableRequest;

/** The request every form signs: `r` in examplebucket, with the headers that form adds. */
const signable = (r: Parameters<Signed>[0], headers: SignableRequest['headers']): SignableRequest => ({
  method: r.method,
  bucket: 'examplebucket',
  key: r.key,
  headers,
  query: r.query,
});

const signedV1: Signed = (r) => {
  const headers = { ...r.headers, date: formatHttpDate(NOW) };
  const req = signable(r, headers);
  return { ...req, headers: { ...headers, authorization: authorizationV1(req, CREDENTIALS) } };
};

const signedV4: Signed = (r) => {
  const headers = {
    ...r.headers,
    'x-oss-date': formatV4DateTime(NOW),
    'x-oss-content-sha256': UNSIGNED_PAYLOAD,
  };
  const req = signable(r, headers);
  return {
    ...req,
    headers: { ...headers, authorization: authorizationV4(req, CREDENTIALS, { region: REGION }) },
  };
};

const signedPresignedV1: Signed = (r) => {
  const req = signable(r, r.headers);
  return { ...req, query: { ...r.query, ...presignV1(req, CREDENTIALS, NOW.getTime() / 1000 + 600) } };
};

const signedPresignedV4: Signed = (r) => {
  const req = signable(r, r.headers);
  return {
    ...req,
    query: { ...r.query, ...presignV4(req, CREDENTIALS, { region: REGION, date: NOW, expiresIn: 600 }) },
  };
};

const signatureDoesNotMatch = (req: SignableRequest): boolean => {
  try {
    verify(req);
  } catch (err) {
    return err instanceof OssProtocolError && err.code === 'SignatureDoesNotMatch';
  }
  return false;
};

describe.each([
  ['V1 header', signedV1],
  ['V4 header', signedV4],
  ['V1 presigned', signedPresignedV1],
  ['V4 presigned', signedPresignedV4],
] as const)('%s', (name, sign) => {
  it('verify(sign(request)) holds for arbitrary keys, headers and signed query parameters', () =>
    fuzz(
      `${name}: verify(sign(x))`,
      fc.property(requestArb, (r) => {
        expect(verify(sign(r)).kind).not.toBe('anonymous');
      }),
    ));

  it('changing one character of the key, a signed header or a signed query value fails', () =>
    fuzz(
      `${name}: one changed character fails`,
      fc.property(requestArb, fc.nat(), fc.nat(), (r, which, at) => {
        const req = sign(r);
        const signedHeaders = Object.keys(r.headers).filter((h) => r.headers[h] !== '');
        const signedQuery = Object.keys(r.query).filter((q) => r.query[q] !== '');
        const parts = [
          'key',
          ...signedHeaders.map((h) => `header:${h}`),
          ...signedQuery.map((q) => `query:${q}`),
        ];
        const part = parts[which % parts.length]!;
        let tampered: SignableRequest;
        if (part === 'key') tampered = { ...req, key: mutate(r.key, at) };
        else if (part.startsWith('header:')) {
          const h = part.slice('header:'.length);
          tampered = { ...req, headers: { ...req.headers, [h]: mutate(r.headers[h]!, at) } };
        } else {
          const q = part.slice('query:'.length);
          tampered = { ...req, query: { ...req.query, [q]: mutate(r.query[q]!, at) } };
        }
        expect(signatureDoesNotMatch(tampered)).toBe(true);
      }),
    ));
});

describe('verifyRequest on hostile input', () => {
  const authorizationArb = fc.oneof(
    text(120),
    fc
      .constantFrom('OSS ', 'OSS4-HMAC-SHA256 ', 'OSS2 ')
      .chain((scheme) => text(120).map((rest) => scheme + rest)),
    fc
      .tuple(text(20), text(20), text(40))
      .map(
        ([id, scope, rest]) =>
          `OSS4-HMAC-SHA256 Credential=${id}/${scope},AdditionalHeaders=${rest},Signature=${rest}`,
      ),
  );
  const presignedArb = fc.dictionary(
    fc.constantFrom(
      'OSSAccessKeyId',
      'Expires',
      'Signature',
      'x-oss-signature-version',
      'x-oss-credential',
      'x-oss-date',
      'x-oss-expires',
      'x-oss-signature',
      'x-oss-additional-headers',
      'x-oss-access-key-id',
    ),
    fc.oneof(
      text(40),
      fc.constantFrom(
        'OSS4-HMAC-SHA256',
        'OSS2',
        CREDENTIALS.accessKeyId,
        '20261130T120000Z',
        '600',
        '-1',
        '1e999',
      ),
    ),
  );

  it('throws only typed errors for arbitrary Authorization headers', () =>
    fuzz(
      'verifyRequest: arbitrary Authorization',
      fc.property(authorizationArb, text(40), (authorization, date) =>
        throwsOnly(OssProtocolError, () =>
          verify({
            method: 'GET',
            bucket: 'b',
            key: 'k',
            headers: { authorization, date, 'x-oss-date': date },
            query: {},
          }),
        ),
      ),
      300,
    ));

  it('throws only typed errors for arbitrary presigned query parameters', () =>
    fuzz(
      'verifyRequest: arbitrary presigned query',
      fc.property(presignedArb, (query) =>
        throwsOnly(OssProtocolError, () =>
          verify({ method: 'GET', bucket: 'b', key: 'k', headers: {}, query }),
        ),
      ),
      300,
    ));
});
