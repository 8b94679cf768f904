import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { thrownProtocolError } from './test-support/thrown.js';
import { checkPostPolicy, encodePostPolicy, parsePostPolicy } from './post-policy.js';
import { postPolicyV4Conditions, signPostPolicyV1, signPostPolicyV4, verifyPostSignature } from './post-signature.js';

const creds = { accessKeyId: 'ak', accessKeySecret: 'sk' };
const lookupSecret = (id: string) => (id === 'ak' ? 'sk' : undefined);
const NOW = new Date('2024-05-01T12:00:00Z');

describe('PostObject form signatures (§5.11)', () => {
  const policy = encodePostPolicy({ expiration: new Date('2024-05-02T00:00:00Z'), conditions: [{ bucket: 'photos' }] });

  it('V1: Signature is base64(HMAC-SHA1(secret, policy))', () => {
    const form = signPostPolicyV1(policy, creds);
    expect(form).toEqual({
      OSSAccessKeyId: 'ak',
      policy,
      Signature: createHmac('sha1', 'sk').update(policy).digest('base64'),
    });
    expect(verifyPostSignature(form, { lookupSecret, region: 'cn-hangzhou', now: NOW })).toEqual({ kind: 'v1', accessKeyId: 'ak' });
    // Field names are case-insensitive.
    const upper = { ossaccesskeyid: 'ak', POLICY: policy, signature: form.Signature ?? '' };
    expect(verifyPostSignature(upper, { lookupSecret, region: 'cn-hangzhou', now: NOW }).kind).toBe('v1');
  });

  it('V1 published vector: the OSS PostObject doc example policy and key pair', () => {
    // Policy (bucket "ahaha", {"A":"a"}, key "ABC") and secret are the OSS docs' example values
    // (PostObject https://www.alibabacloud.com/help/doc-detail/31988.htm, and the V1 signature doc's
    // secret OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV); the Base64 policy text and its signature are
    // published at https://hexdocs.pm/aliyun_oss/Aliyun.Oss.Object.html#sign_post_policy/2.
    const policyText =
      'eyJjb25kaXRpb25zIjpbWyJjb250ZW50LWxlbmd0aC1yYW5nZSIsMCwxMDQ4NTc2MF0seyJidWNrZXQiOiJhaGFoYSJ9LHsiQSI6ImEifSx7ImtleSI6IkFCQyJ9XSwiZXhwaXJhdGlvbiI6IjIwMTMtMTItMDFUMTI6MDA6MDBaIn0=';
    const form = signPostPolicyV1(policyText, { accessKeyId: '44CF9590006BF252F707', accessKeySecret: 'OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV' });
    expect(form.Signature).toBe('W835KpLsL6k1/oo28RcsEflB6hw=');
    expect(parsePostPolicy(policyText).conditions).toContainEqual({ type: 'eq', field: 'key', value: 'ABC' });
  });

  it('V4: x-oss-signature is hex(HMAC-SHA256(signingKey, policy)) with the §5.5 key chain', () => {
    // Expected value computed independently here, step by step from §5.5 / §5.11.
    const date = new Date(1702743657 * 1000);
    const k1 = createHmac('sha256', 'aliyun_v4sk').update('20231216').digest();
    const k2 = createHmac('sha256', k1).update('cn-hangzhou').digest();
    const k3 = createHmac('sha256', k2).update('oss').digest();
    const k4 = createHmac('sha256', k3).update('aliyun_v4_request').digest();
    const form = signPostPolicyV4(policy, creds, { region: 'oss-cn-hangzhou', date });
    expect(form).toEqual({
      policy,
      'x-oss-signature-version': 'OSS4-HMAC-SHA256',
      'x-oss-credential': 'ak/20231216/cn-hangzhou/oss/aliyun_v4_request',
      'x-oss-date': '20231216T162057Z',
      'x-oss-signature': createHmac('sha256', k4).update(policy).digest('hex'),
    });
    expect(verifyPostSignature(form, { lookupSecret, region: 'cn-hangzhou', now: date })).toEqual({ kind: 'v4', accessKeyId: 'ak' });
  });

  it('V4 policy conditions helper matches the signed fields, so checkPostPolicy passes', () => {
    const date = NOW;
    const sts = { ...creds, securityToken: 'tok' };
    const v4Policy = encodePostPolicy({
      expiration: new Date(date.getTime() + 3600_000),
      conditions: [{ bucket: 'photos' }, ...postPolicyV4Conditions(sts, { region: 'cn-hangzhou', date })],
    });
    const form: Record<string, string> = { key: 'a.txt', ...signPostPolicyV4(v4Policy, sts, { region: 'cn-hangzhou', date }) };
    expect(form['x-oss-security-token']).toBe('tok');
    expect(verifyPostSignature(form, { lookupSecret, region: 'cn-hangzhou', now: date }).kind).toBe('v4');
    expect(() => checkPostPolicy(parsePostPolicy(v4Policy), form, { bucket: 'photos', contentLength: 1, now: date })).not.toThrow();
    const otherDate = { ...form, 'x-oss-date': '20240501T120001Z' };
    expect(thrownProtocolError(() => checkPostPolicy(parsePostPolicy(v4Policy), otherDate, { bucket: 'photos', contentLength: 1, now: date })).message).toMatch(
      /\["eq", "\$x-oss-date", "20240501T120000Z"\]/,
    );
  });

  it('anonymous when the form carries none of the signing fields', () => {
    expect(verifyPostSignature({ key: 'a', 'x-oss-meta-a': 'b' }, { lookupSecret, region: 'cn-hangzhou' })).toEqual({ kind: 'anonymous' });
  });

  it('tampering → 403 SignatureDoesNotMatch with the policy as StringToSign', () => {
    const opts = { lookupSecret, region: 'cn-hangzhou', now: NOW };
    const other = encodePostPolicy({ expiration: '2030-01-01T00:00:00.000Z', conditions: [] });
    for (const form of [signPostPolicyV1(policy, creds), signPostPolicyV4(policy, creds, { region: 'cn-hangzhou', date: NOW })]) {
      const err = thrownProtocolError(() => verifyPostSignature({ ...form, policy: other }, opts));
      expect([err.code, err.status, err.ec]).toEqual(['SignatureDoesNotMatch', 403, '0002-00000040']);
      expect(err.details.StringToSign).toBe(other);
    }
    const wrongSecret = signPostPolicyV1(policy, { accessKeyId: 'ak', accessKeySecret: 'nope' });
    expect(thrownProtocolError(() => verifyPostSignature(wrongSecret, opts)).code).toBe('SignatureDoesNotMatch');
  });

  // PostObject reference, Error codes: InvalidArgument (400) when one of OSSAccessKeyId, policy and
  // Signature is sent without the other two, whatever the bucket ACL; the EC pages name each field.
  it('a form with some signing fields but not all: 400 InvalidArgument with the EC of the missing one', () => {
    const opts = { lookupSecret, region: 'cn-hangzhou', now: NOW };
    const form = signPostPolicyV1(policy, creds);
    const v4 = signPostPolicyV4(policy, creds, { region: 'cn-hangzhou', date: NOW });
    const cases: [Record<string, string>, string, string][] = [
      [{ OSSAccessKeyId: 'ak', Signature: 'x' }, 'policy', '0002-00000702'],
      [{ OSSAccessKeyId: 'ak', policy }, 'Signature', '0002-00000703'],
      [{ ...form, Signature: ' ' }, 'Signature', '0002-00000704'],
      [{ policy, Signature: form.Signature ?? '' }, 'OSSAccessKeyId', '0002-00000706'],
      [{ ...form, OSSAccessKeyId: '' }, 'OSSAccessKeyId', '0002-00000707'],
      [{ key: 'a', policy }, 'OSSAccessKeyId', '0002-00000706'],
      [{ key: 'a', Signature: form.Signature ?? '' }, 'policy', '0002-00000702'],
      [{ ...v4, 'x-oss-signature': '' }, 'x-oss-signature', '0002-00000704'],
      [{ ...v4, policy: '' }, 'policy', '0002-00000702'],
    ];
    for (const [fields, name, ec] of cases) {
      const err = thrownProtocolError(() => verifyPostSignature(fields, opts));
      expect([err.code, err.status, err.ec, err.details.ArgumentName]).toEqual(['InvalidArgument', 400, ec, name]);
      // OSS's messages (HTTP 400 page, InvalidArgument): none is given for a missing policy.
      if (name === 'OSSAccessKeyId') expect(err.message).toBe('Post request accessKeyId is empty.');
      if (name.endsWith('ignature')) expect(err.message).toBe('Post request signature is empty.');
    }
  });

  it('unknown access key → 403 InvalidAccessKeyId (V1 and V4)', () => {
    const stranger = { accessKeyId: 'who', accessKeySecret: 'sk' };
    const opts = { lookupSecret, region: 'cn-hangzhou', now: NOW };
    for (const form of [signPostPolicyV1(policy, stranger), signPostPolicyV4(policy, stranger, { region: 'cn-hangzhou', date: NOW })]) {
      const err = thrownProtocolError(() => verifyPostSignature(form, opts));
      expect([err.code, err.status]).toEqual(['InvalidAccessKeyId', 403]);
    }
  });

  it('V4: bad credential, wrong region, expired or future-dated forms are rejected', () => {
    const opts = { lookupSecret, region: 'cn-hangzhou', now: NOW };
    const form = signPostPolicyV4(policy, creds, { region: 'cn-hangzhou', date: NOW });
    const bad = thrownProtocolError(() => verifyPostSignature({ ...form, 'x-oss-credential': 'ak/20240501/cn-hangzhou/oss' }, opts));
    expect([bad.code, bad.status, bad.ec]).toEqual(['InvalidArgument', 400, '0002-00000710']);
    expect(thrownProtocolError(() => verifyPostSignature(form, { ...opts, region: 'cn-beijing' })).message).toMatch(/Invalid signing region/);
    const expired = thrownProtocolError(() => verifyPostSignature(form, { ...opts, now: new Date(NOW.getTime() + 7 * 86400_000 + 1000) }));
    expect([expired.code, expired.ec]).toEqual(['AccessDenied', '0002-00000069']);
    const early = thrownProtocolError(() => verifyPostSignature(form, { ...opts, now: new Date(NOW.getTime() - 16 * 60_000) }));
    expect(early.code).toBe('RequestTimeTooSkewed');
  });
});
