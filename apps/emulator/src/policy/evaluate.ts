/**
 * Policy evaluation as OSS describes it for RAM and bucket policies
 * (https://www.alibabacloud.com/help/en/oss/user-guide/how-oss-works-with-ram): an explicit Deny
 * that matches wins; otherwise a matching Allow allows; otherwise the request is implicitly
 * denied. `Action` and `Resource` patterns take `*` (any run of characters) and `?` (one
 * character); action names compare case-insensitively, resources case-sensitively (RAM:
 * https://www.alibabacloud.com/help/en/ram/user-guide/policy-elements).
 *
 * Conditions are evaluated with the request's values (conditions.ts) when the request carries a
 * `context`. A condition the emulator cannot decide (a key it has no value for, an unknown
 * operator), or any condition when no context is given, is taken the safe way: an Allow never
 * matches, a Deny always does, so a policy is never more permissive here than on OSS.
 */
import { evaluateCondition } from './conditions.js';
import type { ConditionContext } from './conditions.js';
import { matchesPattern } from './patterns.js';
import type { PolicyDocument, PolicyStatement } from './policy-document.js';

/** What a request asks for, in policy terms. */
export interface PolicyRequest {
  /** RAM action, e.g. `oss:PutObject`. */
  action: string;
  /** Resource ARN, e.g. `acs:oss:cn-hangzhou:1234567890:examplebucket/users/42/a.txt`. */
  resource: string;
  /**
   * Who asks, for statements with a `Principal` (bucket policies): account id, RAM ids or ARNs,
   * matched against the statement's Principal patterns. Statements with a Principal match only a
   * listed one, or `*`.
   */
  principals?: readonly string[];
  /**
   * The requester is the bucket owner. A bucket policy's `Principal: *` statement without a
   * Condition does not apply to the owner; with a Condition it does
   * (https://www.alibabacloud.com/help/en/oss/user-guide/bucket-policy, "How it works").
   */
  bucketOwner?: boolean;
  /** The request's condition values; without it every Condition is taken the safe way. */
  context?: ConditionContext;
}

/** The outcome: allowed, or denied by a matching Deny, or denied because nothing allows it. */
export type PolicyDecision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

function anyMatches(list: readonly string[], value: string, ignoreCase: boolean): boolean {
  return list.some((pattern) => matchesPattern(pattern, value, ignoreCase));
}

function statementMatches(statement: PolicyStatement, request: PolicyRequest): boolean {
  const actionOk = statement.Action
    ? anyMatches(statement.Action, request.action, true)
    : !anyMatches(statement.NotAction ?? [], request.action, true);
  if (!actionOk) return false;
  if (statement.Resource && !anyMatches(statement.Resource, request.resource, false)) return false;
  if (statement.NotResource && anyMatches(statement.NotResource, request.resource, false)) return false;
  if (statement.Principal) {
    const principals = request.principals ?? [];
    const wildcardApplies = !request.bucketOwner || statement.Condition !== undefined;
    const listed = (p: string) =>
      p === '*' ? wildcardApplies : principals.some((id) => matchesPattern(p, id));
    if (!statement.Principal.some(listed)) return false;
  }
  return true;
}

/** Whether the statement's Condition holds: true, false, or undecidable (taken the safe way). */
function conditionHolds(statement: PolicyStatement, request: PolicyRequest): boolean | 'undecidable' {
  if (statement.Condition === undefined) return true;
  return request.context === undefined
    ? 'undecidable'
    : evaluateCondition(statement.Condition, request.context);
}

/**
 * Evaluate one policy for one request: `ExplicitDeny` if a Deny statement matches, else `Allow` if
 * an Allow statement matches, else `ImplicitDeny`.
 *
 * @example
 * ```ts
 * evaluatePolicy(parsePolicy(json), { action: 'oss:PutObject', resource: 'acs:oss:*:*:b/users/42/a' });
 * // → 'Allow' | 'ExplicitDeny' | 'ImplicitDeny'
 * ```
 */
export function evaluatePolicy(policy: PolicyDocument, request: PolicyRequest): PolicyDecision {
  let allowed = false;
  for (const statement of policy.Statement) {
    if (statement.Effect === 'Deny') {
      // An undecidable condition counts as holding: the Deny applies.
      if (statementMatches(statement, request) && conditionHolds(statement, request) !== false)
        return 'ExplicitDeny';
    } else if (!allowed) {
      // An undecidable condition counts as failing: the Allow does not apply.
      allowed = statementMatches(statement, request) && conditionHolds(statement, request) === true;
    }
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}

/**
 * Evaluate policies that must ALL allow (an STS session: the role's policy intersected with the
 * session policy, https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerole):
 * any explicit Deny wins, then any implicit deny, else Allow. An empty list allows.
 */
export function evaluateAll(policies: readonly PolicyDocument[], request: PolicyRequest): PolicyDecision {
  const decisions = policies.map((policy) => evaluatePolicy(policy, request));
  if (decisions.includes('ExplicitDeny')) return 'ExplicitDeny';
  return decisions.includes('ImplicitDeny') ? 'ImplicitDeny' : 'Allow';
}
