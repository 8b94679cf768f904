/**
 * Policy evaluation as OSS describes it for RAM and bucket policies
 * (https://www.alibabacloud.com/help/en/oss/user-guide/how-oss-works-with-ram): an explicit Deny
 * that matches wins; otherwise a matching Allow allows; otherwise the request is implicitly
 * denied. `Action` and `Resource` patterns take `*` (any run of characters) and `?` (one
 * character); action names compare case-insensitively, resources case-sensitively (RAM:
 * https://www.alibabacloud.com/help/en/ram/user-guide/policy-elements).
 *
 * Conditions are not evaluated: a statement with a `Condition` is taken the safe way (an Allow
 * never matches, a Deny always does), so a policy is never more permissive here than on OSS.
 */
import type { PolicyDocument, PolicyStatement } from './policy-document.js';

/** What a request asks for, in policy terms. */
export interface PolicyRequest {
  /** RAM action, e.g. `oss:PutObject`. */
  action: string;
  /** Resource ARN, e.g. `acs:oss:cn-hangzhou:1234567890:examplebucket/users/42/a.txt`. */
  resource: string;
  /**
   * Who asks, for statements with a `Principal` (bucket policies): account id, RAM ids or ARNs.
   * Statements with a Principal match only a listed one, or `*`.
   */
  principals?: readonly string[];
}

/** The outcome: allowed, or denied by a matching Deny, or denied because nothing allows it. */
export type PolicyDecision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

const patterns = new Map<string, RegExp>();

/** Whether `value` matches a RAM wildcard pattern (`*`, `?`). */
export function matchesPattern(pattern: string, value: string, ignoreCase = false): boolean {
  const cacheKey = `${ignoreCase ? 'i' : 's'}:${pattern}`;
  let regex = patterns.get(cacheKey);
  if (regex === undefined) {
    const source = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    if (patterns.size > 10_000) patterns.clear();
    patterns.set(cacheKey, regex);
  }
  return regex.test(value);
}

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
    if (!statement.Principal.some((p) => p === '*' || principals.includes(p))) return false;
  }
  return true;
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
    const conditional = statement.Condition !== undefined;
    if (statement.Effect === 'Deny') {
      if (statementMatches(statement, request)) return 'ExplicitDeny';
    } else if (!conditional && !allowed) {
      allowed = statementMatches(statement, request);
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
