/**
 * The access decision as a table: bucket policy × the requester's own permissions (account, STS
 * session, ACLs for anonymous callers) × conditions, over a stub metadata store.
 */
import { describe, expect, it } from 'vitest';
import type { Request } from 'express';
import { OssProtocolError } from '@ossbox/protocol';
import type { EmulatorConfig } from '../config.js';
import { parsePolicy } from '../policy/index.js';
import type { MetadataStore } from '../store/metadata-store.js';
import type { Principal } from '../sts/index.js';
import type { AccessRequest } from './check-access.js';
import { checkAccess } from './check-access.js';

const B = 'examplebucket';
const ACCOUNT: Principal = { kind: 'account', accessKeyId: 'LTAI-owner' };
const ANONYMOUS: Principal = { kind: 'anonymous' };
const session = (sessionName: string, statements: unknown[]): Principal => ({
  kind: 'sts',
  accessKeyId: 'STS.test',
  role: { arn: 'acs:ram::1234567890123456:role/uploader', account: '1234567890123456', name: 'uploader', policy: parsePolicy({ Version: '1', Statement: statements }) },
  sessionName,
  expiration: new Date(Date.now() + 3600_000),
  policies: [parsePolicy({ Version: '1', Statement: statements })],
});
const UPLOADER = session('user-42', [
  { Effect: 'Allow', Action: 'oss:PutObject', Resource: `acs:oss:*:*:${B}/users/42/*` },
  { Effect: 'Deny', Action: 'oss:GetObject', Resource: `acs:oss:*:*:${B}/private/*` },
]);
/** The uploader role narrowed by a session policy to users/42/photos/ (and other/, which the role lacks). */
const NARROWED: Principal = {
  ...(UPLOADER as Extract<Principal, { kind: 'sts' }>),
  policies: [
    (UPLOADER as Extract<Principal, { kind: 'sts' }>).role.policy,
    parsePolicy({
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: 'oss:*', Resource: [`acs:oss:*:*:${B}/users/42/photos/*`, `acs:oss:*:*:${B}/other/*`] },
        { Effect: 'Deny', Action: 'oss:*', Resource: `acs:oss:*:*:${B}/users/42/photos/private/*` },
      ],
    }),
  ],
};
const OTHER_SESSION = session('user-43', [{ Effect: 'Allow', Action: 'oss:PutObject', Resource: `acs:oss:*:*:${B}/users/43/*` }]);
const SESSION_ARN = 'arn:sts::1234567890123456:assumed-role/uploader/user-42';

const policy = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '1', Statement: statements });
const allowAll = (action: string, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action: action, Principal: '*', Resource: `acs:oss:*:*:${B}/*`, ...extra });
const FROM_LOOPBACK = { IpAddress: { 'acs:SourceIp': '127.0.0.0/8' } };

/** What the check sees: the bucket (private unless `acl`), its policy, and one request's values. */
function check(principal: Principal, bucketPolicy: string | undefined, request: Partial<AccessRequest>, query: Record<string, string> = {}, acl = 'private') {
  const meta = {
    getBucket: (name: string) => (name === B ? { name, acl } : undefined),
    getObject: () => undefined,
    getBucketConfig: (name: string, config: string) => (name === B && config === 'policy' ? bucketPolicy : undefined),
  } as unknown as MetadataStore;
  const env = {
    config: { region: 'cn-hangzhou' } as EmulatorConfig,
    storage: { meta },
    req: { socket: { remoteAddress: '::ffff:127.0.0.1' }, headers: {} } as unknown as Request,
    state: { requestId: 'r', principal, address: { style: 'path' as const, bucket: B, query } },
  };
  try {
    checkAccess(env, { operation: 'GetObject', bucket: B, key: 'a.txt', access: 'read', ...request });
    return 'allowed';
  } catch (error) {
    if (!(error instanceof OssProtocolError)) throw error;
    return `${error.code} ${error.ec ?? '-'} ${error.message}`;
  }
}

const ACL_DENIED = 'AccessDenied 0003-00000001 You have no right to access this object because of bucket acl.';
const POLICY_DENIED = 'AccessDenied 0003-00000101 Access denied by bucket policy.';
const RAM_IMPLICIT = "AccessDenied - Access denied by authorizer's policy.";
const RAM_EXPLICIT = "AccessDenied 0003-00000201 Access denied by authorizer's policy.";

describe('checkAccess', () => {
  it.each([
    // anonymous callers: ACLs, opened or closed by the bucket policy
    ['anonymous, private bucket, no policy', ANONYMOUS, undefined, {}, ACL_DENIED],
    ['anonymous, a policy Allow for * opens the private bucket', ANONYMOUS, policy(allowAll('oss:GetObject')), {}, 'allowed'],
    ['anonymous, an Allow for another action does not', ANONYMOUS, policy(allowAll('oss:PutObject')), {}, ACL_DENIED],
    ['anonymous, an Allow for another principal does not', ANONYMOUS, policy(allowAll('oss:GetObject', { Principal: ['20000'] })), {}, ACL_DENIED],
    ['anonymous, bucket administration opened by the policy', ANONYMOUS, policy({ ...allowAll('oss:GetBucketAcl'), Resource: `acs:oss:*:*:${B}` }), { operation: 'GetBucketAcl', key: undefined, access: 'owner' }, 'allowed'],
    ['anonymous, bucket administration without a policy', ANONYMOUS, undefined, { operation: 'GetBucketAcl', key: undefined, access: 'owner' }, 'AccessDenied 0003-00001201 Anonymous access is forbidden for this operation.'],
    // the owner
    ['owner, no policy', ACCOUNT, undefined, {}, 'allowed'],
    ['owner, a Deny for * without a condition spares the owner', ACCOUNT, policy({ ...allowAll('oss:*'), Effect: 'Deny' }), {}, 'allowed'],
    ['owner, a Deny for * with a condition that holds', ACCOUNT, policy({ ...allowAll('oss:*', { Condition: FROM_LOOPBACK }), Effect: 'Deny' }), {}, POLICY_DENIED],
    ['owner, a Deny for * with a condition that fails', ACCOUNT, policy({ ...allowAll('oss:*', { Condition: { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } } }), Effect: 'Deny' }), {}, 'allowed'],
    ['owner, a Deny naming the owner', ACCOUNT, policy({ ...allowAll('oss:GetObject', { Principal: ['ossbox'] }), Effect: 'Deny' }), {}, POLICY_DENIED],
    // STS sessions
    ['session, outside its role, no policy', UPLOADER, undefined, {}, RAM_IMPLICIT],
    ['session, outside its role, the policy grants its session ARN', UPLOADER, policy(allowAll('oss:GetObject', { Principal: [SESSION_ARN] })), {}, 'allowed'],
    ['session, the policy grants any session of the role', OTHER_SESSION, policy(allowAll('oss:GetObject', { Principal: ['arn:sts::1234567890123456:assumed-role/uploader/*'] })), {}, 'allowed'],
    ['session, the policy grants another session', OTHER_SESSION, policy(allowAll('oss:GetObject', { Principal: [SESSION_ARN] })), {}, RAM_IMPLICIT],
    ['session, its role Deny wins over a policy Allow', UPLOADER, policy(allowAll('oss:GetObject', { Principal: [SESSION_ARN] })), { key: 'private/a' }, RAM_EXPLICIT],
    ['session, a policy Deny wins over its role Allow', UPLOADER, policy({ ...allowAll('oss:PutObject'), Effect: 'Deny' }), { operation: 'PutObject', key: 'users/42/a', access: 'write' }, POLICY_DENIED],
    ['session, inside its role, no policy', UPLOADER, undefined, { operation: 'PutObject', key: 'users/42/a', access: 'write' }, 'allowed'],
    ['session, inside its role, outside its session policy', NARROWED, undefined, { operation: 'PutObject', key: 'users/42/a', access: 'write' }, "AccessDenied 0003-00000301 Access denied by authorizer's policy."],
    ['session, a session policy Allow never exceeds the role', NARROWED, undefined, { operation: 'PutObject', key: 'other/a', access: 'write' }, RAM_IMPLICIT],
    ['session, a session policy Deny', NARROWED, undefined, { operation: 'PutObject', key: 'users/42/photos/private/a', access: 'write' }, "AccessDenied 0003-00000301 Access denied by authorizer's policy."],
  ] as const)('%s', (_name, principal, bucketPolicy, request, expected) => {
    expect(check(principal, bucketPolicy, request)).toBe(expected);
  });

  it('conditions see the request: oss:Prefix of a listing', () => {
    const listing = policy({ ...allowAll('oss:ListObjects', { Condition: { StringLike: { 'oss:Prefix': 'public/*' } } }), Resource: `acs:oss:*:*:${B}` });
    const list = { operation: 'ListObjects', key: undefined } as const;
    expect(check(ANONYMOUS, listing, list, { prefix: 'public/photos/' })).toBe('allowed');
    expect(check(ANONYMOUS, listing, list, { prefix: 'private/' })).toBe(ACL_DENIED);
    expect(check(ANONYMOUS, listing, list)).toBe(ACL_DENIED);
  });

  it('a public-read bucket stays readable unless the policy denies', () => {
    const deny = policy({ ...allowAll('oss:GetObject'), Effect: 'Deny', Resource: `acs:oss:*:*:${B}/secret/*` });
    expect(check(ANONYMOUS, deny, { key: 'open.txt' }, {}, 'public-read')).toBe('allowed');
    expect(check(ANONYMOUS, deny, { key: 'secret/a.txt' }, {}, 'public-read')).toBe(POLICY_DENIED);
  });
});
