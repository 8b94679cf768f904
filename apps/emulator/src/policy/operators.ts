/**
 * The comparison behind each RAM condition operator, and how an operator name reads: String*,
 * Numeric*, Date*, `Bool`, `IpAddress` / `NotIpAddress`
 * (https://www.alibabacloud.com/help/en/ram/conditional-operator), and the `Null` key-presence
 * check, the `…IfExists` suffix and the `ForAnyValue:` / `ForAllValues:` set qualifiers, which
 * that page does not describe: they follow the usual policy-language reading [unverified]
 * (conditions.ts `keyHolds`).
 */
import { BlockList, isIP } from 'node:net';
import { matchesPattern } from './patterns.js';

/** Whether a request value matches one policy value. */
export type Compare = (actual: string, expected: string) => boolean;

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

/** An operator name, read. */
export type Operator =
  | {
      kind: 'compare';
      compare: Compare;
      /** `StringNotEquals`, `NotIpAddress`, …: holds when no policy value matches. */
      negated: boolean;
      /** `…IfExists`: a key the request lacks makes it hold. */
      ifExists: boolean;
      /** `ForAnyValue:` / `ForAllValues:`; `undefined` for a plain operator. */
      set?: 'any' | 'all';
    }
  /** `Null`: `true` holds when the key is absent, `false` when it is present. */
  | { kind: 'null' };

const SET_QUALIFIERS: Readonly<Record<string, 'any' | 'all'>> = { foranyvalue: 'any', forallvalues: 'all' };

/**
 * Read an operator name (case-insensitive, like RAM's keys): `undefined` for one RAM does not
 * have. `Null` takes neither the suffix nor a qualifier.
 */
export function parseOperator(name: string): Operator | undefined {
  let rest = name.toLowerCase();
  let set: 'any' | 'all' | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    set = SET_QUALIFIERS[rest.slice(0, colon)];
    if (set === undefined) return undefined;
    rest = rest.slice(colon + 1);
  }
  if (rest === 'null') return set === undefined ? { kind: 'null' } : undefined;
  const ifExists = rest.endsWith('ifexists');
  if (ifExists) rest = rest.slice(0, -'ifexists'.length);
  const positive = NEGATED[rest] ?? rest;
  const compare = OPERATORS[positive];
  if (compare === undefined) return undefined;
  const operator: Operator = { kind: 'compare', compare, negated: positive !== rest, ifExists };
  if (set !== undefined) operator.set = set;
  return operator;
}
