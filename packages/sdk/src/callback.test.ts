import { describe, expect, it } from 'vitest';
import { crc64, decodeCallback, decodeCallbackVars } from '@ossbox/protocol';
import { Callback } from './callback.js';
import type { CallbackOptions } from './callback.js';
import { CallbackError, InvalidArgumentError, OssError } from './errors.js';
import type { Progress } from './object-headers.js';
import { clientFor, useFakeOss } from './test-support/setup.js';

const decodeJson = (b64: string | undefined): unknown => JSON.parse(Buffer.from(b64 ?? '', 'base64').toString('utf8'));

describe('Callback construction', () => {
  it('builds the issue example: scheme kept, query appended, Ruby key order', () => {
    const cb = new Callback({ url: 'http://oss-demo.aliyuncs.com:23450', query: { user: 'put_object' }, body: 'bucket=${bucket}&object=${object}' });
    const headers = cb.toHeaders();
    expect(Object.keys(headers)).toEqual(['x-oss-callback']);
    // Base64 of this exact JSON text (docs/callback-protocol.md §1.2–§1.3, key order as the Ruby SDK, §4.1).
    expect(Buffer.from(headers['x-oss-callback'] ?? '', 'base64').toString('utf8')).toBe(
      '{"callbackUrl":"http://oss-demo.aliyuncs.com:23450?user=put_object","callbackBody":"bucket=${bucket}&object=${object}","callbackBodyType":"application/x-www-form-urlencoded"}',
    );
    // And the server-side decoder accepts it.
    expect(decodeCallback(headers['x-oss-callback'] ?? '').urls).toEqual(['http://oss-demo.aliyuncs.com:23450?user=put_object']);
  });

  it('adds http:// without a scheme, keeps https, joins several URLs, encodes the query', () => {
    const cb = new Callback({
      url: ['127.0.0.1:8080/cb', 'https://example.com/hook'],
      query: { 'a b': 'c&d', n: 1 },
      body: '{"object":${object}}',
      contentType: 'application/json',
      host: 'cb.example.com',
      sni: true,
    });
    expect(cb.params.urls).toEqual(['http://127.0.0.1:8080/cb?a%20b=c%26d&n=1', 'https://example.com/hook?a%20b=c%26d&n=1']);
    expect(decodeJson(cb.toHeaders()['x-oss-callback'])).toEqual({
      callbackUrl: 'http://127.0.0.1:8080/cb?a%20b=c%26d&n=1;https://example.com/hook?a%20b=c%26d&n=1',
      callbackBody: '{"object":${object}}',
      callbackBodyType: 'application/json',
      callbackHost: 'cb.example.com',
      callbackSNI: true,
    });
  });

  it('rejects a URL with a query string, the Ruby SDK message', () => {
    const err = (() => {
      try {
        new Callback({ url: 'http://a.com/cb?x=1', body: 'b' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toBeInstanceOf(OssError);
    expect((err as InvalidArgumentError).code).toBe('InvalidArgument');
    expect((err as InvalidArgumentError).message).toBe('Query parameters should not appear in URL.');
  });

  it.each([
    [{ url: 'ftp://a.com', body: 'b' }, 'Only HTTP and HTTPS endpoint are accepted.'],
    [{ url: ['1', '2', '3', '4', '5', '6'].map((n) => `h${n}.com`), body: 'b' }, 'Callback accepts 1 to 5 URLs.'],
    [{ url: [], body: 'b' }, 'Callback accepts 1 to 5 URLs.'],
    [{ url: 'a.com', body: '' }, 'Callback body must be a non-empty string.'],
    [{ url: 'a.com', body: 'b', contentType: 'text/plain' }, 'Callback contentType must be application/x-www-form-urlencoded or application/json.'],
    [{ url: 'a.com;b.com', body: 'b' }, 'Callback url must not contain ";": pass several URLs as an array.'],
    [{ url: 'a.com', body: 'b', vars: { UID: '1' } }, 'Callback variable "x:UID" must be lowercase (OSS rejects uppercase names).'],
  ])('rejects %j', (options, message) => {
    expect(() => new Callback(options as never)).toThrow(message);
  });

  it('prefixes vars with x:, stringifies values, sends x-oss-callback-var', () => {
    const cb = new Callback({ url: 'a.com', body: 'uid=${x:uid}', vars: { uid: 1, 'x:order': 'o-2' } });
    const headers = cb.toHeaders();
    expect(decodeJson(headers['x-oss-callback-var'])).toEqual({ 'x:uid': '1', 'x:order': 'o-2' });
    expect(decodeCallbackVars(headers['x-oss-callback-var'] ?? '')).toEqual({ 'x:uid': '1', 'x:order': 'o-2' });
    expect(cb.toQuery()).toEqual({ callback: headers['x-oss-callback'], 'callback-var': headers['x-oss-callback-var'] });
  });
});

// Callback options are often a plain object (callback: { url, body } on an upload), where
// TypeScript does not flag an extra name. ali-oss spells the variables customValue: ignored, the
// callback went out without them, and ${x:uid} in the body reached the server empty.
describe('Callback option names', () => {
  const { fake } = useFakeOss();
  const base = { url: 'http://127.0.0.1:9/cb', body: 'uid=${x:uid}' };
  it.each([
    ['customValue', { uid: '42' }, 'vars'],
    ['callbackVar', { 'x:uid': '42' }, 'vars'],
    ['callbackUrl', 'http://127.0.0.1:9/cb', 'url'],
    ['callbackBody', 'a=1', 'body'],
    ['callbackHost', 'app.example.com', 'host'],
    ['callbackBodyType', 'application/json', 'contentType'],
    ['callbackSNI', true, 'sni'],
    ['var', { uid: '42' }, 'vars'],
  ])('refuses %s, saying what to write', (name, value, instead) => {
    const build = () => new Callback({ ...base, [name]: value } as unknown as CallbackOptions);
    expect(build).toThrow(new InvalidArgumentError(`Invalid option "${name}": unknown callback option; use ${instead}`, name));
    expect(build).toThrow(expect.objectContaining({ argument: name }));
  });

  it('refuses a name it cannot map, as an upload option too, before sending', async () => {
    expect(() => new Callback({ ...base, headers: {} } as unknown as CallbackOptions)).toThrow('Invalid option "headers": unknown callback option');
    const bucket = clientFor(fake).getBucket('test-bucket');
    await expect(bucket.putObject('k', { body: 'x', callback: { ...base, customValue: { uid: '42' } } as unknown as CallbackOptions })).rejects.toThrow(
      'Invalid option "customValue": unknown callback option; use vars',
    );
    expect(fake.requests).toEqual([]);
  });
});

describe('callbacks on uploads', () => {
  const { fake } = useFakeOss();
  const callback = new Callback({ url: 'http://127.0.0.1:9/cb', body: 'object=${object}&uid=${x:uid}', vars: { uid: 7 } });

  it('putObject returns the callback reply bytes and parsed JSON', async () => {
    fake.callbackOutcome = { kind: 'reply', body: '{"Status":"OK","n":1}' };
    const res = await clientFor(fake).getBucket('test-bucket').putObject('cb.txt', { body: 'x', callback });
    expect(res.callback?.body.toString()).toBe('{"Status":"OK","n":1}');
    expect(res.callback?.json).toEqual({ Status: 'OK', n: 1 });
    expect(res.etag).toBe('9DD4E461268C8034F5C8564E155C67A6');
    expect(fake.callbacks[0]?.vars).toEqual({ 'x:uid': '7' });
    expect(fake.requests[0]?.auth).toBe('v4');
  });

  it('a non-JSON reply never throws: bytes only', async () => {
    fake.callbackOutcome = { kind: 'reply', body: 'OK', contentType: 'text/plain' };
    const res = await clientFor(fake).getBucket('test-bucket').putObject('cb.txt', { body: 'x', callback });
    expect(res.callback?.body.toString()).toBe('OK');
    expect(res.callback && 'json' in res.callback).toBe(false);
  });

  it('a 203 still reports the body as acknowledged: OSS stored it before the callback failed', async () => {
    fake.callbackOutcome = { kind: 'fail', message: 'Error status : 500.', ec: '0007-00000203' };
    const events: Progress[] = [];
    const err = await clientFor(fake)
      .getBucket('test-bucket')
      .putObject('acked.txt', { body: 'hello', callback, onProgress: (p) => events.push(p) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallbackError);
    expect(events.at(-1)).toEqual({ loaded: 5, sent: 5, total: 5 });
  });

  it('203 CallbackFailed throws CallbackError with every field (docs/callback-protocol.md §3.3)', async () => {
    fake.callbackOutcome = { kind: 'fail', message: 'Error status : 301.', ec: '0007-00000203' };
    const err = await clientFor(fake)
      .getBucket('test-bucket')
      .putObject('stored.txt', { body: 'hello', callback })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallbackError);
    expect(err).toBeInstanceOf(OssError);
    const e = err as CallbackError;
    expect(e.code).toBe('CallbackFailed');
    expect(e.name).toBe('CallbackError');
    expect(e.status).toBe(203);
    expect(e.uploaded).toBe(true);
    expect(e.bucket).toBe('test-bucket');
    expect(e.key).toBe('stored.txt');
    expect(e.etag).toBe('5D41402ABC4B2A76B9719D911017C592');
    expect(e.crc64).toBe(crc64(Buffer.from('hello')).toString());
    expect(e.requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(e.hostId).toBe(`127.0.0.1:${fake.port}`);
    expect(e.ec).toBe('0007-00000203');
    expect(e.serverMessage).toBe('Error status : 301.');
    expect(e.message).toBe('The object test-bucket/stored.txt was stored (ETag 5D41402ABC4B2A76B9719D911017C592), but the upload callback failed: Error status : 301.');
    // The object is there, and a 203 is never retried.
    expect(fake.buckets.get('test-bucket')?.get('stored.txt')?.data.toString()).toBe('hello');
    expect(fake.requests).toHaveLength(1);
  });

  it('completeMultipartUpload: JSON reply on success, CallbackError on 203, sent once', async () => {
    const bucket = clientFor(fake).getBucket('test-bucket');
    fake.callbackOutcome = { kind: 'reply', body: '{"ok":true}' };
    let upload = await bucket.initiateMultipartUpload('mp-cb');
    let part = await bucket.uploadPart('mp-cb', upload.uploadId, 1, { body: 'abc' });
    const done = await bucket.completeMultipartUpload('mp-cb', upload.uploadId, [part], { callback });
    expect(done.callback?.json).toEqual({ ok: true });
    expect(done.etag).toMatch(/-1$/);

    fake.callbackOutcome = { kind: 'fail', message: 'Response body is not valid json format.', ec: '0007-00000205' };
    upload = await bucket.initiateMultipartUpload('mp-cb');
    part = await bucket.uploadPart('mp-cb', upload.uploadId, 1, { body: 'abc' });
    fake.requests.length = 0;
    const err = await bucket.completeMultipartUpload('mp-cb', upload.uploadId, [part], { callback }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallbackError);
    expect(err).toMatchObject({ key: 'mp-cb', ec: '0007-00000205', serverMessage: 'Response body is not valid json format.', uploaded: true });
    expect((err as CallbackError).etag).toMatch(/-1$/);
    expect(fake.requests).toHaveLength(1);
  });
});
