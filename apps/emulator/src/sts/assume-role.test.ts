/**
 * AssumeRole at /_ossbox/sts: the unmodified ali-oss STS client, then the STS errors of the API
 * reference for hand-made requests (bad signature, unknown role, duration, policy, replays).
 */
// @ts-expect-error ali-oss ships no type declarations
import OSS from 'ali-oss';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_KEY } from '../config.js';
import { startTestEmulator, useTestApp } from '../test-support/harness.js';
import type { TestEmulator } from '../test-support/harness.js';
import { assumeRoleForm, UPLOADER_ARN, UPLOADER_POLICY } from '../test-support/sts-roles.js';

const ROLES = { [UPLOADER_ARN]: UPLOADER_POLICY };

describe('AssumeRole with the unmodified ali-oss STS client', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ roles: ROLES });
  });
  afterAll(() => t.close());

  it('returns temporary credentials and the assumed role user', async () => {
    const sts = new OSS.STS({ ...DEFAULT_ACCESS_KEY, endpoint: `${t.emulator.url}/_ossbox/sts` });
    const before = Date.now();
    const { credentials, res } = await sts.assumeRole(UPLOADER_ARN, undefined, 1800, 'alice');
    expect(res.status).toBe(200);
    expect(credentials.AccessKeyId).toMatch(/^STS\.[A-Za-z0-9]+$/);
    expect(credentials.AccessKeySecret).toMatch(/^\S{20,}$/);
    expect(credentials.SecurityToken).toEqual(expect.any(String));
    expect(credentials.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const lifetime = Date.parse(credentials.Expiration) - before;
    expect(lifetime).toBeGreaterThan(1790_000);
    // Expiration is whole seconds from the server's clock, read after `before`: the second it
    // starts from may begin up to 1 s after `before` on a loaded machine.
    expect(lifetime).toBeLessThan(1801_000);
  });

  it('reports STS errors the way ali-oss reads them (code and message)', async () => {
    const sts = new OSS.STS({ accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId, accessKeySecret: 'wrong', endpoint: `${t.emulator.url}/_ossbox/sts` });
    await expect(sts.assumeRole(UPLOADER_ARN)).rejects.toMatchObject({
      status: 400,
      code: 'SignatureDoesNotMatch',
      message: expect.stringMatching(/^SignatureDoesNotMatch: Specified signature is not matched with our calculation\. server string to sign is:POST&%2F&AccessKeyId%3Dossbox/),
    });
  });
});

describe('AssumeRole request checks', () => {
  const t = useTestApp({ roles: ROLES });
  const post = (form: Record<string, string>) => supertest(t.app).post('/_ossbox/sts').type('form').send(form);

  it('accepts the parameters in the query of a GET too (signed with GET)', async () => {
    const res = await supertest(t.app).get('/_ossbox/sts').query(assumeRoleForm({}, undefined, 'GET'));
    expect(res.status).toBe(200);
    expect(res.body.AssumedRoleUser).toEqual({
      Arn: `${UPLOADER_ARN}/user-42`,
      AssumedRoleId: expect.stringMatching(/^\d+:user-42$/),
    });
    expect(res.body.RequestId).toEqual(expect.any(String));
  });

  it('answers XML when Format=XML (as the Ruby STS client asks)', async () => {
    const res = await post(assumeRoleForm({ Format: 'XML' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.text).toMatch(/<AssumeRoleResponse>[\s\S]*<Credentials>[\s\S]*<AccessKeyId>STS\.[A-Za-z0-9]+<\/AccessKeyId>/);
    const bad = await post(assumeRoleForm({ Format: 'XML', RoleArn: 'acs:ram::1:role/none' }));
    expect(bad.status).toBe(404);
    expect(bad.text).toMatch(/<Error>[\s\S]*<Code>EntityNotExist\.Role<\/Code>/);
  });

  it.each([
    ['a wrong secret', () => assumeRoleForm({}, 'not-the-secret'), 400, 'SignatureDoesNotMatch'],
    ['a parameter changed after signing', () => ({ ...assumeRoleForm(), RoleSessionName: 'mallory' }), 400, 'SignatureDoesNotMatch'],
    ['an unknown access key', () => assumeRoleForm({ AccessKeyId: 'nobody' }), 404, 'InvalidAccessKeyId.NotFound'],
    ['no signature', () => { const f: Record<string, string> = assumeRoleForm(); delete f.Signature; return f; }, 400, 'MissingSignature'],
    ['an old timestamp', () => assumeRoleForm({ Timestamp: new Date(Date.now() - 3600_000).toISOString() }), 400, 'InvalidTimeStamp.Expired'],
    ['a malformed timestamp', () => assumeRoleForm({ Timestamp: 'yesterday' }), 400, 'InvalidTimeStamp.Format'],
    ['another action', () => assumeRoleForm({ Action: 'GetCallerIdentity' }), 404, 'InvalidAction.NotFound'],
    ['no RoleArn', () => assumeRoleForm({ RoleArn: undefined }), 400, 'MissingRoleArn'],
    ['a malformed RoleArn', () => assumeRoleForm({ RoleArn: 'uploader' }), 400, 'InvalidParameter.RoleArn'],
    ['an unknown role', () => assumeRoleForm({ RoleArn: 'acs:ram::1234567890123456:role/admin' }), 404, 'EntityNotExist.Role'],
    ['a one-letter session name', () => assumeRoleForm({ RoleSessionName: 'a' }), 400, 'InvalidParameter.RoleSessionName'],
    ['a session name with spaces', () => assumeRoleForm({ RoleSessionName: 'a b' }), 400, 'InvalidParameter.RoleSessionName'],
    ['a duration under 15 minutes', () => assumeRoleForm({ DurationSeconds: '899' }), 400, 'InvalidParameter.DurationSeconds'],
    ['a duration over the role maximum', () => assumeRoleForm({ DurationSeconds: '3601' }), 400, 'InvalidParameter.DurationSeconds'],
    ['a non-numeric duration', () => assumeRoleForm({ DurationSeconds: '1h' }), 400, 'InvalidParameter.DurationSeconds'],
    ['a policy that is not JSON', () => assumeRoleForm({ Policy: '{"Version":"1",' }), 400, 'InvalidParameter.PolicyGrammar'],
    ['a policy outside the grammar', () => assumeRoleForm({ Policy: '{"Version":"1","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}' }), 400, 'InvalidParameter.PolicyGrammar'],
  ])('refuses %s', async (_name, form, status, code) => {
    const res = await post(form());
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ Code: code, HostId: 'sts.aliyuncs.com', RequestId: expect.any(String), Message: expect.any(String) });
  });

  it('gives the documented message for an out-of-range duration', async () => {
    const res = await post(assumeRoleForm({ DurationSeconds: '60' }));
    expect(res.body.Message).toBe('The Min/Max value of DurationSeconds is 15min/1hr.');
  });

  it('refuses a replayed request (same nonce)', async () => {
    const form = assumeRoleForm();
    expect((await post(form)).status).toBe(200);
    const replay = await post(form);
    expect(replay.status).toBe(400);
    expect(replay.body.Code).toBe('SignatureNonceUsed');
  });
});

describe('AssumeRole behind an admin token', () => {
  const t = useTestApp({ roles: ROLES, adminToken: 'admin-token-1' });

  it('stays open: STS clients send only their signed parameters, which authenticate the call', async () => {
    const res = await supertest(t.app).post('/_ossbox/sts').type('form').send(assumeRoleForm());
    expect(res.status).toBe(200);
    expect(res.body.Credentials.AccessKeyId).toMatch(/^STS\./);
    // The other /_ossbox/ routes still want the token.
    expect((await supertest(t.app).delete('/_ossbox/state')).status).toBe(401);
  });
});
