import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OssProtocolError } from '../errors.js';
import { thrownProtocolError } from '../test-support/thrown.js';
import type { SignableRequest } from './types.js';
import { authorizationV1, presignV1, stringToSignPresignedV1, stringToSignV1 } from './v1.js';
import { authorizationV2, presignV2 } from './v2.js';
import { authorizationV4, presignV4 } from './v4.js';
import { verifyRequest } from './verify.js';
import type { VerifyOptions } from './verify.js';

const creds = { accessKeyId: 'ak', accessKeySecret: 'sk' };
const secrets = new Map([['ak', 'sk']]);
const lookupSecret = (id: string) => secrets.get(id);

function options(now: Date, extra: Partial<VerifyOptions> = {}): VerifyOptions {
  return { lookupSecret, region: 'cn-hangzhou', now, ...extra };
}

function expectMismatch(fn: () => unknown): OssProtocolError {
  const err = thrownProtocolError(fn);
  expect(err.code).toBe('SignatureDoesNotMatch');
  expect(err.status).toBe(403);
  expect(err.ec).toBe('0002-00000040');
  expect(err.message).toBe(
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  );
  expect(err.details.OSSAccessKeyId).toBe('ak');
  expect(err.details.SignatureProvided).toBeTruthy();
  return err;
}

const V1_DATE = 'Wed, 28 Dec 2022 10:27:41 GMT';
const V4_QUERY = { param1: 'value1', '+param1': 'value3', '|param1': 'value4', '+param2': '', '|param2': '', param2: '' };

// The published vectors of docs/rest-api.md §5.3/§5.5 and Go v2 signer_test.go, seen from the server.
describe('verifyRequest accepts the published vectors', () => {
  it('V1 header (§5.3)', () => {
    const req: SignableRequest = {
      method: 'PUT',
      bucket: 'examplebucket',
      key: 'nelson',
      headers: {
        'content-md5': 'eB5eJF1ptWaXm4bijSPyxw==',
        'content-type': 'text/html',
        'x-oss-meta-author': 'alice',
        'x-oss-meta-magic': 'abracadabra',
        'x-oss-date': V1_DATE,
        authorization: 'OSS ak:kSHKmLxlyEAKtZPkJhG9bZb5k7M=',
      },
      query: {},
    };
    expect(verifyRequest(req, options(new Date(V1_DATE)))).toEqual({ kind: 'v1', accessKeyId: 'ak' });
  });

  it('V4 header (§5.5)', () => {
    const req: SignableRequest = {
      method: 'PUT',
      bucket: 'bucket',
      key: '1234+-/123/1.txt',
      headers: {
        'x-oss-head1': 'value',
        abc: 'value',
        zabc: 'value',
        xyz: 'value',
        'content-type': 'text/plain',
        'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
        'x-oss-date': '20231216T172512Z',
        date: 'Sat, 16 Dec 2023 17:25:12 GMT',
        authorization:
          'OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=abc;zabc,Signature=4a4183c187c07c8947db7620deb0a6b38d9fbdd34187b6dbaccb316fa251212f',
      },
      query: V4_QUERY,
    };
    expect(verifyRequest(req, options(new Date(1702747512 * 1000)))).toEqual({ kind: 'v4', accessKeyId: 'ak' });
  });

  it('presigned V1 with STS token (Go v2 TestV1AuthQuery case 2)', () => {
    const req: SignableRequest = {
      method: 'GET',
      bucket: 'bucket',
      key: 'key+123',
      headers: {},
      query: {
        Expires: '1699808204',
        OSSAccessKeyId: 'ak',
        Signature: 'jzKYRrM5y6Br0dRFPaTGOsbrDhY=',
        'security-token': 'token',
        versionId: 'versionId',
      },
    };
    expect(verifyRequest(req, options(new Date(1699808000 * 1000)))).toEqual({
      kind: 'presigned-v1',
      accessKeyId: 'ak',
      securityToken: 'token',
    });
  });

  it('presigned V4 (Go v2 TestV4AuthQuery)', () => {
    const req: SignableRequest = {
      method: 'PUT',
      bucket: 'bucket',
      key: '1234+-/123/1.txt',
      headers: { 'x-oss-head1': 'value', abc: 'value', 'content-type': 'application/octet-stream' },
      query: {
        ...V4_QUERY,
        'x-oss-signature-version': 'OSS4-HMAC-SHA256',
        'x-oss-date': '20231217T025437Z',
        'x-oss-expires': '599',
        'x-oss-credential': 'ak/20231217/cn-hangzhou/oss/aliyun_v4_request',
        'x-oss-signature': 'a39966c61718be0d5b14e668088b3fa07601033f6518ac7b523100014269c0fe',
      },
    };
    expect(verifyRequest(req, options(new Date(1702781677 * 1000 + 60_000)))).toEqual({
      kind: 'presigned-v4',
      accessKeyId: 'ak',
    });
  });
});

const NOW = new Date('2024-05-01T12:00:00Z');

/** A request touching every signed part: body headers, x-oss-* headers, sub-resources, odd key. */
function baseRequest(): SignableRequest {
  return {
    method: 'PUT',
    bucket: 'photos',
    key: 'dir/naïve file+1.txt',
    headers: {
      'Content-Type': 'text/plain',
      'Content-MD5': 'XUFAKrxLKna5cZ2REBfFkg==',
      'x-oss-meta-owner': 'alice',
      'x-oss-object-acl': 'private',
      'cache-control': 'no-cache',
    },
    query: { uploadId: 'abc', partNumber: '3' },
  };
}

function signV1(req: SignableRequest): SignableRequest {
  const headers = { ...req.headers, Date: NOW.toUTCString() };
  return { ...req, headers: { ...headers, Authorization: authorizationV1({ ...req, headers }, creds) } };
}

function signV4(req: SignableRequest, additionalHeaders?: string[]): SignableRequest {
  const headers = { ...req.headers, 'x-oss-date': '20240501T120000Z', 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD' };
  const authorization = authorizationV4({ ...req, headers }, creds, { region: 'cn-hangzhou', additionalHeaders });
  return { ...req, headers: { ...headers, Authorization: authorization } };
}

function presignedV1(req: SignableRequest, expires = NOW.getTime() / 1000 + 600): SignableRequest {
  return { ...req, query: { ...req.query, ...presignV1(req, creds, expires) } };
}

function signV2(req: SignableRequest): SignableRequest {
  const headers = { ...req.headers, Date: NOW.toUTCString() };
  return { ...req, headers: { ...headers, Authorization: authorizationV2({ ...req, headers }, creds, ['cache-control']) } };
}

function presignedV2(req: SignableRequest, expires = NOW.getTime() / 1000 + 600): SignableRequest {
  return { ...req, query: { ...req.query, ...presignV2(req, creds, expires, ['cache-control']) } };
}

function presignedV4(req: SignableRequest, expiresIn = 600, date = NOW): SignableRequest {
  const params = presignV4(req, creds, { region: 'cn-hangzhou', date, expiresIn, additionalHeaders: ['cache-control'] });
  return { ...req, query: { ...req.query, ...params } };
}

type Tamper = [string, (r: SignableRequest) => SignableRequest];
const tampers: Tamper[] = [
  ['method', (r) => ({ ...r, method: 'POST' })],
  ['bucket', (r) => ({ ...r, bucket: 'other' })],
  ['key', (r) => ({ ...r, key: 'dir/naive file+1.txt' })],
  ['content-type', (r) => ({ ...r, headers: { ...r.headers, 'Content-Type': 'text/html' } })],
  ['content-md5', (r) => ({ ...r, headers: { ...r.headers, 'Content-MD5': '1B2M2Y8AsgTpgAmY7PhCfg==' } })],
  ['x-oss header value', (r) => ({ ...r, headers: { ...r.headers, 'x-oss-meta-owner': 'mallory' } })],
  ['added x-oss header', (r) => ({ ...r, headers: { ...r.headers, 'x-oss-forbid-overwrite': 'true' } })],
  ['sub-resource', (r) => ({ ...r, query: { ...r.query, partNumber: '4' } })],
];

describe('round trips and tampering', () => {
  const modes = [
    ['v1', signV1],
    ['v2', signV2],
    ['v4', (r: SignableRequest) => signV4(r, ['cache-control'])],
    ['presigned-v1', (r: SignableRequest) => presignedV1(r)],
    ['presigned-v2', (r: SignableRequest) => presignedV2(r)],
    ['presigned-v4', (r: SignableRequest) => presignedV4(r)],
  ] as const;

  for (const [kind, sign] of modes) {
    it(`${kind}: a signed request verifies`, () => {
      expect(verifyRequest(sign(baseRequest()), options(NOW))).toEqual({ kind, accessKeyId: 'ak' });
    });

    for (const [part, tamper] of tampers) {
      it(`${kind}: changing the ${part} gives SignatureDoesNotMatch with the server's StringToSign`, () => {
        const tampered = tamper(sign(baseRequest()));
        const err = expectMismatch(() => verifyRequest(tampered, options(NOW)));
        if (kind === 'v1') expect(err.details.StringToSign).toBe(stringToSignV1(tampered));
        if (kind === 'presigned-v1') {
          expect(err.details.StringToSign).toBe(stringToSignPresignedV1(tampered, tampered.query.Expires ?? ''));
        }
        if (kind === 'v2' || kind === 'presigned-v2') {
          expect(err.details.StringToSign?.split('\n')[0]).toBe(tampered.method);
          expect(err.details.StringToSign).toMatch(kind === 'v2' ? /\ncache-control;?/ : /\n\d+\n/);
        }
        if (kind === 'v4' || kind === 'presigned-v4') {
          expect(err.details.StringToSign).toMatch(/^OSS4-HMAC-SHA256\n20240501T120000Z\n20240501\/cn-hangzhou\/oss\/aliyun_v4_request\n[0-9a-f]{64}$/);
          expect(err.details.CanonicalRequest?.split('\n')[0]).toBe(tampered.method);
        }
      });
    }
  }

  it('v4: an additional header is signed, other plain headers are not', () => {
    const signed = signV4(baseRequest(), ['cache-control']);
    expectMismatch(() =>
      verifyRequest({ ...signed, headers: { ...signed.headers, 'cache-control': 'max-age=1' } }, options(NOW)),
    );
    const unsigned = { ...signed, headers: { ...signed.headers, 'user-agent': 'x' } };
    expect(verifyRequest(unsigned, options(NOW)).kind).toBe('v4');
  });

  it('v2, v4 and their presigned forms: any query parameter is signed', () => {
    for (const signed of [signV2(baseRequest()), presignedV2(baseRequest()), signV4(baseRequest()), presignedV4(baseRequest())]) {
      expectMismatch(() => verifyRequest({ ...signed, query: { ...signed.query, prefix: 'a' } }, options(NOW)));
    }
  });

  it('v1: listing parameters are not signed (§5.3)', () => {
    const signed = signV1(baseRequest());
    expect(verifyRequest({ ...signed, query: { ...signed.query, prefix: 'a' } }, options(NOW)).kind).toBe('v1');
  });

  it('a tampered signature of another length is a mismatch, not a crash', () => {
    const signed = signV1(baseRequest());
    const bad = { ...signed, headers: { ...signed.headers, Authorization: 'OSS ak:short' } };
    expect(expectMismatch(() => verifyRequest(bad, options(NOW))).details.SignatureProvided).toBe('short');
  });

  it('returns the STS token of every mode', () => {
    const sts = { ...creds, securityToken: 'tok' };
    const req = baseRequest();
    const v1Headers = { ...req.headers, Date: NOW.toUTCString(), 'x-oss-security-token': 'tok' };
    const v1 = { ...req, headers: { ...v1Headers, Authorization: authorizationV1({ ...req, headers: v1Headers }, sts) } };
    const v4Headers = { ...req.headers, 'x-oss-date': '20240501T120000Z', 'x-oss-security-token': 'tok' };
    const v4 = {
      ...req,
      headers: { ...v4Headers, Authorization: authorizationV4({ ...req, headers: v4Headers }, sts, { region: 'cn-hangzhou' }) },
    };
    const p1 = { ...req, query: { ...req.query, ...presignV1(req, sts, NOW.getTime() / 1000 + 60) } };
    const p4 = {
      ...req,
      query: { ...req.query, ...presignV4(req, sts, { region: 'cn-hangzhou', date: NOW, expiresIn: 60 }) },
    };
    const v2Headers = { ...req.headers, Date: NOW.toUTCString(), 'x-oss-security-token': 'tok' };
    const v2 = { ...req, headers: { ...v2Headers, Authorization: authorizationV2({ ...req, headers: v2Headers }, sts) } };
    const p2 = { ...req, query: { ...req.query, ...presignV2(req, sts, NOW.getTime() / 1000 + 60) } };
    for (const signed of [v1, v2, v4, p1, p2, p4]) {
      expect(verifyRequest(signed, options(NOW))).toMatchObject({ accessKeyId: 'ak', securityToken: 'tok' });
    }
  });
});

describe('authentication errors', () => {
  it('anonymous when nothing is signed', () => {
    expect(verifyRequest(baseRequest(), options(NOW))).toEqual({ kind: 'anonymous' });
  });

  it('unknown access key → 403 InvalidAccessKeyId in every mode', () => {
    const none = options(NOW, { lookupSecret: () => undefined });
    const all = [signV1, signV2, signV4, presignedV1, presignedV2, presignedV4].map((sign) => sign(baseRequest()));
    for (const signed of all) {
      const err = thrownProtocolError(() => verifyRequest(signed, none));
      expect(err.code).toBe('InvalidAccessKeyId');
      expect(err.status).toBe(403);
      expect(err.message).toBe('The OSS Access Key Id you provided does not exist in our records.');
    }
  });

  it('header-signed requests more than 15 minutes off → 403 RequestTimeTooSkewed', () => {
    for (const signed of [signV1(baseRequest()), signV2(baseRequest()), signV4(baseRequest())]) {
      expect(verifyRequest(signed, options(new Date(NOW.getTime() + 14 * 60_000))).kind).toMatch(/^v/);
      for (const offset of [16, -16]) {
        const err = thrownProtocolError(() => verifyRequest(signed, options(new Date(NOW.getTime() + offset * 60_000))));
        expect(err.code).toBe('RequestTimeTooSkewed');
        expect(err.status).toBe(403);
      }
    }
  });

  it('V1 header without a date → 403 AccessDenied', () => {
    const signed = signV1(baseRequest());
    const { Date: _date, ...headers } = signed.headers;
    const err = thrownProtocolError(() => verifyRequest({ ...signed, headers }, options(NOW)));
    expect([err.code, err.status]).toEqual(['AccessDenied', 403]);
    expect(err.message).toMatch(/Date/);
  });

  it('expired presigned URLs → 403 AccessDenied "Request has expired." (EC 0002-00000069)', () => {
    const later = new Date(NOW.getTime() + 601_000);
    for (const signed of [presignedV1(baseRequest()), presignedV2(baseRequest()), presignedV4(baseRequest())]) {
      expect(verifyRequest(signed, options(new Date(NOW.getTime() + 599_000))).kind).toMatch(/^presigned/);
      const err = thrownProtocolError(() => verifyRequest(signed, options(later)));
      expect([err.code, err.status, err.message, err.ec]).toEqual(['AccessDenied', 403, 'Request has expired.', '0002-00000069']);
    }
  });

  it('presigned V1 with missing / blank Expires (EC 0002-00000067 / 68)', () => {
    const signed = presignedV1(baseRequest());
    const { Expires: _e, ...noExpires } = signed.query;
    const missing = thrownProtocolError(() => verifyRequest({ ...signed, query: noExpires }, options(NOW)));
    expect([missing.code, missing.status, missing.ec]).toEqual(['AccessDenied', 403, '0002-00000067']);
    const blank = thrownProtocolError(() => verifyRequest({ ...signed, query: { ...signed.query, Expires: '' } }, options(NOW)));
    expect([blank.code, blank.status, blank.ec]).toEqual(['AccessDenied', 403, '0002-00000068']);
  });

  it('presigned V4 with x-oss-expires above 7 days → 400 InvalidArgument', () => {
    const signed = presignedV4(baseRequest());
    const err = thrownProtocolError(() =>
      verifyRequest({ ...signed, query: { ...signed.query, 'x-oss-expires': '604801' } }, options(NOW)),
    );
    expect([err.code, err.status, err.details.ArgumentName]).toEqual(['InvalidArgument', 400, 'x-oss-expires']);
  });

  it('malformed Authorization headers → 400 InvalidArgument "Authorization header is invalid."', () => {
    for (const authorization of [
      'OSS ak',
      'OSS :sig',
      'OSS ak:',
      'Bearer abc',
      'OSS4-HMAC-SHA256 Signature=abc',
      'OSS4-HMAC-SHA256 Credential=ak/20240501/cn-hangzhou/oss,Signature=abc',
      'OSS4-HMAC-SHA256 garbage',
    ]) {
      const err = thrownProtocolError(() =>
        verifyRequest({ ...baseRequest(), headers: { authorization, date: NOW.toUTCString() } }, options(NOW)),
      );
      expect([err.code, err.status, err.ec]).toEqual(['InvalidArgument', 400, '0002-00000063']);
      expect(err.message.startsWith('Authorization header is invalid.')).toBe(true);
    }
  });

  it('V4 credentials for another region or product are rejected with a clear message', () => {
    const signed = signV4(baseRequest());
    const err = thrownProtocolError(() => verifyRequest(signed, options(NOW, { region: 'oss-cn-beijing' })));
    expect([err.code, err.status]).toEqual(['InvalidArgument', 400]);
    expect(err.message).toBe('Invalid signing region in Authorization header.');
    expect(err.details).toEqual({ ArgumentName: 'region', ArgumentValue: 'cn-hangzhou' });
    const presigned = presignedV4(baseRequest());
    expect(thrownProtocolError(() => verifyRequest(presigned, options(NOW, { region: 'cn-beijing' }))).message).toMatch(
      /Invalid signing region in x-oss-credential/,
    );
    const product = {
      ...signed,
      headers: { ...signed.headers, Authorization: String(signed.headers.Authorization).replace('/oss/', '/s3/') },
    };
    expect(thrownProtocolError(() => verifyRequest(product, options(NOW))).message).toBe('Invalid signing product in Authorization header.');
  });

  // The official SDKs that correct their clock on this error compare the message whole: the C++
  // SDK v2 (ClientImplBase.cpp onClockSkewError), the Kotlin and Swift SDK v2 FixTimeRetryHandler,
  // the Android SDK's OSSRetryHandler: "Invalid signing date in Authorization header."
  it('V4 scope day must match x-oss-date: OSS\'s exact message', () => {
    const signed = signV4(baseRequest());
    const header = String(signed.headers.Authorization).replace('/20240501/', '/20240502/');
    const err = thrownProtocolError(() => verifyRequest({ ...signed, headers: { ...signed.headers, Authorization: header } }, options(NOW)));
    expect([err.code, err.status, err.message]).toEqual(['InvalidArgument', 400, 'Invalid signing date in Authorization header.']);
  });
});

describe('V4 with only a Date header (official Go SDK v1)', () => {
  // aliyun-oss-go-sdk `oss/conn.go` `doRequest` sets `Date` and `x-oss-content-sha256`, never
  // `x-oss-date`; `oss/auth.go` `getSignedStrV4` then signs the RFC 1123 `Date` text as the
  // request time and takes the scope day from it. Written out here step by step from that source.
  const date = 'Sat, 16 Dec 2023 16:20:57 GMT';
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const canonical =
    'PUT\n/bucket/1234%2B-/123/1.txt\n\ncontent-type:text/plain\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-head1:value\n\n\nUNSIGNED-PAYLOAD';
  const stringToSign = `OSS4-HMAC-SHA256\n${date}\n20231216/cn-hangzhou/oss/aliyun_v4_request\n${createHash('sha256').update(canonical).digest('hex')}`;
  const key = hmac(hmac(hmac(hmac('aliyun_v4sk', '20231216'), 'cn-hangzhou'), 'oss'), 'aliyun_v4_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  const req: SignableRequest = {
    method: 'PUT',
    bucket: 'bucket',
    key: '1234+-/123/1.txt',
    headers: {
      'content-type': 'text/plain',
      'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
      'x-oss-head1': 'value',
      date,
      authorization: `OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,Signature=${signature}`,
    },
    query: {},
  };
  const at = options(new Date(date));

  it('is accepted, the Date text being the request time of the string to sign', () => {
    expect(verifyRequest(req, at)).toEqual({ kind: 'v4', accessKeyId: 'ak' });
  });

  it('a changed Date is a SignatureDoesNotMatch showing that string to sign', () => {
    const later = 'Sat, 16 Dec 2023 16:20:58 GMT';
    const err = expectMismatch(() => verifyRequest({ ...req, headers: { ...req.headers, date: later } }, at));
    expect(err.details.StringToSign?.split('\n')[1]).toBe(later);
  });

  it('is still skew-checked and scope-checked against that date', () => {
    const skewed = thrownProtocolError(() => verifyRequest(req, options(new Date(Date.parse(date) + 16 * 60_000))));
    expect(skewed.code).toBe('RequestTimeTooSkewed');
    const nextDay = { ...req, headers: { ...req.headers, date: 'Sun, 17 Dec 2023 00:00:01 GMT' } };
    expect(thrownProtocolError(() => verifyRequest(nextDay, options(new Date('2023-12-17T00:00:01Z')))).message).toMatch(
      /Invalid signing date/,
    );
  });

  it('without Date or x-oss-date → 403 AccessDenied', () => {
    const { date: _date, ...headers } = req.headers;
    const err = thrownProtocolError(() => verifyRequest({ ...req, headers }, at));
    expect([err.code, err.status]).toEqual(['AccessDenied', 403]);
  });
});
