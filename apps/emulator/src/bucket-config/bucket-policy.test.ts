/**
 * Bucket policies over HTTP: PutBucketPolicy validation with the RAM grammar, and enforcement on
 * every kind of request — anonymous reads opened, the owner refused by a conditional Deny,
 * STS sessions granted by their session ARN, conditions from the real request.
 */
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { encodePostPolicy, parseErrorXml, presignV1, signPostPolicyV1 } from '@ossbox/protocol';
import type { Credentials } from '@ossbox/protocol';
import { encodeForm } from '../test-support/form.js';
import { CREDENTIALS, oss, useTestApp } from '../test-support/harness.js';
import { assumeRole, UPLOADER_ARN, UPLOADER_POLICY } from '../test-support/sts-roles.js';

const B = 'examplebucket';
const OTHER = 'otherbucket';
const policy = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '1', Statement: statements });
const putPolicy = (app: Express, body: string, bucket = B) =>
  oss(app, 'PUT', { bucket, query: { policy: '' }, body, headers: { 'Content-Type': 'application/json' } });
const anonymousGet = (app: Express, key: string, headers: Record<string, string> = {}) => oss(app, 'GET', { bucket: B, key, anonymous: true, headers });
const errorOf = (res: { text: string }) => parseErrorXml(res.text)!;
const FROM_LOOPBACK = { IpAddress: { 'acs:SourceIp': ['127.0.0.0/8', '::1'] } };

/** The PutBucketPolicy bodies the official SDKs' own tests store successfully. */
const SDK_POLICIES = {
  // aliyun-oss-java-sdk BucketPolicyTest.testNormalPolicy: Principal and Resource as JSON-in-a-string.
  java: '{"Version":"1","Statement":[{"Action":["oss:GetObject","oss:PutObject"],"Effect":"Deny","Principal":"[123456790]","Resource":"[\\"acs:oss:*:1234567890:*\\/*\\"]"}]}',
  // aliyun-oss-csharp-sdk BucketSettingsTest.SetBucketPolicyTest: no Principal, a trailing newline.
  dotnet: '{"Version":"1","Statement":[{"Action":["oss:PutObject","oss:GetObject"],"Resource": "acs:oss:*:*:*","Effect": "Deny"}]}\n',
  // ali-oss 6.23 putBucketPolicy body (captured from the client).
  aliOss: '{"Version":"1","Statement":[{"Action":["oss:PutObject","oss:GetObject"],"Effect":"Deny","Principal":["1234567890"],"Resource":["acs:oss:*:1234567890:*/*"]}]}',
};

describe('PutBucketPolicy validation', () => {
  const t = useTestApp();

  it.each(Object.entries(SDK_POLICIES))("stores the official %s SDK test's policy and returns it unchanged", async (_sdk, body) => {
    await putPolicy(t.app, body).expect(200);
    const got = await oss(t.app, 'GET', { bucket: B, query: { policy: '' } }).expect(200);
    expect(got.text).toBe(body);
    expect(got.headers['content-type']).toMatch(/^application\/json/);
  });

  it.each([
    ['the Java SDK test\'s "{unnormal-policy-text}"', '{unnormal-policy-text}'],
    ['a lower-case Effect', policy({ Effect: 'allow', Action: 'oss:GetObject', Principal: '*', Resource: `acs:oss:*:*:${B}/*` })],
    ['no Action', policy({ Effect: 'Allow', Principal: '*', Resource: `acs:oss:*:*:${B}/*` })],
    ['a misspelt element', policy({ Effect: 'Allow', Actions: 'oss:GetObject', Principal: '*', Resource: `acs:oss:*:*:${B}/*` })],
    ['Version 2', JSON.stringify({ Version: '2', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })],
  ])('refuses %s with InvalidPolicyDocument and keeps the stored policy', async (_name, body) => {
    await putPolicy(t.app, SDK_POLICIES.aliOss).expect(200);
    const res = await putPolicy(t.app, body);
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('InvalidPolicyDocument');
    expect((await oss(t.app, 'GET', { bucket: B, query: { policy: '' } })).text).toBe(SDK_POLICIES.aliOss);
  });
});

describe('bucket policy enforcement', () => {
  const t = useTestApp({ buckets: [B, OTHER], roles: { [UPLOADER_ARN]: UPLOADER_POLICY } });

  it('a policy Allow for * opens a private bucket to anonymous reads; DeleteBucketPolicy closes it again', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'docs/a.txt', body: 'hello' }).expect(200);
    expect((await anonymousGet(t.app, 'docs/a.txt')).status).toBe(403);
    await putPolicy(t.app, policy({ Effect: 'Allow', Action: 'oss:GetObject', Principal: ['*'], Resource: [`acs:oss:*:*:${B}/docs/*`] })).expect(200);
    const open = await anonymousGet(t.app, 'docs/a.txt');
    expect(open.status).toBe(200);
    expect(open.text).toBe('hello');
    // Only what the statement names: no listing, no write.
    expect((await oss(t.app, 'GET', { bucket: B, anonymous: true })).status).toBe(403);
    expect((await oss(t.app, 'PUT', { bucket: B, key: 'docs/b.txt', body: 'x', anonymous: true })).status).toBe(403);
    await oss(t.app, 'DELETE', { bucket: B, query: { policy: '' } }).expect(204);
    expect(errorOf(await anonymousGet(t.app, 'docs/a.txt')).message).toBe('You have no right to access this object because of bucket acl.');
  });

  it('a Deny for * without a condition spares the owner but refuses anonymous readers of a public bucket', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'secret/a.txt', body: 's', headers: { 'x-oss-object-acl': 'public-read' } }).expect(200);
    await putPolicy(t.app, policy({ Effect: 'Deny', Action: 'oss:GetObject', Principal: '*', Resource: `acs:oss:*:*:${B}/secret/*` })).expect(200);
    expect((await oss(t.app, 'GET', { bucket: B, key: 'secret/a.txt' })).status).toBe(200);
    const denied = await anonymousGet(t.app, 'secret/a.txt');
    expect(denied.status).toBe(403);
    expect(errorOf(denied)).toMatchObject({ code: 'AccessDenied', message: 'Access denied by bucket policy.', ec: '0003-00000101' });
    expect(denied.text).toContain('<AuthAction>oss:GetObject</AuthAction>');
  });

  it('a Deny for * with a condition that holds refuses the owner on every kind of request, header-signed or presigned', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'a.txt', body: 'a' }).expect(200);
    await oss(t.app, 'PUT', { bucket: OTHER, key: 'src.txt', body: 'src' }).expect(200);
    // Everything but the policy itself, from loopback: the owner can still lift it.
    await putPolicy(
      t.app,
      policy({ Effect: 'Deny', NotAction: ['oss:PutBucketPolicy', 'oss:GetBucketPolicy', 'oss:DeleteBucketPolicy'], Principal: ['*'], Resource: [`acs:oss:*:*:${B}`, `acs:oss:*:*:${B}/*`], Condition: FROM_LOOPBACK }),
    ).expect(200);
    const refused = async (res: supertest.Response | Promise<supertest.Response>) => {
      const r = await res;
      expect(r.status, r.text).toBe(403);
      expect(errorOf(r).ec).toBe('0003-00000101');
    };
    await refused(oss(t.app, 'GET', { bucket: B, key: 'a.txt' }));
    await refused(oss(t.app, 'PUT', { bucket: B, key: 'b.txt', body: 'b' }));
    await refused(oss(t.app, 'GET', { bucket: B }));
    await refused(oss(t.app, 'GET', { bucket: B, query: { bucketInfo: '' } }));
    await refused(oss(t.app, 'POST', { bucket: B, key: 'mp', query: { uploads: '' } }));
    await refused(oss(t.app, 'PUT', { bucket: B, key: 'a.txt', query: { tagging: '' }, body: '<Tagging><TagSet/></Tagging>' }));
    await refused(oss(t.app, 'PUT', { bucket: B, key: 'link', query: { symlink: '' }, headers: { 'x-oss-symlink-target': 'a.txt' } }));
    await refused(oss(t.app, 'GET', { bucket: B, key: 'a.txt', query: { 'x-oss-process': 'image/info' } }));
    await refused(oss(t.app, 'POST', { bucket: B, query: { delete: '' }, body: '<Delete><Object><Key>a.txt</Key></Object></Delete>' }));
    // CopyObject into the other bucket reads a source this bucket's policy refuses.
    await refused(oss(t.app, 'PUT', { bucket: OTHER, key: 'copy.txt', headers: { 'x-oss-copy-source': `/${B}/a.txt` } }));
    // …and into this bucket from an open one.
    await refused(oss(t.app, 'PUT', { bucket: B, key: 'copy.txt', headers: { 'x-oss-copy-source': `/${OTHER}/src.txt` } }));
    const params = presignV1({ method: 'GET', bucket: B, key: 'a.txt', headers: {}, query: {} }, CREDENTIALS, Math.floor(Date.now() / 1000) + 600);
    await refused(supertest(t.app).get(`/${B}/a.txt?${new URLSearchParams(params).toString()}`));
    const form = signPostPolicyV1(encodePostPolicy({ expiration: new Date(Date.now() + 600_000), conditions: [{ bucket: B }] }), CREDENTIALS);
    const { body, contentType } = await encodeForm([['key', 'form.txt'], ...Object.entries(form), ['file', { filename: 'f.txt', data: 'form' }]]);
    await refused(supertest(t.app).post(`/${B}`).set('Content-Type', contentType).send(body));
    expect(t.storage.meta.getObject(B, 'a.txt')).toBeDefined();
    expect(t.storage.meta.getObject(B, 'b.txt')).toBeUndefined();
    expect(t.storage.meta.getObject(B, 'form.txt')).toBeUndefined();
    expect(t.storage.meta.getObject(OTHER, 'copy.txt')).toBeUndefined();
    // The other bucket has no policy: untouched.
    expect((await oss(t.app, 'GET', { bucket: OTHER, key: 'src.txt' })).text).toBe('src');
    await oss(t.app, 'DELETE', { bucket: B, query: { policy: '' } }).expect(204);
    expect((await oss(t.app, 'GET', { bucket: B, key: 'a.txt' })).text).toBe('a');
  });

  it('a Deny whose condition fails leaves the owner alone', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'a.txt', body: 'a' }).expect(200);
    await putPolicy(t.app, policy({ Effect: 'Deny', Action: 'oss:*', Principal: '*', Resource: `acs:oss:*:*:${B}/*`, Condition: { IpAddress: { 'acs:SourceIp': '203.0.113.0/24' } } })).expect(200);
    expect((await oss(t.app, 'GET', { bucket: B, key: 'a.txt' })).status).toBe(200);
  });

  it('conditions read the request: Referer, User-Agent and SecureTransport', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'pic.png', body: 'png' }).expect(200);
    await putPolicy(
      t.app,
      policy(
        { Effect: 'Allow', Action: 'oss:GetObject', Principal: '*', Resource: `acs:oss:*:*:${B}/*`, Condition: { StringLike: { 'acs:Referer': ['https://www.example.com/*'] } } },
        { Effect: 'Deny', Action: 'oss:GetObject', Principal: '*', Resource: `acs:oss:*:*:${B}/*`, Condition: { StringLike: { 'acs:UserAgent': ['*curl*'] } } },
      ),
    ).expect(200);
    expect((await anonymousGet(t.app, 'pic.png', { Referer: 'https://www.example.com/page' })).status).toBe(200);
    expect((await anonymousGet(t.app, 'pic.png', { Referer: 'https://thief.example/page' })).status).toBe(403);
    expect((await anonymousGet(t.app, 'pic.png')).status).toBe(403);
    const curl = await anonymousGet(t.app, 'pic.png', { Referer: 'https://www.example.com/page', 'User-Agent': 'curl/8.0' });
    expect(errorOf(curl).ec).toBe('0003-00000101');
    // The emulator speaks plain HTTP: a Deny on insecure transport refuses everyone, the owner too.
    await putPolicy(t.app, policy({ Effect: 'Deny', Action: 'oss:GetObject', Principal: '*', Resource: `acs:oss:*:*:${B}/*`, Condition: { Bool: { 'acs:SecureTransport': 'false' } } })).expect(200);
    expect(errorOf(await oss(t.app, 'GET', { bucket: B, key: 'pic.png' })).ec).toBe('0003-00000101');
  });

  it('an STS session outside its role is allowed by a policy naming its session ARN, and only that session', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'private/report.txt', body: 'r' }).expect(200);
    await oss(t.app, 'PUT', { bucket: B, key: 'shared/report.txt', body: 'shared' }).expect(200);
    const assume = (session: string) => assumeRole(t.app, { RoleSessionName: session });
    const list = (creds: Credentials) => oss(t.app, 'GET', { bucket: B, credentials: creds, headers: { 'x-oss-security-token': creds.securityToken! } });
    const [mine, theirs] = [await assume('user-42'), await assume('user-43')];
    // The uploader role cannot list the bucket.
    expect(errorOf(await list(mine)).message).toBe("Access denied by authorizer's policy.");
    await putPolicy(t.app, policy({ Effect: 'Allow', Action: 'oss:ListObjects', Principal: ['arn:sts::1234567890123456:assumed-role/uploader/user-42'], Resource: `acs:oss:*:*:${B}` })).expect(200);
    expect((await list(mine)).status).toBe(200);
    expect((await list(theirs)).status).toBe(403);
    // The role's own Deny (GetObject on private/) still wins over a policy Allow for everyone.
    await putPolicy(t.app, policy({ Effect: 'Allow', Action: 'oss:GetObject', Principal: '*', Resource: `acs:oss:*:*:${B}/*` })).expect(200);
    const get = (key: string) => oss(t.app, 'GET', { bucket: B, key, credentials: mine, headers: { 'x-oss-security-token': mine.securityToken! } });
    expect((await get('shared/report.txt')).text).toBe('shared');
    expect(errorOf(await get('private/report.txt')).ec).toBe('0003-00000201');
  });

  it('an anonymous PostObject and DeleteMultipleObjects are opened by a policy Allow for *', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'drop/old.txt', body: 'old' }).expect(200);
    const post = async () => {
      const { body, contentType } = await encodeForm([['key', 'drop/new.txt'], ['file', { filename: 'f.txt', data: 'new' }]]);
      return supertest(t.app).post(`/${B}`).set('Content-Type', contentType).send(body);
    };
    const remove = () => oss(t.app, 'POST', { bucket: B, query: { delete: '' }, anonymous: true, body: '<Delete><Object><Key>drop/old.txt</Key></Object></Delete>' });
    expect((await post()).status).toBe(403);
    expect((await remove()).status).toBe(403);
    await putPolicy(t.app, policy({ Effect: 'Allow', Action: ['oss:PutObject', 'oss:DeleteObject'], Principal: '*', Resource: `acs:oss:*:*:${B}/drop/*` })).expect(200);
    expect((await post()).status).toBe(204);
    expect((await remove()).status).toBe(200);
    expect(t.storage.meta.getObject(B, 'drop/new.txt')).toBeDefined();
    expect(t.storage.meta.getObject(B, 'drop/old.txt')).toBeUndefined();
  });
});
