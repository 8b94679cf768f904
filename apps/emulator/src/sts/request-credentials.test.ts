/** The `request` event says which credentials a request used: anonymous, the account key, or an STS session. */
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../test-support/harness.js';
import { oss, startTestEmulator } from '../test-support/harness.js';
import { assumeRoleForm, UPLOADER_ARN, UPLOADER_POLICY } from '../test-support/sts-roles.js';

const B = 'examplebucket';

describe('request events carry the credentials', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ roles: { [UPLOADER_ARN]: UPLOADER_POLICY } });
  });
  afterAll(() => t.close());

  it('names the key, and for STS the role and session; a refused request too', async () => {
    const sessionPolicy = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'oss:PutObject', Resource: 'acs:oss:*:*:examplebucket/users/*' }] };
    const sts = await supertest(t.emulator.url)
      .post('/_ossbox/sts')
      .type('form')
      .send(assumeRoleForm({ RoleSessionName: 'alice', Policy: JSON.stringify(sessionPolicy) }));
    const c = sts.body.Credentials as Record<string, string>;
    const creds = { accessKeyId: c.AccessKeyId!, accessKeySecret: c.AccessKeySecret!, securityToken: c.SecurityToken! };
    const headers = { 'x-oss-security-token': creds.securityToken };
    await oss(t.emulator.url, 'PUT', { bucket: B, key: 'users/42/a', body: 'x', credentials: creds, headers }).expect(200);
    await oss(t.emulator.url, 'PUT', { bucket: B, key: 'users/43/a', body: 'x', credentials: creds, headers }).expect(403);
    await oss(t.emulator.url, 'GET', { bucket: B, key: 'users/42/a' }).expect(200);
    await oss(t.emulator.url, 'GET', { bucket: B, key: 'users/42/a', anonymous: true }).expect(403);
    const session = { principal: 'sts', accessKeyId: creds.accessKeyId, roleArn: UPLOADER_ARN, sessionName: 'alice' };
    expect(await t.emulator.waitFor({ type: 'request', key: 'users/42/a', status: 200, method: 'PUT' })).toMatchObject(session);
    const refused = await t.emulator.waitFor({ type: 'request', key: 'users/43/a', status: 403 });
    expect(refused).toMatchObject(session);
    // The policies it was held to: the role's, then the session policy (lists normalised).
    expect(refused).toMatchObject({
      policies: [{ Statement: expect.any(Array) }, { Version: '1', Statement: [{ Effect: 'Allow', Action: ['oss:PutObject'], Resource: ['acs:oss:*:*:examplebucket/users/*'] }] }],
    });
    expect(await t.emulator.waitFor({ type: 'request', key: 'users/42/a', method: 'GET', status: 200 })).toMatchObject({
      principal: 'account',
      accessKeyId: 'ossbox',
    });
    const anonymous = await t.emulator.waitFor({ type: 'request', key: 'users/42/a', method: 'GET', status: 403 });
    expect(anonymous).toMatchObject({ principal: 'anonymous' });
    expect(anonymous).not.toHaveProperty('accessKeyId');
  });
});
