/**
 * RAM authorization of an STS session: held to its role policy intersected with its session
 * policy. A refusal is OSS's RAM denial: `AccessDenied`, "Access denied by authorizer's policy."
 * (https://www.alibabacloud.com/help/doc-detail/161911.html); an explicit Deny carries EC
 * 0003-00000201 (https://www.alibabacloud.com/help/en/oss/support/0003-00000201). Where this
 * decision meets the bucket policy and ACLs: access/check-access.ts.
 */
import { ossError } from '@ossbox/protocol';
import type { OssProtocolError } from '@ossbox/protocol';
import { evaluateAll, ossResourceArn } from '../policy/index.js';
import type { ConditionContext, PolicyDecision } from '../policy/index.js';
import type { StsPrincipal } from './principal.js';

/**
 * Operations whose resources are only known once the handler reads the body: DeleteMultipleObjects
 * needs `oss:DeleteObject` on each listed key and PostObject's key is a form field, so their
 * handlers check access.
 */
export const AUTHORIZED_BY_HANDLER: ReadonlySet<string> = new Set(['DeleteMultipleObjects', 'PostObject']);

/** The session's decision for `action` on a bucket / object of its role's account. */
export function stsDecision(
  principal: StsPrincipal,
  region: string,
  request: {
    action: string;
    bucket?: string | undefined;
    key?: string | undefined;
    context: ConditionContext;
  },
): PolicyDecision {
  const resource = ossResourceArn(region, principal.role.account, request.bucket, request.key);
  return evaluateAll(principal.policies, { action: request.action, resource, context: request.context });
}

/** OSS's RAM `AccessDenied` for a session's refusal. */
export function ramDenied(action: string, decision: Exclude<PolicyDecision, 'Allow'>): OssProtocolError {
  return ossError('AccessDenied', {
    message: "Access denied by authorizer's policy.",
    // OSS documents an EC for the explicit deny only; none is invented for the implicit one.
    ec: decision === 'ExplicitDeny' ? '0003-00000201' : undefined,
    details: { AuthAction: action, NoPermissionType: decision },
  });
}
