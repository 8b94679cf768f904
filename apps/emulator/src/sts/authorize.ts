/**
 * RAM authorization of an STS session: held to its role policy intersected with its session
 * policy. A refusal is OSS's RAM denial: `AccessDenied`, "Access denied by authorizer's policy."
 * (https://www.alibabacloud.com/help/doc-detail/161911.html). Its EC says which policy refused:
 * 0003-00000301 when the session policy did (the role allows, the token's policy does not:
 * https://www.alibabacloud.com/help/en/oss/support/0003-00000301), else 0003-00000201 for an
 * explicit Deny of the role policy (https://www.alibabacloud.com/help/en/oss/support/0003-00000201),
 * else none. Where this decision meets the bucket policy and ACLs: access/check-access.ts.
 */
import { ossError } from '@ossbox/protocol';
import type { OssProtocolError } from '@ossbox/protocol';
import { evaluateAll, evaluatePolicy, ossResourceArn } from '../policy/index.js';
import type { ConditionContext, PolicyDecision } from '../policy/index.js';
import type { StsPrincipal } from './principal.js';

/**
 * Operations whose resources are only known once the handler reads the body: DeleteMultipleObjects
 * needs `oss:DeleteObject` on each listed key and PostObject's key is a form field, so their
 * handlers check access.
 */
export const AUTHORIZED_BY_HANDLER: ReadonlySet<string> = new Set(['DeleteMultipleObjects', 'PostObject']);

/** A session's decision, and whether its session policy (not its role) refused. */
export interface StsDecision {
  decision: PolicyDecision;
  refusedBySessionPolicy: boolean;
}

/** The session's decision for `action` on a bucket / object of its role's account. */
export function stsDecision(
  principal: StsPrincipal,
  region: string,
  request: { action: string; bucket?: string | undefined; key?: string | undefined; context: ConditionContext },
): StsDecision {
  const resource = ossResourceArn(region, principal.role.account, request.bucket, request.key);
  const asked = { action: request.action, resource, context: request.context };
  const decision = evaluateAll(principal.policies, asked);
  if (decision === 'Allow') return { decision, refusedBySessionPolicy: false };
  // The session policy refused when the role alone would not have: the role allows, or the
  // refusal is an explicit Deny the role does not make. (Evaluated only for a refusal.)
  const byRole = evaluatePolicy(principal.role.policy, asked);
  const refusedBySessionPolicy = byRole !== 'ExplicitDeny' && (byRole === 'Allow' || decision === 'ExplicitDeny');
  return { decision, refusedBySessionPolicy };
}

/** OSS's RAM `AccessDenied` for a session's refusal. */
export function ramDenied(action: string, refusal: { decision: Exclude<PolicyDecision, 'Allow'>; refusedBySessionPolicy?: boolean }): OssProtocolError {
  const ec = refusal.refusedBySessionPolicy ? '0003-00000301' : refusal.decision === 'ExplicitDeny' ? '0003-00000201' : undefined;
  return ossError('AccessDenied', {
    message: "Access denied by authorizer's policy.",
    // OSS documents no EC for an implicit deny by the role; none is invented.
    ec,
    details: { AuthAction: action, NoPermissionType: refusal.decision },
  });
}
