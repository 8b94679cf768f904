/**
 * The `Condition` element of RAM and bucket policies, evaluated against a request's real values.
 * Operators are RAM's (operators.ts): String*, Numeric*, Date*, `Bool`, `IpAddress` /
 * `NotIpAddress`, each also with the `…IfExists` suffix and the `ForAnyValue:` / `ForAllValues:`
 * qualifiers, and `Null` (see {@link keyHolds}). Within a statement every operator and
 * every key must hold (AND; https://www.alibabacloud.com/help/en/oss/user-guide/authorization-syntax-and-elements);
 * a key given several values holds when any value matches, or, for a negated operator, when none
 * does.
 *
 * A key the request does not carry (no `Referer`, no `oss:Prefix` outside listings) makes a
 * positive operator false and a negated one true, unless the operator tests presence (`Null`,
 * `…IfExists`, the set qualifiers). RAM does not document the plain case [unverified];
 * it is the reading that makes OSS's own example hold: a Deny with `StringNotEquals
 * acs:SourceVpc` refuses a request that did not come through that VPC
 * (https://help.aliyun.com/zh/oss/support/0003-00000101).
 *
 * A key or operator outside {@link CONDITION_KEYS} and the operators above cannot be decided here:
 * the evaluator then takes the statement the safe way (see evaluate.ts).
 */
import { parseOperator } from './operators.js';
import type { Operator } from './operators.js';

/**
 * The condition keys the emulator knows the value of (lower-case; RAM keys compare
 * case-insensitively). A key is absent from a request's context when the request does not carry
 * it; `acs:SourceVpc` is always absent, since nothing reaches the emulator through a VPC. The
 * `oss:` keys are those of OSS's key table ("Condition" in
 * https://www.alibabacloud.com/help/en/oss/user-guide/authorization-syntax-and-elements):
 * `oss:x-oss-acl` and `oss:x-oss-object-acl` are the request headers of the same name (PostObject:
 * the form field). `x-oss-forbid-overwrite`, `x-oss-storage-class` and other headers are not
 * condition keys there, so a policy naming them stays undecidable.
 */
export const CONDITION_KEYS: ReadonlySet<string> = new Set([
  'acs:sourceip',
  'acs:securetransport',
  'acs:currenttime',
  'acs:useragent',
  'acs:referer',
  'acs:accessid',
  'acs:sourcevpc',
  'oss:prefix',
  'oss:delimiter',
  'oss:x-oss-acl',
  'oss:x-oss-object-acl',
]);

/**
 * Key families named `<prefix><tag key>`: the prefix compares case-insensitively, the tag key as
 * written (OSS tag keys are case-sensitive). Their context keys are the lower-case prefix followed
 * by the tag key.
 */
export const CONDITION_KEY_PREFIXES: readonly string[] = ['oss:buckettag/', 'oss:existingobjecttag/', 'oss:requestobjecttag/'];

/** The context key a policy's key name reads, or `undefined` for a key the emulator lacks. */
function contextKeyOf(keyName: string): string | undefined {
  const key = keyName.toLowerCase();
  if (CONDITION_KEYS.has(key)) return key;
  const prefix = CONDITION_KEY_PREFIXES.find((p) => key.startsWith(p) && key.length > p.length);
  return prefix === undefined ? undefined : prefix + keyName.slice(prefix.length);
}

/**
 * A value the request has but the emulator cannot read when it checks access (the tags in a
 * PutObjectTagging body): a condition on it is undecidable. Given for a family's prefix key
 * (`oss:requestobjecttag/`), it stands for every key of the family the request does not set.
 */
export const UNKNOWN_VALUE: unique symbol = Symbol('unknown condition value');

/** The request's condition values, by context key; a missing key is one the request lacks. */
export type ConditionContext = Readonly<Record<string, string | typeof UNKNOWN_VALUE | undefined>>;

function valueOf(context: ConditionContext, key: string): string | typeof UNKNOWN_VALUE | undefined {
  const own = context[key];
  if (own !== undefined) return own;
  const prefix = CONDITION_KEY_PREFIXES.find((p) => key.startsWith(p));
  return prefix !== undefined && context[prefix] === UNKNOWN_VALUE ? UNKNOWN_VALUE : undefined;
}

/** Whether the condition block holds, or 'undecidable' (a key or operator the emulator lacks). */
export type ConditionOutcome = boolean | 'undecidable';

function valuesOf(raw: unknown): string[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) return undefined;
  const values: string[] = [];
  for (const value of list) {
    if (typeof value === 'string') values.push(value);
    else if (typeof value === 'number' || typeof value === 'boolean') values.push(String(value));
    else return undefined;
  }
  return values;
}

/**
 * Whether one key's test holds. A key the request lacks: `…IfExists` holds; `ForAllValues:` holds
 * and `ForAnyValue:` fails (the empty set); a plain negated operator holds, a positive one fails.
 * A present value is a one-element set: a plain or `ForAnyValue:`/`ForAllValues:` operator
 * holds when that value matches one of the policy's values (a negated one: matches none).
 */
function keyHolds(operator: Operator, actual: string | undefined, expected: readonly string[]): boolean {
  if (operator.kind === 'null') {
    const absent = actual === undefined;
    return expected.some((value) => (value.toLowerCase() === 'true' ? absent : value.toLowerCase() === 'false' && !absent));
  }
  if (actual === undefined) {
    if (operator.ifExists) return true;
    if (operator.set !== undefined) return operator.set === 'all';
    return operator.negated;
  }
  const matches = expected.some((value) => operator.compare(actual, value));
  return operator.negated ? !matches : matches;
}

/**
 * Evaluate a statement's `Condition` block against a request.
 *
 * @example
 * ```ts
 * evaluateCondition({ IpAddress: { 'acs:SourceIp': ['10.0.0.0/8'] } }, { 'acs:sourceip': '10.1.2.3' }); // true
 * ```
 */
export function evaluateCondition(
  condition: Readonly<Record<string, unknown>>,
  context: ConditionContext,
): ConditionOutcome {
  let undecidable = false;
  for (const [operatorName, keys] of Object.entries(condition)) {
    const operator = parseOperator(operatorName);
    if (operator === undefined || keys === null || typeof keys !== 'object' || Array.isArray(keys))
      return 'undecidable';
    for (const [keyName, raw] of Object.entries(keys as Record<string, unknown>)) {
      const key = contextKeyOf(keyName);
      const expected = valuesOf(raw);
      const actual = key === undefined ? UNKNOWN_VALUE : valueOf(context, key);
      if (actual === UNKNOWN_VALUE || expected === undefined) {
        undecidable = true;
        continue;
      }
      if (!keyHolds(operator, actual, expected)) return false;
    }
  }
  return undecidable ? 'undecidable' : true;
}
