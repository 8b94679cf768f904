/**
 * Policy conditions on the ACL headers, over HTTP: the browser direct-upload pattern (PutObject
 * allowed only with `x-oss-object-acl: private`) in a bucket policy, an STS session policy and a
 * PostObject form; Deny statements using `…IfExists` and `Null`; `oss:x-oss-acl` on
 * PutBucketAcl; and the tag keys. The keys are OSS's
 * (https://www.alibabacloud.com/help/en/oss/user-guide/authorization-syntax-and-elements).
 */
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { parseErrorXml } from '@ossbox/protocol';
import type { Credentials } from '@ossbox/protocol';
import { encodeForm } from '../test-support/form.js';
import { oss, useTestApp } from '../test-support/harness.js';
import { assumeRole, UPLOADER_ARN, UPLOADER_POLICY } from '../test-support/sts-roles.js';

const B = 'examplebucket';
const policy = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '1', Statement: statements });
const putPolicy = (app: Express, body: string) =>
  oss(app, 'PUT', { bucket: B, query: { policy: '' }, body, headers: { 'Content-Type': 'application/json' } }).expect(200);
const errorOf = (res: { text: string }) => parseErrorXml(res.text)!;
const PRIVATE_ONLY = { StringEquals: { 'oss:x-oss-object-acl': 'private' } };

const sessionWith = (app: Express, sessionPolicy: string): Promise<Credentials> => assumeRole(app, { Policy: sessionPolicy });

describe('conditions on the ACL headers', () => {
  const t = useTestApp({ buckets: [B], roles: { [UPLOADER_ARN]: UPLOADER_POLICY } });

  it('a bucket policy Allow with x-oss-object-acl=private opens anonymous uploads that send it, and only those', async () => {
    await putPolicy(
      t.app,
      policy(
        { Effect: 'Allow', Action: 'oss:PutObject', Principal: '*', Resource: `acs:oss:*:*:${B}/uploads/*`, Condition: PRIVATE_ONLY },
        // x-oss-forbid-overwrite is not one of OSS's condition keys: this Allow never applies.
        { Effect: 'Allow', Action: 'oss:PutObject', Principal: '*', Resource: `acs:oss:*:*:${B}/fo/*`, Condition: { StringEquals: { 'oss:x-oss-forbid-overwrite': 'true' } } },
      ),
    );
    const put = (key: string, headers: Record<string, string>) => oss(t.app, 'PUT', { bucket: B, key, anonymous: true, body: 'a', headers });
    const without = await put('uploads/a.txt', {});
    expect(without.status).toBe(403);
    expect(errorOf(without)).toMatchObject({ code: 'AccessDenied', ec: '0003-00000001' });
    expect((await put('uploads/a.txt', { 'x-oss-object-acl': 'public-read' })).status).toBe(403);
    expect((await put('uploads/a.txt', { 'x-oss-object-acl': 'private' })).status).toBe(200);
    expect(t.storage.meta.getObject(B, 'uploads/a.txt')).toBeDefined();
    expect((await put('fo/a.txt', { 'x-oss-forbid-overwrite': 'true' })).status).toBe(403);
  });

  it('an STS session policy allowing PutObject only with x-oss-object-acl=private', async () => {
    const creds = await sessionWith(t.app, policy({ Effect: 'Allow', Action: 'oss:PutObject', Resource: `acs:oss:*:*:${B}/users/42/*`, Condition: PRIVATE_ONLY }));
    const put = (key: string, headers: Record<string, string>) =>
      oss(t.app, 'PUT', { bucket: B, key, credentials: creds, body: 'x', headers: { 'x-oss-security-token': creds.securityToken!, ...headers } });
    const without = await put('users/42/a.txt', {});
    expect(without.status).toBe(403);
    // The role allows the upload; the session policy does not: EC 0003-00000301.
    expect(errorOf(without)).toMatchObject({ code: 'AccessDenied', ec: '0003-00000301', message: "Access denied by authorizer's policy." });
    expect((await put('users/42/a.txt', { 'x-oss-object-acl': 'private' })).status).toBe(200);
    // The condition does not widen the role: outside users/42/ the role refuses.
    expect((await put('users/43/a.txt', { 'x-oss-object-acl': 'private' })).status).toBe(403);
  });

  it('a PostObject form is read for the condition: its x-oss-object-acl field, not a header', async () => {
    await putPolicy(t.app, policy({ Effect: 'Allow', Action: 'oss:PutObject', Principal: '*', Resource: `acs:oss:*:*:${B}/drop/*`, Condition: PRIVATE_ONLY }));
    const post = async (fields: [string, string][], headers: Record<string, string> = {}) => {
      const { body, contentType } = await encodeForm([['key', 'drop/f.txt'], ...fields, ['file', { filename: 'f.txt', data: 'f' }]]);
      return supertest(t.app).post(`/${B}`).set('Content-Type', contentType).set(headers).send(body);
    };
    expect((await post([])).status).toBe(403);
    // Only the form describes a PostObject: a header is not read.
    expect((await post([], { 'x-oss-object-acl': 'private' })).status).toBe(403);
    expect((await post([['x-oss-object-acl', 'private']])).status).toBe(204);
  });

  it('a Deny with StringEqualsIfExists: an absent key holds, so only uploads naming a non-public ACL get through', async () => {
    // Principal * with a Condition applies to the bucket owner too.
    await putPolicy(t.app, policy({ Effect: 'Deny', Action: 'oss:PutObject', Principal: '*', Resource: `acs:oss:*:*:${B}/*`, Condition: { StringEqualsIfExists: { 'oss:x-oss-object-acl': 'public-read-write' } } }));
    const put = (headers: Record<string, string>) => oss(t.app, 'PUT', { bucket: B, key: 'a.txt', body: 'a', headers });
    const without = await put({});
    expect(without.status).toBe(403);
    expect(errorOf(without)).toMatchObject({ code: 'AccessDenied', ec: '0003-00000101', message: 'Access denied by bucket policy.' });
    expect((await put({ 'x-oss-object-acl': 'public-read-write' })).status).toBe(403);
    expect((await put({ 'x-oss-object-acl': 'private' })).status).toBe(200);
    // CopyObject and InitiateMultipartUpload carry the same header.
    const copy = (headers: Record<string, string>) => oss(t.app, 'PUT', { bucket: B, key: 'copy.txt', headers: { 'x-oss-copy-source': `/${B}/a.txt`, ...headers } });
    expect((await copy({})).status).toBe(403);
    expect((await copy({ 'x-oss-object-acl': 'default' })).status).toBe(200);
    const initiate = (headers: Record<string, string>) => oss(t.app, 'POST', { bucket: B, key: 'm.bin', query: { uploads: '' }, headers });
    expect((await initiate({})).status).toBe(403);
    expect((await initiate({ 'x-oss-object-acl': 'private' })).status).toBe(200);
  });

  it('a plain Deny on x-oss-object-acl refuses public uploads and leaves the others alone', async () => {
    await putPolicy(t.app, policy({ Effect: 'Deny', Action: 'oss:PutObject', Principal: '*', Resource: `acs:oss:*:*:${B}/*`, Condition: { StringLike: { 'oss:x-oss-object-acl': 'public-*' } } }));
    const put = (headers: Record<string, string>) => oss(t.app, 'PUT', { bucket: B, key: 'acl.txt', body: 'a', headers });
    expect((await put({})).status).toBe(200);
    expect((await put({ 'x-oss-object-acl': 'private' })).status).toBe(200);
    expect(errorOf(await put({ 'x-oss-object-acl': 'public-read' })).ec).toBe('0003-00000101');
  });

  it('a Deny with Null true refuses uploads without x-oss-object-acl', async () => {
    await putPolicy(t.app, policy({ Effect: 'Deny', Action: 'oss:PutObject', Principal: '*', Resource: `acs:oss:*:*:${B}/*`, Condition: { Null: { 'oss:x-oss-object-acl': 'true' } } }));
    const put = (headers: Record<string, string>) => oss(t.app, 'PUT', { bucket: B, key: 'n.txt', body: 'n', headers });
    expect(errorOf(await put({})).ec).toBe('0003-00000101');
    expect((await put({ 'x-oss-object-acl': 'default' })).status).toBe(200);
    // Other actions are not PutObject: reads go on.
    expect((await oss(t.app, 'GET', { bucket: B, key: 'n.txt' })).text).toBe('n');
  });

  it('oss:x-oss-acl reads the bucket ACL header of PutBucketAcl', async () => {
    await putPolicy(t.app, policy({ Effect: 'Deny', Action: 'oss:PutBucketAcl', Principal: '*', Resource: `acs:oss:*:*:${B}`, Condition: { StringNotEquals: { 'oss:x-oss-acl': 'private' } } }));
    const putAcl = (acl: string) => oss(t.app, 'PUT', { bucket: B, query: { acl: '' }, headers: { 'x-oss-acl': acl } });
    expect(errorOf(await putAcl('public-read')).ec).toBe('0003-00000101');
    expect((await putAcl('private')).status).toBe(200);
  });
});

describe('conditions on bucket and object tags', () => {
  const t = useTestApp({ buckets: [B], roles: { [UPLOADER_ARN]: UPLOADER_POLICY } });
  const tagBucket = (xml: string) => oss(t.app, 'PUT', { bucket: B, query: { tagging: '' }, body: xml }).expect(200);

  it('oss:BucketTag opens a bucket to anonymous reads while it carries the tag', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'a.txt', body: 'a' }).expect(200);
    await putPolicy(t.app, policy({ Effect: 'Allow', Action: 'oss:GetObject', Principal: '*', Resource: `acs:oss:*:*:${B}/*`, Condition: { StringEquals: { 'oss:BucketTag/env': 'dev' } } }));
    const get = () => oss(t.app, 'GET', { bucket: B, key: 'a.txt', anonymous: true });
    expect((await get()).status).toBe(403);
    await tagBucket('<Tagging><TagSet><Tag><Key>env</Key><Value>dev</Value></Tag></TagSet></Tagging>');
    expect((await get()).text).toBe('a');
    // Tag keys are case-sensitive: Env is another tag.
    await tagBucket('<Tagging><TagSet><Tag><Key>Env</Key><Value>dev</Value></Tag></TagSet></Tagging>');
    expect((await get()).status).toBe(403);
  });

  it('an STS session policy reading oss:ExistingObjectTag: only objects tagged visibility=public', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'pub.txt', body: 'pub', headers: { 'x-oss-tagging': 'visibility=public' } }).expect(200);
    await oss(t.app, 'PUT', { bucket: B, key: 'int.txt', body: 'int', headers: { 'x-oss-tagging': 'visibility=internal' } }).expect(200);
    await oss(t.app, 'PUT', { bucket: B, key: 'none.txt', body: 'none' }).expect(200);
    const creds = await sessionWith(t.app, policy({ Effect: 'Allow', Action: 'oss:GetObject', Resource: `acs:oss:*:*:${B}/*`, Condition: { StringEquals: { 'oss:ExistingObjectTag/visibility': 'public' } } }));
    const get = (key: string) => oss(t.app, 'GET', { bucket: B, key, credentials: creds, headers: { 'x-oss-security-token': creds.securityToken! } });
    expect((await get('pub.txt')).text).toBe('pub');
    expect(errorOf(await get('int.txt')).ec).toBe('0003-00000301');
    expect((await get('none.txt')).status).toBe(403);
    // Retagging the object changes the answer.
    await oss(t.app, 'PUT', { bucket: B, key: 'int.txt', query: { tagging: '' }, body: '<Tagging><TagSet><Tag><Key>visibility</Key><Value>public</Value></Tag></TagSet></Tagging>' }).expect(200);
    expect((await get('int.txt')).text).toBe('int');
  });

  it('oss:RequestObjectTag reads x-oss-tagging (PostObject: its field); PutObjectTagging bodies stay undecided', async () => {
    const creds = await sessionWith(t.app, policy({ Effect: 'Allow', Action: ['oss:PutObject', 'oss:PutObjectTagging'], Resource: `acs:oss:*:*:${B}/users/42/*`, Condition: { StringEquals: { 'oss:RequestObjectTag/project': 'apollo' } } }));
    const put = (headers: Record<string, string>) =>
      oss(t.app, 'PUT', { bucket: B, key: 'users/42/t.txt', credentials: creds, body: 't', headers: { 'x-oss-security-token': creds.securityToken!, ...headers } });
    expect((await put({ 'x-oss-tagging': 'project=apollo&team=a' })).status).toBe(200);
    expect(t.storage.meta.getObject(B, 'users/42/t.txt')?.tags).toEqual({ project: 'apollo', team: 'a' });
    expect(errorOf(await put({ 'x-oss-tagging': 'project=zeus' })).ec).toBe('0003-00000301');
    expect((await put({})).status).toBe(403);
    // A malformed header has no reading: the Allow does not apply (AccessDenied, not the tag error).
    expect(errorOf(await put({ 'x-oss-tagging': '=apollo' })).code).toBe('AccessDenied');
    // PutObjectTagging's tags are in the body, unread when access is checked: the Allow never applies.
    const tagging = '<Tagging><TagSet><Tag><Key>project</Key><Value>apollo</Value></Tag></TagSet></Tagging>';
    const retag = await oss(t.app, 'PUT', { bucket: B, key: 'users/42/t.txt', query: { tagging: '' }, credentials: creds, body: tagging, headers: { 'x-oss-security-token': creds.securityToken! } });
    expect(retag.status).toBe(403);
    // PostObject: the form's x-oss-tagging field.
    await putPolicy(t.app, policy({ Effect: 'Allow', Action: 'oss:PutObject', Principal: '*', Resource: `acs:oss:*:*:${B}/drop/*`, Condition: { StringEquals: { 'oss:RequestObjectTag/project': 'apollo' } } }));
    const post = async (fields: [string, string][]) => {
      const { body, contentType } = await encodeForm([['key', 'drop/t.txt'], ...fields, ['file', { filename: 't.txt', data: 't' }]]);
      return supertest(t.app).post(`/${B}`).set('Content-Type', contentType).send(body);
    };
    expect((await post([])).status).toBe(403);
    expect((await post([['x-oss-tagging', 'project=apollo']])).status).toBe(204);
  });
});
