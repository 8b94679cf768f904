import { describe, expect, it } from 'vitest';
import type { CorsConfiguration, CorsRule } from '@ossbox/protocol';
import { matchCorsRule, parseRequestHeaders, wildcardMatch } from './match.js';

const rule = (over: Partial<CorsRule>): CorsRule => ({
  allowedOrigins: ['*'],
  allowedMethods: ['GET'],
  allowedHeaders: [],
  exposeHeaders: [],
  ...over,
});
const config = (...rules: CorsRule[]): CorsConfiguration => ({ rules, responseVary: false });

describe('wildcardMatch', () => {
  it.each([
    ['*', 'http://anything:1234', true],
    ['http://*.example.com', 'http://www.example.com', true],
    ['http://*.example.com', 'http://a.b.example.com', true],
    ['http://*.example.com', 'http://example.com', false],
    ['http://*.example.com', 'https://www.example.com', false],
    ['http://127.0.0.1:*', 'http://127.0.0.1:5173', true],
    ['http://127.0.0.1:5173', 'http://127.0.0.1:5174', false],
    // Regex metacharacters in a pattern are literal.
    ['http://a.b', 'http://aXb', false],
    ['http://(x)+', 'http://(x)+', true],
  ])('origin %s vs %s → %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });

  it('compares origins exactly and header names case-insensitively', () => {
    expect(wildcardMatch('http://Example.com', 'http://example.com')).toBe(false);
    expect(wildcardMatch('X-OSS-Meta-*', 'x-oss-meta-author', true)).toBe(true);
    expect(wildcardMatch('content-type', 'Content-Type', true)).toBe(true);
  });
});

describe('parseRequestHeaders', () => {
  it('splits on commas, trims and drops empty entries', () => {
    expect(parseRequestHeaders(' content-type ,x-oss-date,, ')).toEqual(['content-type', 'x-oss-date']);
    expect(parseRequestHeaders(undefined)).toEqual([]);
  });
});

describe('matchCorsRule', () => {
  const request = (over: Partial<{ origin: string; method: string; headers: string[] }> = {}) => ({
    origin: 'http://127.0.0.1:5173',
    method: 'PUT',
    headers: [] as string[],
    ...over,
  });

  it('returns undefined when no rule matches origin, method or headers', () => {
    const c = config(rule({ allowedOrigins: ['http://127.0.0.1:5173'], allowedMethods: ['PUT'], allowedHeaders: ['content-type'] }));
    expect(matchCorsRule(c, request())).toBeDefined();
    expect(matchCorsRule(c, request({ origin: 'http://127.0.0.1:8080' }))).toBeUndefined();
    expect(matchCorsRule(c, request({ method: 'DELETE' }))).toBeUndefined();
    expect(matchCorsRule(c, request({ headers: ['content-type', 'x-oss-meta-a'] }))).toBeUndefined();
    expect(matchCorsRule(config(), request())).toBeUndefined();
  });

  it('needs every requested header to match some AllowedHeader, case-insensitively, * allowed', () => {
    const c = config(rule({ allowedMethods: ['PUT'], allowedHeaders: ['Content-Type', 'x-oss-*'] }));
    expect(matchCorsRule(c, request({ headers: ['content-type', 'X-OSS-CALLBACK', 'x-oss-date'] }))).toBeDefined();
    expect(matchCorsRule(c, request({ headers: ['authorization'] }))).toBeUndefined();
    const any = config(rule({ allowedMethods: ['PUT'], allowedHeaders: ['*'] }));
    expect(matchCorsRule(any, request({ headers: ['authorization', 'x-anything'] }))).toBeDefined();
  });

  it('compares methods exactly (browsers send them uppercase)', () => {
    const c = config(rule({ allowedMethods: ['POST'] }));
    expect(matchCorsRule(c, request({ method: 'POST' }))).toBeDefined();
    expect(matchCorsRule(c, request({ method: 'post' }))).toBeUndefined();
  });

  it('returns the first matching rule in document order', () => {
    const first = rule({ allowedOrigins: ['http://*'], allowedMethods: ['PUT'], exposeHeaders: ['ETag'] });
    const second = rule({ allowedOrigins: ['*'], allowedMethods: ['PUT', 'GET'], exposeHeaders: ['x-oss-request-id'] });
    expect(matchCorsRule(config(first, second), request())).toBe(first);
    expect(matchCorsRule(config(first, second), request({ method: 'GET' }))).toBe(second);
    expect(matchCorsRule(config(second, first), request())).toBe(second);
  });
});
