/**
 * The one access check every OSS request goes through (the authenticate middleware for most
 * operations; the handlers of DeleteMultipleObjects, PostObject, and the extra reads of
 * CopyObject / UploadPartCopy sources and symlink targets). It combines, as OSS evaluates them
 * (https://www.alibabacloud.com/help/en/oss/user-guide/bucket-policy, "How it works";
 * https://www.alibabacloud.com/help/en/oss/user-guide/how-oss-works-with-ram):
 *
 * 1. the bucket policy: an explicit Deny that applies to the requester refuses the request,
 *    whoever asks, the owner included when the statement is `Principal: *` with a Condition;
 * 2. the requester's own permissions: the account (a configured key) may do everything; an STS
 *    session its role ∩ session policy, whose explicit Deny refuses too; an anonymous caller what
 *    the ACLs allow;
 * 3. otherwise a bucket policy Allow for the requester allows (so `Principal: *` opens a private
 *    bucket to anonymous readers); else the request is refused with the requester's own denial.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Request } from 'express';
import { ossError } from '@ossbox/protocol';
import type { EmulatorConfig } from '../config.js';
import type { RequestState } from '../context.js';
import { bucketPolicyOf } from '../bucket-config/bucket-policy.js';
import { OWNER } from '../handlers/handler.js';
import { evaluatePolicy, ossResourceArn, ramActionOf } from '../policy/index.js';
import type { ConditionContext, PolicyDecision } from '../policy/index.js';
import type { MetadataStore } from '../store/metadata-store.js';
import { ramDenied, stsDecision } from '../sts/index.js';
import type { Principal, StsDecision } from '../sts/index.js';
import { anonymousAllowed } from './acl.js';
import { conditionContextOf, policyIdentityOf } from './request-identity.js';
import { requestTagContext, resourceTagContext } from './resource-tags.js';

/** What the check needs of a request (a handler's context has it all). */
export interface AccessEnv {
  config: EmulatorConfig;
  storage: { meta: MetadataStore };
  req: Request;
  /** `principal` (and `auth`, `address`) must be set. */
  state: RequestState;
}

/** What is being done, in OSS terms. */
export interface AccessRequest {
  /** OSS operation name (`PutObject`, `UploadPart`, …) or a RAM action (`oss:GetObject`). */
  operation: string;
  bucket?: string | undefined;
  key?: string | undefined;
  /** What an ACL must grant an anonymous caller (`owner`: no ACL can). */
  access: 'read' | 'write' | 'owner';
  /** The message of an anonymous caller's ACL refusal, when it is not the bucket-ACL one. */
  aclRefusal?: string;
  /** The OSS headers Conditions read when they are not the HTTP headers (PostObject: its form fields). */
  ossHeaders?: IncomingHttpHeaders;
}

/**
 * OSS's refusal by a bucket policy's Deny: EC 0003-00000101 ("your request is denied by the
 * bucket policy", https://help.aliyun.com/zh/oss/support/0003-00000101). The message is the one
 * OSS's policy-denial samples show (https://www.alibabacloud.com/help/en/oss/support/0003-00000201).
 */
function bucketPolicyDenied(action: string) {
  return ossError('AccessDenied', {
    message: 'Access denied by bucket policy.',
    ec: '0003-00000101',
    details: { AuthAction: action, NoPermissionType: 'ExplicitDeny' },
  });
}

/** The requester's own decision; for a session, also whether its session policy refused. */
function identityDecision(env: AccessEnv, principal: Principal, action: string, request: AccessRequest, context: ConditionContext): StsDecision {
  switch (principal.kind) {
    case 'account':
      return { decision: 'Allow', refusedBySessionPolicy: false };
    case 'sts':
      return stsDecision(principal, env.config.region, { action, bucket: request.bucket, key: request.key, context });
    case 'anonymous': {
      const allowed = request.access !== 'owner' && request.bucket !== undefined && anonymousAllowed(env.storage.meta, request.access, request.bucket, request.key);
      return { decision: allowed ? 'Allow' : 'ImplicitDeny', refusedBySessionPolicy: false };
    }
  }
}

function refusal(principal: Principal, action: string, own: StsDecision & { decision: Exclude<PolicyDecision, 'Allow'> }, request: AccessRequest) {
  if (principal.kind !== 'anonymous') return ramDenied(action, own);
  if (request.access === 'owner' || request.bucket === undefined) {
    // No ACL can open these (ListBuckets, PutBucket, bucket administration): OSS answers that
    // the operation needs identity, not an ACL refusal.
    // https://help.aliyun.com/en/oss/user-guide/0003-00001201
    return ossError('AccessDenied', { message: 'Anonymous access is forbidden for this operation.', ec: '0003-00001201' });
  }
  if (request.aclRefusal !== undefined) return ossError('AccessDenied', { message: request.aclRefusal });
  return ossError('AccessDenied', { message: 'You have no right to access this object because of bucket acl.', ec: '0003-00000001' });
}

/**
 * Allow the request or throw OSS's `AccessDenied` for it (NoSuchBucket for an anonymous request
 * to a missing bucket).
 *
 * @example
 * ```ts
 * checkAccess({ config, meta, req, state }, { operation: 'GetObject', bucket: 'b', key: 'a.txt', access: 'read' });
 * ```
 */
export function checkAccess(env: AccessEnv, request: AccessRequest): void {
  const principal = env.state.principal ?? { kind: 'anonymous' };
  const action = request.operation.startsWith('oss:') ? request.operation : ramActionOf(request.operation);
  const policy = request.bucket === undefined ? undefined : bucketPolicyOf(env.storage.meta, request.bucket);
  // Tags cost a metadata read: only when a policy will read them.
  const tags =
    policy !== undefined || principal.kind === 'sts'
      ? { ...resourceTagContext(env.storage.meta, request.bucket, request.key), ...requestTagContext(request.operation, request.ossHeaders ?? env.req.headers) }
      : {};
  const context: ConditionContext = { ...conditionContextOf(env.req, env.state, new Date(), request.ossHeaders), ...tags };
  let byBucketPolicy: PolicyDecision = 'ImplicitDeny';
  if (policy) {
    const identity = policyIdentityOf(principal);
    byBucketPolicy = evaluatePolicy(policy, {
      action,
      resource: ossResourceArn(env.config.region, OWNER.id, request.bucket, request.key),
      principals: identity.ids,
      bucketOwner: identity.bucketOwner,
      context,
    });
    if (byBucketPolicy === 'ExplicitDeny') throw bucketPolicyDenied(action);
  }
  const own = identityDecision(env, principal, action, request, context);
  if (own.decision === 'Allow' || (own.decision === 'ImplicitDeny' && byBucketPolicy === 'Allow')) return;
  throw refusal(principal, action, { ...own, decision: own.decision }, request);
}
