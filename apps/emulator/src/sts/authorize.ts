/**
 * RAM authorization of one request: STS sessions are held to their role policy intersected with
 * their session policy; account keys are the owner and may do everything; anonymous requests are
 * governed by ACLs elsewhere (middleware/authenticate.ts). A refusal is OSS's RAM denial:
 * `AccessDenied`, "Access denied by authorizer's policy."
 * (https://www.alibabacloud.com/help/doc-detail/161911.html); an explicit Deny carries EC
 * 0003-00000201 (https://www.alibabacloud.com/help/en/oss/support/0003-00000201).
 */
import { ossError } from '@ossbox/protocol';
import { evaluateAll, ossResourceArn, ramActionOf } from '../policy/index.js';
import type { PolicyDecision } from '../policy/index.js';
import type { Principal } from './principal.js';

/** What is being done, in OSS terms. */
export interface AccessRequest {
  /** OSS operation name (`PutObject`, `UploadPart`, …) or a RAM action (`oss:GetObject`). */
  operation: string;
  bucket?: string | undefined;
  key?: string | undefined;
}

/**
 * Operations whose resources are only known once the handler reads the body: DeleteMultipleObjects
 * needs `oss:DeleteObject` on each listed key, so its handler authorizes per key.
 */
export const AUTHORIZED_BY_HANDLER: ReadonlySet<string> = new Set(['DeleteMultipleObjects', 'PostObject']);

/** The decision for a principal; `Allow` for account keys and anonymous callers. */
export function decide(principal: Principal, region: string, request: AccessRequest): PolicyDecision {
  if (principal.kind !== 'sts') return 'Allow';
  const action = request.operation.startsWith('oss:') ? request.operation : ramActionOf(request.operation);
  const resource = ossResourceArn(region, principal.role.account, request.bucket, request.key);
  return evaluateAll(principal.policies, { action, resource });
}

/** Throw OSS's RAM `AccessDenied` unless the principal may do `request`. */
export function authorize(principal: Principal, region: string, request: AccessRequest): void {
  const decision = decide(principal, region, request);
  if (decision === 'Allow') return;
  throw ossError('AccessDenied', {
    message: "Access denied by authorizer's policy.",
    // OSS documents an EC for the explicit deny only; none is invented for the implicit one.
    ec: decision === 'ExplicitDeny' ? '0003-00000201' : undefined,
    details: {
      AuthAction: request.operation.startsWith('oss:') ? request.operation : ramActionOf(request.operation),
      NoPermissionType: decision,
    },
  });
}
