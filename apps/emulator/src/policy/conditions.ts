/**
 * The `Condition` element of RAM and bucket policies, evaluated against a request's real values.
 * Operators are RAM's (https://www.alibabacloud.com/help/en/ram/conditional-operator): String*,
 * Numeric*, Date*, `Bool`, `IpAddress` / `NotIpAddress`. Within a statement every operator and
 * every key must hold (AND; https://www.alibabacloud.com/help/en/oss/user-guide/authorization-syntax-and-elements);
 * a key given several values holds when any value matches, or, for a negated operator, when none
 * does.
 *
 * A key the request does not carry (no `Referer`, no `oss:Prefix` outside listings) makes a
 * positive operator false and a negated one true. RAM does not document this case [unverified];
 * it is the reading that makes OSS's own example hold: a Deny with `StringNotEquals
 * acs:SourceVpc` refuses a request that did not come through that VPC
 * (https://help.aliyun.com/zh/oss/support/0003-00000101).
 *
 * A key or operator outside {@link CONDITION_KEYS} and the operators above cannot be decided here:
 * the evaluator then takes the statement the safe way (see evaluate.ts).
 */
import { BlockList, isIP } from 'node:net';
import { matchesPattern } from './patterns.js';

/**
 * The condition keys the emulator knows the value of (lower-case; RAM keys compare
 * case-insensitively). A key is absent from a request's context when the request does not carry
 * it; `acs:SourceVpc` is always absent, since nothing reaches the emulator through a VPC.
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
]);

/** The request's condition values, by lower-case key; a missing key is one the request lacks. */
export type ConditionContext = Readonly<Record<string, string | undefined>>;

/** Whether the condition block holds, or 'undecidable' (a key or operator the emulator lacks). */
export type ConditionOutcome = boolean | 'undecidable';

type Compare = (actual: string, expected: string) => boolean;

function numeric(test: (a: number, b: number) => boolean): Compare {
  return (actual, expected) => {
    const [a, b] = [Number(actual), Number(expected)];
    return (
      actual.trim() !== '' && expected.trim() !== '' && Number.isFinite(a) && Number.isFinite(b) && test(a, b)
    );
  };
}

function date(test: (a: number, b: number) => boolean): Compare {
  return (actual, expected) => {
    const [a, b] = [Date.parse(actual), Date.parse(expected)];
    return Number.isFinite(a) && Number.isFinite(b) && test(a, b);
  };
}

/** Strips the IPv4-mapped IPv6 prefix a dual-stack socket reports (`::ffff:127.0.0.1`). */
function plainIp(address: string): string {
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}

/** Whether `actual` is in `expected`: an address or a CIDR block, IPv4 or IPv6. */
function inIpRange(actual: string, expected: string): boolean {
  const ip = plainIp(actual);
  const [base = '', bits] = expected.trim().split('/');
  const family = isIP(base);
  if (family === 0 || isIP(ip) !== family) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) return false;
  const list = new BlockList();
  list.addSubnet(base, prefix, type);
  return list.check(ip, type);
}

/** Positive operators; each negated one is `Not` of its positive twin. */
const OPERATORS: Readonly<Record<string, Compare>> = {
  stringequals: (a, e) => a === e,
  stringequalsignorecase: (a, e) => a.toLowerCase() === e.toLowerCase(),
  stringlike: (a, e) => matchesPattern(e, a),
  numericequals: numeric((a, b) => a === b),
  numericlessthan: numeric((a, b) => a < b),
  numericlessthanequals: numeric((a, b) => a <= b),
  numericgreaterthan: numeric((a, b) => a > b),
  numericgreaterthanequals: numeric((a, b) => a >= b),
  dateequals: date((a, b) => a === b),
  datelessthan: date((a, b) => a < b),
  datelessthanequals: date((a, b) => a <= b),
  dategreaterthan: date((a, b) => a > b),
  dategreaterthanequals: date((a, b) => a >= b),
  bool: (a, e) => a.toLowerCase() === e.toLowerCase(),
  ipaddress: inIpRange,
};

/** Negated operators and the positive one they invert. */
const NEGATED: Readonly<Record<string, string>> = {
  stringnotequals: 'stringequals',
  stringnotequalsignorecase: 'stringequalsignorecase',
  stringnotlike: 'stringlike',
  numericnotequals: 'numericequals',
  datenotequals: 'dateequals',
  notipaddress: 'ipaddress',
};

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
    const operator = operatorName.toLowerCase();
    const positive = NEGATED[operator] ?? operator;
    const compare = OPERATORS[positive];
    if (compare === undefined || keys === null || typeof keys !== 'object' || Array.isArray(keys))
      return 'undecidable';
    const negated = positive !== operator;
    for (const [keyName, raw] of Object.entries(keys as Record<string, unknown>)) {
      const key = keyName.toLowerCase();
      const expected = valuesOf(raw);
      if (!CONDITION_KEYS.has(key) || expected === undefined) {
        undecidable = true;
        continue;
      }
      const actual = context[key];
      const anyMatch = actual !== undefined && expected.some((value) => compare(actual, value));
      if (negated ? anyMatch : !anyMatch) return false;
    }
  }
  return undecidable ? 'undecidable' : true;
}
