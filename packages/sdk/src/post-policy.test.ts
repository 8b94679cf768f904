import { checkPostPolicy, parsePostPolicy, verifyPostSignature } from '@ossbox/protocol';
import { describe, expect, it } from 'vitest';
import { Callback } from './callback.js';
import { Client } from './client.js';
import { InvalidArgumentError } from './errors.js';

const DATE = new Date('2024-05-01T12:00:00Z');
const client = (extra: Partial<ConstructorParameters<typeof Client>[0]> = {}) =>
  new Client({ endpoint: 'http://127.0.0.1:9000', accessKeyId: 'ak', accessKeySecret: 'sk', ...extra });
const lookupSecret = (id: string) => (id === 'ak' ? 'sk' : undefined);
const decode = (policy: string | undefined) => JSON.parse(Buffer.from(policy ?? '', 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };

describe('createPostPolicy', () => {
  it('V4 by default: the documented fields, a policy pinning bucket, key prefix, size and the signing fields', () => {
    const form = client().getBucket('photos').createPostPolicy({ keyPrefix: 'user/eric/', expires: 600, contentLengthRange: { min: 1, max: 1024 }, date: DATE });
    expect(form.url).toBe('http://127.0.0.1:9000/photos/');
    expect(form.expiration.toISOString()).toBe('2024-05-01T12:10:00.000Z');
    expect(Object.keys(form.fields)).toEqual(['key', 'policy', 'x-oss-signature-version', 'x-oss-credential', 'x-oss-date', 'x-oss-signature']);
    expect(form.fields).toMatchObject({
      key: 'user/eric/${filename}',
      'x-oss-signature-version': 'OSS4-HMAC-SHA256',
      'x-oss-credential': 'ak/20240501/cn-hangzhou/oss/aliyun_v4_request',
      'x-oss-date': '20240501T120000Z',
    });
    expect(form.fields['x-oss-signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(decode(form.fields.policy)).toEqual({
      expiration: '2024-05-01T12:10:00.000Z',
      conditions: [
        { bucket: 'photos' },
        ['starts-with', '$key', 'user/eric/'],
        ['content-length-range', 1, 1024],
        { 'x-oss-signature-version': 'OSS4-HMAC-SHA256' },
        { 'x-oss-credential': 'ak/20240501/cn-hangzhou/oss/aliyun_v4_request' },
        { 'x-oss-date': '20240501T120000Z' },
      ],
    });
    // The server side accepts it: signature, then every condition for a file under the prefix.
    const fields: Record<string, string> = { ...form.fields, key: 'user/eric/a.png' };
    expect(verifyPostSignature(fields, { lookupSecret, region: 'cn-hangzhou', now: DATE })).toEqual({ kind: 'v4', accessKeyId: 'ak' });
    expect(() => checkPostPolicy(parsePostPolicy(fields.policy ?? ''), fields, { bucket: 'photos', contentLength: 10, now: DATE })).not.toThrow();
  });

  it('V1: OSSAccessKeyId, policy, Signature; a fixed key, Content-Type and success_action_status are fields and conditions', () => {
    const form = client({ signatureVersion: 'v1' })
      .getBucket('photos')
      .createPostPolicy({ key: 'a b.txt', contentType: 'text/plain', successActionStatus: 201, date: DATE });
    expect(Object.keys(form.fields)).toEqual(['key', 'Content-Type', 'success_action_status', 'OSSAccessKeyId', 'policy', 'Signature']);
    expect(form.fields).toMatchObject({ key: 'a b.txt', 'Content-Type': 'text/plain', success_action_status: '201', OSSAccessKeyId: 'ak' });
    expect(decode(form.fields.policy).conditions).toEqual([
      { bucket: 'photos' },
      ['eq', '$key', 'a b.txt'],
      ['content-length-range', 0, 5 * 1024 ** 3],
      ['eq', '$Content-Type', 'text/plain'],
      ['eq', '$success_action_status', '201'],
    ]);
    expect(verifyPostSignature(form.fields, { lookupSecret, region: 'cn-hangzhou', now: DATE }).kind).toBe('v1');
    expect(() => checkPostPolicy(parsePostPolicy(form.fields.policy ?? ''), form.fields, { bucket: 'photos', contentLength: 3, now: DATE })).not.toThrow();
  });

  it('a callback becomes the Base64 callback field, a policy condition pinning it, and x: fields', () => {
    const callback = new Callback({ url: 'http://127.0.0.1:9001/cb', query: { user: 'u1' }, body: 'object=${object}&uid=${x:uid}', vars: { uid: '42' } });
    const form = client().getBucket('photos').createPostPolicy({ key: 'k', callback, date: DATE });
    expect(form.fields.callback).toBe(callback.toHeaders()['x-oss-callback']);
    expect(form.fields['x:uid']).toBe('42');
    expect(decode(form.fields.policy).conditions).toContainEqual({ callback: form.fields.callback });
    // Callback options are accepted too, and validated at the call.
    const fromOptions = client().getBucket('photos').createPostPolicy({ key: 'k', callback: { url: 'http://127.0.0.1:9001/cb', body: 'a=${object}' }, date: DATE });
    expect(JSON.parse(Buffer.from(fromOptions.fields.callback ?? '', 'base64').toString())).toMatchObject({ callbackUrl: 'http://127.0.0.1:9001/cb' });
  });

  it('STS: x-oss-security-token is a field and, with V4, a policy condition', () => {
    for (const signatureVersion of ['v4', 'v1'] as const) {
      const form = client({ securityToken: 'tok', signatureVersion }).getBucket('photos').createPostPolicy({ key: 'k', date: DATE });
      expect(form.fields['x-oss-security-token']).toBe('tok');
      if (signatureVersion === 'v4') expect(decode(form.fields.policy).conditions).toContainEqual({ 'x-oss-security-token': 'tok' });
    }
  });

  it('extra conditions are appended; a starts-with Content-Type leaves the field to the page', () => {
    const form = client().getBucket('photos').createPostPolicy({
      key: 'k',
      contentType: { startsWith: 'image/' },
      conditions: [['starts-with', '$x-oss-meta-tag', ''], { 'x-oss-object-acl': 'private' }],
      date: DATE,
    });
    expect(form.fields['Content-Type']).toBeUndefined();
    expect(decode(form.fields.policy).conditions.slice(3, 6)).toEqual([
      ['starts-with', '$Content-Type', 'image/'],
      ['starts-with', '$x-oss-meta-tag', ''],
      { 'x-oss-object-acl': 'private' },
    ]);
  });

  it('virtual-hosted endpoints POST to the bucket host', () => {
    const form = new Client({ endpoint: 'https://oss-cn-beijing.aliyuncs.com', accessKeyId: 'ak', accessKeySecret: 'sk' })
      .getBucket('photos')
      .createPostPolicy({ key: 'k', date: DATE });
    expect(form.url).toBe('https://photos.oss-cn-beijing.aliyuncs.com/');
    expect(form.fields['x-oss-credential']).toBe('ak/20240501/cn-beijing/oss/aliyun_v4_request');
  });

  it.each([
    ['no key and no prefix', {}, 'keyPrefix'],
    ['an empty prefix', { keyPrefix: '' }, 'keyPrefix'],
    ['both key and prefix', { key: 'a', keyPrefix: 'b/' }, 'key'],
    ['a key starting with /', { key: '/a' }, 'key'],
    ['a zero expiry', { key: 'a', expires: 0 }, 'expires'],
    ['a fractional expiry', { key: 'a', expires: 1.5 }, 'expires'],
    ['a V4 expiry past 7 days', { key: 'a', expires: 604801 }, 'expires'],
    ['an invalid date', { key: 'a', date: new Date('nope') }, 'date'],
    ['an inverted size range', { key: 'a', contentLengthRange: { min: 10, max: 1 } }, 'contentLengthRange'],
    ['a size range past 5 GiB', { key: 'a', contentLengthRange: { max: 5 * 1024 ** 3 + 1 } }, 'contentLengthRange'],
    ['a bad success_action_status', { key: 'a', successActionStatus: 302 }, 'successActionStatus'],
    ['a callback URL with a query', { key: 'a', callback: { url: 'http://h/cb?x=1', body: 'a=${object}' } }, 'url'],
    ['a condition OSS would reject', { key: 'a', conditions: [['lt', '$key', 'x']] }, 'conditions'],
    ['conditions that are not an array', { key: 'a', conditions: { key: 'a' } }, 'conditions'],
    ['a field over 2 MB', { key: 'a', callback: { url: 'http://h/cb', body: 'x'.repeat(2 * 1024 * 1024) } }, 'callback'],
  ])('rejects %s with InvalidArgumentError', (_name, options, argument) => {
    const call = () => client().getBucket('photos').createPostPolicy(options as never);
    expect(call).toThrow(InvalidArgumentError);
    try {
      call();
    } catch (err) {
      expect((err as InvalidArgumentError).argument).toBe(argument);
    }
  });

  it('V1 allows expiries past 7 days (only V4 forms are capped)', () => {
    const form = client({ signatureVersion: 'v1' }).getBucket('photos').createPostPolicy({ key: 'a', expires: 30 * 86400, date: DATE });
    expect(form.expiration.toISOString()).toBe('2024-05-31T12:00:00.000Z');
  });
});
