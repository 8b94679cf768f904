/** Test support for STS tests: a role confined to users/42/ and a signed AssumeRole request. */
import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import type { Express } from 'express';
import { expect } from 'vitest';
import { signRpc, type Credentials } from '@ossbox/protocol';
import { DEFAULT_ACCESS_KEY } from '../config.js';

export const UPLOADER_ARN = 'acs:ram::1234567890123456:role/uploader';

/** Uploads (multipart included) and deletes under users/42/ of examplebucket; reads anywhere in it but private/. */
export const UPLOADER_POLICY = {
  Version: '1',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['oss:PutObject', 'oss:AbortMultipartUpload', 'oss:ListParts', 'oss:DeleteObject'],
      Resource: ['acs:oss:*:*:examplebucket/users/42/*'],
    },
    { Effect: 'Allow', Action: ['oss:GetObject'], Resource: ['acs:oss:*:*:examplebucket/*'] },
    { Effect: 'Deny', Action: ['oss:GetObject'], Resource: ['acs:oss:*:*:examplebucket/private/*'] },
  ],
};

/** Parameters of a signed AssumeRole (the form an STS client POSTs), with `overrides` applied before signing. */
export function assumeRoleForm(overrides: Record<string, string | undefined> = {}, secret = DEFAULT_ACCESS_KEY.accessKeySecret, method = 'POST') {
  const params: Record<string, string> = {};
  const all: Record<string, string | undefined> = {
    Action: 'AssumeRole',
    RoleArn: UPLOADER_ARN,
    RoleSessionName: 'user-42',
    DurationSeconds: '3600',
    Format: 'JSON',
    Version: '2015-04-01',
    AccessKeyId: DEFAULT_ACCESS_KEY.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: randomUUID(),
    Timestamp: new Date().toISOString(),
    ...overrides,
  };
  for (const [name, value] of Object.entries(all)) if (value !== undefined) params[name] = value;
  return { ...params, Signature: signRpc(method, params, secret) };
}

/** AssumeRole on `app` (the signed form of {@link assumeRoleForm} with `overrides`): the session's credentials. */
export async function assumeRole(app: Express, overrides: Record<string, string | undefined> = {}): Promise<Credentials> {
  const res = await supertest(app).post('/_ossbox/sts').type('form').send(assumeRoleForm(overrides));
  expect(res.status).toBe(200);
  const c = res.body.Credentials as Record<string, string>;
  return { accessKeyId: c.AccessKeyId!, accessKeySecret: c.AccessKeySecret!, securityToken: c.SecurityToken! };
}
