/**
 * Policy conditions on the upload headers, over HTTP: the browser direct-upload pattern (PutObject
 * allowed only with `x-oss-forbid-overwrite: true`) in a bucket policy, an STS session policy and a
 * PostObject form, and Deny statements using `…IfExists` and `Null`
 * (https://www.alibabacloud.com/help/en/ram/conditional-operator).
 */
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { parseErrorXml } from '@ossbox/protocol';
import type { Credentials } from '@ossbox/protocol';
import { encodeForm } from '../test-support/form.js';
import { oss, useTestApp } from '../test-support/harness.js';
import { assumeRoleForm, UPLOADER_ARN, UPLOADER_POLICY } from '../sts/test-roles.js';

const B = 'examplebucket';
const policy = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '1', Statement: statements });
const putPolicy = (app: Express, body: string) =>
  oss(app, 'PUT', { bucket: B, query: { policy: '' }, body, headers: { 'Content-Type': 'application/json' } }).expect(200);
const errorOf = (res: { text: string }) => parseErrorXml(res.text)!;
const NO_OVERWRITE = { StringEquals: { 'oss:x-oss-forbid-overwrite': 'true' } };

describe('conditions on upload headers', () => {
  const t = useTestApp({ buckets: [B], roles: { [UPLOADER_ARN]: UPLOADER_POLICY } });

  it('a bucket policy Allow with x-oss-forbid-overwrite=true opens anonymous uploads that send it, and only those', async () => {
    await putPolicy(t.app, policy({ Effect: 'Allow', Action: 'oss:PutObject', Principal: '*', Resource: `acs:oss:*:*:${B}/uploads/*`, Condition: NO_OVERWRITE }));
    const put = (headers: Record<string, string>) => oss(t.app, 'PUT', { bucket: B, key: 'uploads/a.txt', anonymous: true, body: 'a', headers });
    const without = await put({});
    expect(without.status).toBe(403);
    expect(errorOf(without)).toMatchObject({ code: 'AccessDenied', ec: '0003-00000001' });
    expect((await put({ 'x-oss-forbid-overwrite': 'false' })).status).toBe(403);
    expect((await put({ 'x-oss-forbid-overwrite': 'true' })).status).toBe(200);
    expect(t.storage.meta.getObject(B, 'uploads/a.txt')).toBeDefined();
    // The header still does its job once the policy let the request in.
    const again = await put({ 'x-oss-forbid-overwrite': 'true' });
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('FileAlreadyExists');
  });

  it('an STS session policy allowing PutObject only with x-oss-forbid-overwrite=true', async () => {
    const sessionPolicy = policy({ Effect: 'Allow', Action: 'oss:PutObject', Resource: `acs:oss:*:*:${B}/users/42/*`, Condition: NO_OVERWRITE });
    const res = await supertest(t.app).post('/_ossbox/sts').type('form').send(assumeRoleForm({ Policy: sessionPolicy }));
    expect(res.status).toBe(200);
    const c = res.body.Credentials as Record<string, string>;
    const creds: Credentials = { accessKeyId: c.AccessKeyId!, accessKeySecret: c.AccessKeySecret!, securityToken: c.SecurityToken! };
    const put = (key: string, headers: Record<string, string>) =>
      oss(t.app, 'PUT', { bucket: B, key, credentials: creds, body: 'x', headers: { 'x-oss-security-token': creds.securityToken!, ...headers } });
    const without = await put('users/42/a.txt', {});
    expect(without.status).toBe(403);
    // The role allows the upload; the session policy does not: EC 0003-00000301.
    expect(errorOf(without)).toMatchObject({ code: 'AccessDenied', ec: '0003-00000301', message: "Access denied by authorizer's policy." });
    expect((await put('users/42/a.txt', { 'x-oss-forbid-overwrite': 'true' })).status).toBe(200);
    // The condition does not widen the role: outside users/42/ the role refuses.
    expect((await put('users/43/a.txt', { 'x-oss-forbid-overwrite': 'true' })).status).toBe(403);
  });

  it('a PostObject form is read for the condition: its x-oss-forbid-overwrite field', async () => {
    await putPolicy(t.app, policy({ Effect: 'Allow', Action: 'oss:PutObject', Principal: '*', Resource: `acs:oss:*:*:${B}/drop/*`, Condition: NO_OVERWRITE }));
    const post = async (fields: [string, string][]) => {
      const { body, contentType } = await encodeForm([['key', 'drop/f.txt'], ...fields, ['file', { filename: 'f.txt', data: 'f' }]]);
      return supertest(t.app).post(`/${B}`).set('Content-Type', contentType).send(body);
    };
    expect((await post([])).status).toBe(403);
    // A header is not a form field: only the form authenticates and describes a PostObject.
    const { body, contentType } = await encodeForm([['key', 'drop/f.txt'], ['file', { filename: 'f.txt', data: 'f' }]]);
    expect((await supertest(t.app).post(`/${B}`).set('Content-Type', contentType).set('x-oss-forbid-overwrite', 'true').send(body)).status).toBe(403);
    expect((await post([['x-oss-forbid-overwrite', 'true']])).status).toBe(204);
  });

  it('a Deny with StringEqualsIfExists: an absent key holds, so only x-oss-forbid-overwrite=true gets through', async () => {
    // Principal * with a Condition applies to the bucket owner too.
    await putPolicy(t.app, policy({ Effect: 'Deny', Action: 'oss:PutObject', Principal: '*', Resource: `acs:oss:*:*:${B}/*`, Condition: { StringEqualsIfExists: { 'oss:x-oss-forbid-overwrite': 'false' } } }));
    const put = (key: string, headers: Record<string, string>) => oss(t.app, 'PUT', { bucket: B, key, body: 'a', headers });
    const without = await put('a.txt', {});
    expect(without.status).toBe(403);
    expect(errorOf(without)).toMatchObject({ code: 'AccessDenied', ec: '0003-00000101', message: 'Access denied by bucket policy.' });
    expect((await put('a.txt', { 'x-oss-forbid-overwrite': 'false' })).status).toBe(403);
    expect((await put('a.txt', { 'x-oss-forbid-overwrite': 'true' })).status).toBe(200);
    // CopyObject and InitiateMultipartUpload carry the same header.
    const copy = (headers: Record<string, string>) => oss(t.app, 'PUT', { bucket: B, key: 'copy.txt', headers: { 'x-oss-copy-source': `/${B}/a.txt`, ...headers } });
    expect((await copy({})).status).toBe(403);
    expect((await copy({ 'x-oss-forbid-overwrite': 'true' })).status).toBe(200);
    const initiate = (headers: Record<string, string>) => oss(t.app, 'POST', { bucket: B, key: 'm.bin', query: { uploads: '' }, headers });
    expect((await initiate({})).status).toBe(403);
    expect((await initiate({ 'x-oss-forbid-overwrite': 'true' })).status).toBe(200);
  });

  it('a Deny on x-oss-object-acl refuses public uploads and leaves the others alone', async () => {
    await putPolicy(t.app, policy({ Effect: 'Deny', Action: 'oss:PutObject', Principal: '*', Resource: `acs:oss:*:*:${B}/*`, Condition: { StringLike: { 'oss:x-oss-object-acl': 'public-*' } } }));
    const put = (headers: Record<string, string>) => oss(t.app, 'PUT', { bucket: B, key: 'acl.txt', body: 'a', headers });
    expect((await put({})).status).toBe(200);
    expect((await put({ 'x-oss-object-acl': 'private' })).status).toBe(200);
    expect(errorOf(await put({ 'x-oss-object-acl': 'public-read' })).ec).toBe('0003-00000101');
  });

  it('a Deny with Null true refuses uploads without x-oss-forbid-overwrite', async () => {
    await putPolicy(t.app, policy({ Effect: 'Deny', Action: 'oss:PutObject', Principal: '*', Resource: `acs:oss:*:*:${B}/*`, Condition: { Null: { 'oss:x-oss-forbid-overwrite': 'true' } } }));
    const put = (key: string, headers: Record<string, string>) => oss(t.app, 'PUT', { bucket: B, key, body: 'n', headers });
    const without = await put('n.txt', {});
    expect(without.status).toBe(403);
    expect(errorOf(without).ec).toBe('0003-00000101');
    expect((await put('n.txt', { 'x-oss-forbid-overwrite': 'false' })).status).toBe(200);
    // Other actions are not PutObject: reads go on.
    expect((await oss(t.app, 'GET', { bucket: B, key: 'n.txt' })).text).toBe('n');
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
    const sessionPolicy = policy({ Effect: 'Allow', Action: 'oss:GetObject', Resource: `acs:oss:*:*:${B}/*`, Condition: { StringEquals: { 'oss:ExistingObjectTag/visibility': 'public' } } });
    const res = await supertest(t.app).post('/_ossbox/sts').type('form').send(assumeRoleForm({ Policy: sessionPolicy }));
    const c = res.body.Credentials as Record<string, string>;
    const creds: Credentials = { accessKeyId: c.AccessKeyId!, accessKeySecret: c.AccessKeySecret!, securityToken: c.SecurityToken! };
    const get = (key: string) => oss(t.app, 'GET', { bucket: B, key, credentials: creds, headers: { 'x-oss-security-token': creds.securityToken! } });
    expect((await get('pub.txt')).text).toBe('pub');
    expect(errorOf(await get('int.txt')).ec).toBe('0003-00000301');
    expect((await get('none.txt')).status).toBe(403);
    // Retagging the object changes the answer.
    await oss(t.app, 'PUT', { bucket: B, key: 'int.txt', query: { tagging: '' }, body: '<Tagging><TagSet><Tag><Key>visibility</Key><Value>public</Value></Tag></TagSet></Tagging>' }).expect(200);
    expect((await get('int.txt')).text).toBe('int');
  });
});
