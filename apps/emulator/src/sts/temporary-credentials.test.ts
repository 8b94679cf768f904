/**
 * Temporary credentials on OSS requests: the token in the `x-oss-security-token` header (V1 and V4),
 * in presigned URLs (`security-token`, `x-oss-security-token`) and in the PostObject form, checked
 * (tampered, another key's, expired), then the role ∩ session policy enforced per request.
 */
import supertest from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  authorizationV4,
  encodePostPolicy,
  parseErrorXml,
  postPolicyV4Conditions,
  presignV1,
  presignV4,
  signPostPolicyV1,
  signPostPolicyV4,
} from '@ossbox/protocol';
import type { Credentials } from '@ossbox/protocol';
import type { Express } from 'express';
import { CREDENTIALS, encodeKey, oss, useTestApp } from '../test-support/harness.js';
import { encodeForm } from '../test-support/form.js';
import { assumeRole, UPLOADER_ARN, UPLOADER_POLICY } from '../test-support/sts-roles.js';

const B = 'examplebucket';

const assume = (app: Express, overrides: Record<string, string> = {}): Promise<Credentials> => assumeRole(app, overrides);

/** A V1-signed request with the token header set (the signer refuses STS credentials without it). */
function withToken(app: Express, method: 'GET' | 'PUT' | 'POST' | 'DELETE', creds: Credentials, request: Parameters<typeof oss>[2] = {}) {
  return oss(app, method, { ...request, credentials: creds, headers: { ...request?.headers, 'x-oss-security-token': creds.securityToken! } });
}

function errorOf(res: { text: string }) {
  return parseErrorXml(res.text)!;
}

describe('temporary credentials on OSS requests', () => {
  const t = useTestApp({ roles: { [UPLOADER_ARN]: UPLOADER_POLICY } });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('allow a put under the role prefix and refuse one outside it, storing nothing', async () => {
    const creds = await assume(t.app);
    const ok = await withToken(t.app, 'PUT', creds, { bucket: B, key: 'users/42/a.txt', body: 'mine' });
    expect(ok.status).toBe(200);
    const denied = await withToken(t.app, 'PUT', creds, { bucket: B, key: 'users/43/a.txt', body: 'theirs' });
    expect(denied.status).toBe(403);
    expect(errorOf(denied)).toMatchObject({ code: 'AccessDenied', message: "Access denied by authorizer's policy." });
    expect(denied.text).toContain('<AuthAction>oss:PutObject</AuthAction>');
    expect(denied.text).toContain('<NoPermissionType>ImplicitDeny</NoPermissionType>');
    expect(t.storage.meta.getObject(B, 'users/43/a.txt')).toBeUndefined();
    expect(t.storage.meta.getObject(B, 'users/42/a.txt')).toBeDefined();
  });

  it('an explicit Deny wins over an Allow, with its EC', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'private/x', body: 'secret' }).expect(200);
    await oss(t.app, 'PUT', { bucket: B, key: 'public/x', body: 'open' }).expect(200);
    const creds = await assume(t.app);
    expect((await withToken(t.app, 'GET', creds, { bucket: B, key: 'public/x' })).text).toBe('open');
    const denied = await withToken(t.app, 'GET', creds, { bucket: B, key: 'private/x' });
    expect(denied.status).toBe(403);
    expect(denied.headers['x-oss-ec']).toBe('0003-00000201');
    expect(denied.text).toContain('<NoPermissionType>ExplicitDeny</NoPermissionType>');
  });

  it('the session policy narrows the role policy (intersection)', async () => {
    const policy = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'oss:*', Resource: ['acs:oss:*:*:examplebucket/users/42/photos/*', 'acs:oss:*:*:examplebucket/users/43/*'] }],
    });
    const creds = await assume(t.app, { Policy: policy });
    expect((await withToken(t.app, 'PUT', creds, { bucket: B, key: 'users/42/photos/a.jpg', body: 'x' })).status).toBe(200);
    // The role allows users/42/*, the session only its photos/: refused by the session policy,
    // EC 0003-00000301 (https://www.alibabacloud.com/help/en/oss/support/0003-00000301).
    const bySession = await withToken(t.app, 'PUT', creds, { bucket: B, key: 'users/42/notes.txt', body: 'x' });
    expect(bySession.status).toBe(403);
    expect(bySession.headers['x-oss-ec']).toBe('0003-00000301');
    // The session allows users/43/*, the role does not: refused by the role, no EC.
    const byRole = await withToken(t.app, 'PUT', creds, { bucket: B, key: 'users/43/a.txt', body: 'x' });
    expect(byRole.status).toBe(403);
    expect(byRole.headers['x-oss-ec']).toBeUndefined();
  });

  it('multipart under the prefix works; a part for a key outside it is refused', async () => {
    const creds = await assume(t.app);
    const init = await withToken(t.app, 'POST', creds, { bucket: B, key: 'users/42/big', query: { uploads: '' } });
    expect(init.status).toBe(200);
    const uploadId = /<UploadId>(\w+)<\/UploadId>/.exec(init.text)![1]!;
    const part = await withToken(t.app, 'PUT', creds, { bucket: B, key: 'users/42/big', query: { partNumber: '1', uploadId }, body: 'part' });
    expect(part.status).toBe(200);
    const complete = await withToken(t.app, 'POST', creds, {
      bucket: B,
      key: 'users/42/big',
      query: { uploadId },
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${part.headers.etag}</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(complete.status).toBe(200);
    const initOther = await withToken(t.app, 'POST', creds, { bucket: B, key: 'users/43/big', query: { uploads: '' } });
    expect(initOther.status).toBe(403);
    const list = await withToken(t.app, 'GET', creds, { bucket: B, query: { uploads: '' } });
    expect(errorOf(list).code).toBe('AccessDenied');
  });

  it('DeleteMultipleObjects needs DeleteObject on every key; one refused key deletes nothing', async () => {
    for (const key of ['users/42/a', 'users/42/b', 'users/43/c']) await oss(t.app, 'PUT', { bucket: B, key, body: 'x' }).expect(200);
    const creds = await assume(t.app);
    const body = (...keys: string[]) => `<Delete><Quiet>true</Quiet>${keys.map((k) => `<Object><Key>${k}</Key></Object>`).join('')}</Delete>`;
    const mixed = await withToken(t.app, 'POST', creds, { bucket: B, query: { delete: '' }, body: body('users/42/a', 'users/43/c') });
    expect(mixed.status).toBe(403);
    expect(t.storage.meta.getObject(B, 'users/42/a')).toBeDefined();
    expect(t.storage.meta.getObject(B, 'users/43/c')).toBeDefined();
    const own = await withToken(t.app, 'POST', creds, { bucket: B, query: { delete: '' }, body: body('users/42/a', 'users/42/b') });
    expect(own.status).toBe(200);
    expect(t.storage.meta.getObject(B, 'users/42/a')).toBeUndefined();
  });

  it('CopyObject needs GetObject on the source too', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'private/x', body: 'secret' }).expect(200);
    const creds = await assume(t.app);
    const copy = await withToken(t.app, 'PUT', creds, {
      bucket: B,
      key: 'users/42/copy',
      headers: { 'x-oss-copy-source': `/${B}/private/x` },
    });
    expect(copy.status).toBe(403);
    expect(t.storage.meta.getObject(B, 'users/42/copy')).toBeUndefined();
  });

  it('refuses a tampered token, another session’s token, a token on a long-term key, and a temporary key without its token', async () => {
    const a = await assume(t.app);
    const b = await assume(t.app, { RoleSessionName: 'user-43' });
    const put = (creds: Credentials, token?: string) =>
      oss(t.app, 'PUT', {
        bucket: B,
        key: 'users/42/x',
        body: 'x',
        credentials: { accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret },
        headers: token === undefined ? {} : { 'x-oss-security-token': token },
      });
    const tampered = a.securityToken!.slice(0, -3) + (a.securityToken!.endsWith('AAA') ? 'BBB' : 'AAA');
    for (const [res, code] of [
      [await put(a, tampered), 'InvalidSecurityToken'],
      [await put(a, 'not-a-token'), 'InvalidSecurityToken'],
      [await put(a, b.securityToken), 'InvalidSecurityToken'],
      [await put(CREDENTIALS as Credentials, a.securityToken), 'InvalidSecurityToken'],
      [await put(a), 'InvalidAccessKeyId'],
    ] as const) {
      expect(res.status).toBe(403);
      expect(errorOf(res).code).toBe(code);
    }
    expect((await put(a, tampered)).headers['x-oss-ec']).toBe('0002-00000008');
    expect(t.storage.meta.getObject(B, 'users/42/x')).toBeUndefined();
  });

  it('refuses expired credentials with SecurityTokenExpired', async () => {
    const creds = await assume(t.app, { DurationSeconds: '900' });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 901_000 });
    const res = await withToken(t.app, 'PUT', creds, { bucket: B, key: 'users/42/late', body: 'x' });
    expect(res.status).toBe(403);
    expect(errorOf(res).code).toBe('SecurityTokenExpired');
    expect(res.headers['x-oss-ec']).toBe('0002-00000007');
  });

  it('accepts the token in a V4 Authorization request', async () => {
    const creds = await assume(t.app);
    const headers: Record<string, string> = {
      'x-oss-date': new Date().toISOString().replace(/[-:]|\.\d+/g, ''),
      'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
      'x-oss-security-token': creds.securityToken!,
      'Content-Type': 'text/plain',
    };
    headers.Authorization = authorizationV4({ method: 'PUT', bucket: B, key: 'users/42/v4', headers, query: {} }, creds, { region: 'cn-hangzhou' });
    const res = await supertest(t.app).put(`/${B}/users/42/v4`).set(headers).send('v4');
    expect(res.status).toBe(200);

  });

  it('presigned V1 (security-token) and V4 (x-oss-security-token) URLs carry the token', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'users/42/p.txt', body: 'presigned' }).expect(200);
    await oss(t.app, 'PUT', { bucket: B, key: 'private/p.txt', body: 'no' }).expect(200);
    const creds = await assume(t.app);
    const get = (key: string, params: Record<string, string>) => supertest(t.app).get(`/${B}/${encodeKey(key)}?${new URLSearchParams(params)}`).buffer(true).parse((res, done) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done(null, body));
      });
    const v1 = (key: string) => presignV1({ method: 'GET', bucket: B, key, headers: {}, query: {} }, creds, Math.floor(Date.now() / 1000) + 600);
    const v4 = (key: string) =>
      presignV4({ method: 'GET', bucket: B, key, headers: {}, query: {} }, creds, { region: 'cn-hangzhou', date: new Date(), expiresIn: 600 });
    expect(v1('users/42/p.txt')['security-token']).toBe(creds.securityToken);
    expect((await get('users/42/p.txt', v1('users/42/p.txt'))).body).toBe('presigned');
    expect((await get('users/42/p.txt', v4('users/42/p.txt'))).body).toBe('presigned');
    expect((await get('private/p.txt', v1('private/p.txt'))).status).toBe(403);
    // The V1 token is signed as a sub-resource: swapping it breaks the signature.
    const other = await assume(t.app);
    const swapped = await get('users/42/p.txt', { ...v1('users/42/p.txt'), 'security-token': other.securityToken! });
    expect(parseErrorXml(swapped.body as string)!.code).toBe('SignatureDoesNotMatch');
  });

  it('PostObject takes the token from the x-oss-security-token form field', async () => {
    const creds = await assume(t.app);
    const post = async (key: string, fields: Record<string, string>) => {
      const { body, contentType } = await encodeForm([['key', key], ...Object.entries(fields), ['file', { filename: 'f.txt', data: 'form' }]]);
      return supertest(t.app).post(`/${B}`).set('Content-Type', contentType).send(body);
    };
    const policy = encodePostPolicy({ expiration: new Date(Date.now() + 600_000), conditions: [['starts-with', '$key', 'users/']] });
    const signed = signPostPolicyV1(policy, creds);
    expect(signed['x-oss-security-token']).toBe(creds.securityToken);
    expect((await post('users/42/form.txt', signed)).status).toBe(204);
    const denied = await post('users/43/form.txt', signed);
    expect(denied.status).toBe(403);
    expect(errorOf(denied)).toMatchObject({ code: 'AccessDenied', message: "Access denied by authorizer's policy." });
    expect(t.storage.meta.getObject(B, 'users/43/form.txt')).toBeUndefined();
    const noToken = { ...signed };
    delete noToken['x-oss-security-token'];
    expect(errorOf(await post('users/42/form2.txt', noToken)).code).toBe('InvalidAccessKeyId');
  });

  it('a V4 PostObject policy must pin the token, as it pins the other signing fields', async () => {
    const creds = await assume(t.app);
    const post = async (fields: Record<string, string>) => {
      const { body, contentType } = await encodeForm([['key', 'users/42/v4-form.txt'], ...Object.entries(fields), ['file', { filename: 'f.txt', data: 'v4' }]]);
      return supertest(t.app).post(`/${B}`).set('Content-Type', contentType).send(body);
    };
    const date = new Date();
    const signed = (pinToken: boolean) => {
      const conditionCreds = pinToken ? creds : { accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret };
      const policy = encodePostPolicy({
        expiration: new Date(date.getTime() + 600_000),
        conditions: [{ bucket: B }, ...postPolicyV4Conditions(conditionCreds, { region: 'cn-hangzhou', date })],
      });
      return signPostPolicyV4(policy, creds, { region: 'cn-hangzhou', date });
    };
    expect((await post(signed(true))).status).toBe(204);
    const unpinned = await post(signed(false));
    expect(errorOf(unpinned)).toMatchObject({ code: 'InvalidPolicyDocument' });
    expect(unpinned.text).toContain('x-oss-security-token');
  });

  it('without roles, STS keys are unknown', async () => {
    const res = await oss(t.app, 'GET', { bucket: B, credentials: { accessKeyId: 'STS.abc', accessKeySecret: 'x' } });
    expect(errorOf(res).code).toBe('SignatureDoesNotMatch');
  });
});
