import { describe, expect, it } from 'vitest';
import { adminTokenMatches, bearerToken, generateAdminToken, isLoopbackHost, isValidAdminToken } from './admin-token.js';

describe('admin token', () => {
  it('isLoopbackHost: only localhost, ::1 and 127/8 are loopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '[::]', '192.168.1.10', '10.0.0.1', 'example.com', '128.0.0.1', '::ffff:127.0.0.1x']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('generated tokens are valid, URL-safe and distinct', () => {
    const tokens = new Set(Array.from({ length: 20 }, generateAdminToken));
    expect(tokens.size).toBe(20);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(isValidAdminToken(token)).toBe(true);
    }
  });

  it('isValidAdminToken: 8+ characters that survive a header, a query and a cookie unescaped', () => {
    expect(isValidAdminToken('abcd-1234')).toBe(true);
    expect(isValidAdminToken('a.b_c~d-e')).toBe(true);
    for (const bad of ['', 'short', 'has space1', 'semi;colon', 'comma,token', 'per%cent12', 'quote"token']) {
      expect(isValidAdminToken(bad), bad).toBe(false);
    }
  });

  it('adminTokenMatches compares whole tokens only', () => {
    expect(adminTokenMatches('secret-token-1', 'secret-token-1')).toBe(true);
    for (const given of [undefined, '', 'secret-token-', 'secret-token-12', 'SECRET-TOKEN-1']) {
      expect(adminTokenMatches(given, 'secret-token-1'), String(given)).toBe(false);
    }
  });

  it('bearerToken reads "Bearer <token>" only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    for (const header of [undefined, '', 'abc', 'Basic abc', 'Bearer', 'Bearer a b']) expect(bearerToken(header), String(header)).toBeUndefined();
  });
});
