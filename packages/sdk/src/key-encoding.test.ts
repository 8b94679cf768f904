/**
 * Keys with `.`/`..` segments reach OSS unchanged: URL parsers drop dot segments (and `%2E` ones),
 * so such keys travel with every `/` as `%2F` (encodeKey). Keys that are only `.` or `..` cannot
 * be sent at all and are refused before any request.
 */
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { InvalidArgumentError } from './errors.js';
import { clientFor, useFakeOss } from './test-support/setup.js';
import { encodeKey, hasDotSegment } from './transport.js';

const { fake } = useFakeOss();
const KEY = 'dot/./seg/../x.txt';

describe('encodeKey', () => {
  it('keeps `/` readable unless a segment is `.` or `..`', () => {
    expect(encodeKey('dir/a b+c.txt')).toBe('dir/a%20b%2Bc.txt');
    expect(encodeKey('a..b/.hidden/x.')).toBe('a..b/.hidden/x.');
    expect(encodeKey(KEY)).toBe('dot%2F.%2Fseg%2F..%2Fx.txt');
    expect(encodeKey('trailing/..')).toBe('trailing%2F..');
    expect(encodeKey('./lead')).toBe('.%2Flead');
    expect(hasDotSegment('a/.b/c.')).toBe(false);
  });

  it('gives a path no URL parser rewrites', () => {
    for (const key of [KEY, 'trailing/..', './lead', 'a/../../b']) {
      const path = `/bucket/${encodeKey(key)}`;
      expect(new URL(path, 'http://h').pathname).toBe(path);
      expect(decodeURIComponent(path.slice('/bucket/'.length))).toBe(key);
    }
  });
});

describe('keys with dot segments', () => {
  it.each(['v4', 'v1'] as const)(
    'round trip through put, head, get, list and delete (%s, signatures verified)',
    async (signatureVersion) => {
      const bucket = clientFor(fake, { signatureVersion }).getBucket('test-bucket');
      await bucket.putObject(KEY, { body: 'dots' });
      expect(fake.requests[0]?.url).toBe('/test-bucket/dot%2F.%2Fseg%2F..%2Fx.txt');
      expect(fake.buckets.get('test-bucket')?.has(KEY)).toBe(true);
      expect((await bucket.headObject(KEY)).size).toBe(4);
      const { body } = await bucket.getObject(KEY);
      expect(Buffer.concat(await body!.toArray()).toString()).toBe('dots');
      expect((await bucket.listObjectsPage({ prefix: 'dot/' })).contents.map((o) => o.key)).toEqual([KEY]);
      await bucket.deleteObject(KEY);
      expect(fake.buckets.get('test-bucket')?.has(KEY)).toBe(false);
    },
  );

  it.each(['v4', 'v1'] as const)(
    'signatureUrl links keep the key through a WHATWG URL parser (%s)',
    async (version) => {
      const bucket = clientFor(fake).getBucket('test-bucket');
      await bucket.putObject(KEY, { body: 'linked' });
      const url = bucket.signatureUrl(KEY, { expires: 60, version });
      // What a browser does with the link before requesting it.
      expect(new URL(url).pathname).toBe('/test-bucket/dot%2F.%2Fseg%2F..%2Fx.txt');
      const res = await request(url);
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toBe('linked');
    },
  );

  it('refuses the keys "." and ".." with InvalidArgumentError before sending anything', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    for (const key of ['.', '..']) {
      await expect(bucket.putObject(key, { body: 'x' })).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(() => bucket.signatureUrl(key)).toThrow(InvalidArgumentError);
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a key with a lone UTF-16 surrogate with InvalidArgumentError (it has no UTF-8 form), and sends a paired one', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    for (const key of ['lone-\uD83D.txt', 'lone-\uDE00.txt', '\uDE00\uD83D']) {
      await expect(bucket.putObject(key, { body: 'x' })).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(() => bucket.signatureUrl(key)).toThrow(InvalidArgumentError);
    }
    expect(fake.requests).toHaveLength(0);
    await bucket.putObject('pair-\uD83D\uDE00.txt', { body: 'x' });
    expect(fake.requests).toHaveLength(1);
  });
});
