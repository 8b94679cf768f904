import { describe, expect, it } from 'vitest';
import { callbackRequestTarget, isValidCallbackUrl, normalizeCallbackUrl } from './url.js';

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
