/** Test support for STS tests: a role confined to users/42/ and a signed AssumeRole request. */
import { randomUUID } from 'node:crypto';
import { signRpc } from '@ossbox/protocol';
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
