/**
 * CORS rule matching, as OSS evaluates a bucket's rules: in order, the first rule whose
 * `AllowedOrigin`, `AllowedMethod` and `AllowedHeader` lists all accept the request wins
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketcors, "CORS rule matching").
 */
import type { CorsConfiguration, CorsRule } from '@ossbox/protocol';

/** What a cross-origin request asks for. */
export interface CorsRequest {
  /** The `Origin` header. */
  origin: string;
  /** The request method, or `Access-Control-Request-Method` for a preflight. */
  method: string;
  /** Entries of `Access-Control-Request-Headers` (preflight only); empty for actual requests. */
  headers: readonly string[];
}

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;

/**
 * Whether `value` matches `pattern`, where each `*` stands for any run of characters (OSS allows
 * one per origin or header pattern). Origins compare exactly; header names case-insensitively.
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (!pattern.includes('*')) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  const source = pattern.split('*').map((part) => part.replace(REGEX_SPECIALS, '\\$&')).join('.*');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/** Split `Access-Control-Request-Headers` (comma-separated) into trimmed, non-empty names. */
export function parseRequestHeaders(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

function ruleMatches(rule: CorsRule, request: CorsRequest): boolean {
  return (
    rule.allowedOrigins.some((pattern) => wildcardMatch(pattern, request.origin)) &&
    rule.allowedMethods.includes(request.method) &&
    request.headers.every((header) => rule.allowedHeaders.some((pattern) => wildcardMatch(pattern, header, true)))
  );
}

/** The first rule of `config` that accepts `request`, or undefined. */
export function matchCorsRule(config: CorsConfiguration, request: CorsRequest): CorsRule | undefined {
  return config.rules.find((rule) => ruleMatches(rule, request));
}
