import { describe, expect, it } from 'vitest';
import { callbackRequestTarget, CallbackUrlError, isValidCallbackUrl, normalizeCallbackUrl, parseCallbackUrl } from './url.js';

describe('normalizeCallbackUrl', () => {
  it('adds http:// to scheme-less URLs from the docs (§1.3) and keeps others', () => {
    expect(normalizeCallbackUrl('121.43.113.8:23456/index.html')).toBe('http://121.43.113.8:23456/index.html');
    expect(normalizeCallbackUrl('www.aliyuncs.com')).toBe('http://www.aliyuncs.com');
    expect(normalizeCallbackUrl('https://a.com/x')).toBe('https://a.com/x');
    expect(normalizeCallbackUrl('HTTP://a.com')).toBe('HTTP://a.com');
  });
});

describe('isValidCallbackUrl', () => {
  it('accepts the URLs used in the docs and SDK tests', () => {
    for (const url of [
      '121.43.113.8:23456/index.html', // §1.3 doc example
      'www.aliyuncs.com', // §1.3 Go tests
      'http://oss-demo.aliyuncs.com:23450', // §2.5 doc parameter example
      'http://app.server.com/callback?id=1&name=%E6%9D%AD%E5%B7%9E', // §2.5 Ruby vector
      'https://callback1.com',
      'http://127.0.0.1:8088/test.php?',
    ]) {
      expect(isValidCallbackUrl(url)).toBe(true);
    }
  });

  it('rejects bad ports, other schemes, blanks and hosts that are missing', () => {
    for (const url of ['10.101.166.30:test', 'a.com:0', 'a.com:99999', 'ftp://a.com', 'mailto://a', '', 'http://', 'a .com', 'a.com/\t']) {
      expect(isValidCallbackUrl(url)).toBe(false);
    }
  });
});

describe('callbackRequestTarget', () => {
  it('keeps path and query exactly as written, a lone "?" included (§2.3)', () => {
    expect(callbackRequestTarget('http://121.43.113.8/index.php?id=1&index=2')).toBe('/index.php?id=1&index=2');
    expect(callbackRequestTarget('http://app.server.com/callback?')).toBe('/callback?');
    expect(callbackRequestTarget('http://a.com/%E6%9D%AD?q=%20')).toBe('/%E6%9D%AD?q=%20');
  });

  it('uses "/" for URLs without a path and drops the fragment', () => {
    expect(callbackRequestTarget('oss-demo.aliyuncs.com:23450')).toBe('/');
    expect(callbackRequestTarget('https://a.com?x=1')).toBe('/?x=1');
    expect(callbackRequestTarget('https://a.com/p#frag')).toBe('/p');
    expect(callbackRequestTarget('https://user@a.com:8/p')).toBe('/p');
  });
});

describe('parseCallbackUrl', () => {
  it('adds http:// to a URL without scheme (doc example on the Callback page)', () => {
    expect(parseCallbackUrl('121.43.113.8:23456/index.html')).toEqual({
      url: 'http://121.43.113.8:23456/index.html',
      protocol: 'http:',
      hostname: '121.43.113.8',
      port: 23456,
      host: '121.43.113.8:23456',
      requestTarget: '/index.html',
    });
  });

  it('keeps the path and query exactly as written, a lone trailing ? included', () => {
    expect(parseCallbackUrl('http://a.example/cb?').requestTarget).toBe('/cb?');
    expect(parseCallbackUrl('http://a.example/%E6%9D%AD/./x?id=1&n=%20').requestTarget).toBe('/%E6%9D%AD/./x?id=1&n=%20');
    expect(parseCallbackUrl('http://a.example/a%2Fb').requestTarget).toBe('/a%2Fb');
  });

  it('uses / for an empty path and drops the fragment', () => {
    expect(parseCallbackUrl('http://a.example').requestTarget).toBe('/');
    expect(parseCallbackUrl('http://a.example?x=1').requestTarget).toBe('/?x=1');
    expect(parseCallbackUrl('http://a.example/p?q#frag').requestTarget).toBe('/p?q');
  });

  it('percent-encodes only characters that cannot go on a request line', () => {
    expect(parseCallbackUrl('http://a.example/杭州?a=é').requestTarget).toBe('/%E6%9D%AD%E5%B7%9E?a=%C3%A9');
  });

  it('derives host, port and https defaults', () => {
    const t = parseCallbackUrl('HTTPS://Example.COM/cb');
    expect(t).toMatchObject({ protocol: 'https:', hostname: 'example.com', port: 443, host: 'example.com' });
    expect(parseCallbackUrl('http://example.com:80/').host).toBe('example.com');
    expect(parseCallbackUrl('http://[::1]:8080/x')).toMatchObject({ hostname: '::1', host: '[::1]:8080', port: 8080 });
  });

  it('rejects a user part and backslashes, where URL parsers disagree on the host (issue 15)', () => {
    for (const url of [
      'http://user@127.0.0.1:9001/',
      'http://127.0.0.1:9001\\@example.com/',
      'http://example.com:80@127.0.0.1:9001/',
      'http://127.0.0.1:9001\\example.com/',
      'http://example.com/a\\b',
      'user@example.com/cb',
    ]) {
      expect(() => parseCallbackUrl(url), url).toThrow(CallbackUrlError);
      expect(isValidCallbackUrl(url), url).toBe(false);
    }
  });

  it('rejects other schemes, bad ports and user info', () => {
    expect(() => parseCallbackUrl('ftp://a.example/x')).toThrow(CallbackUrlError);
    expect(() => parseCallbackUrl('10.101.166.30:test')).toThrow(CallbackUrlError);
    expect(() => parseCallbackUrl('http://user:pw@a.example/')).toThrow(CallbackUrlError);
    expect(() => parseCallbackUrl('http:///path')).toThrow(CallbackUrlError);
  });
});
