/**
 * Temporary credentials: a fixed STS token, and a credentials provider called for the first
 * request, again before expiry, and after SecurityTokenExpired (the refused request is sent again),
 * shared by concurrent requests, without breaking a resumableUpload in progress.
 */
import { describe, expect, it } from 'vitest';
import { OssError } from './errors.js';
import type { ProvidedCredentials } from './credentials.js';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, errorXmlReply } from './test-support/fake-oss.js';
import { clientFor, randomFile, useFakeOss } from './test-support/setup.js';

const { fake, tmp } = useFakeOss();

/** A provider handing out token-1, token-2, … each valid for `lifetimeMs`. */
function counterProvider(lifetimeMs = 3600_000) {
  const calls: ProvidedCredentials[] = [];
  const provider = async (): Promise<ProvidedCredentials> => {
    const credentials = {
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: ACCESS_KEY_SECRET,
      securityToken: `token-${calls.length + 1}`,
      expiration: new Date(Date.now() + lifetimeMs).toISOString(),
    };
    calls.push(credentials);
    return credentials;
  };
  return { provider, calls };
}

const providerClient = (provider: () => Promise<ProvidedCredentials>, extra = {}) =>
  clientFor(fake, { accessKeyId: undefined, accessKeySecret: undefined, credentialsProvider: provider, ...extra });

const tokensSent = () => fake.requests.map((r) => r.headers['x-oss-security-token']);

describe('STS credentials', () => {
  it('send a fixed token as x-oss-security-token (stsToken is accepted as its ali-oss name)', async () => {
    await clientFor(fake, { stsToken: 'fixed' }).getBucket('test-bucket').putObject('a', { body: 'x' });
    expect(tokensSent()).toEqual(['fixed']);
  });

  it('call the provider once for concurrent first requests, and reuse its credentials', async () => {
    const { provider, calls } = counterProvider();
    const bucket = providerClient(provider).getBucket('test-bucket');
    await Promise.all([bucket.putObject('a', { body: '1' }), bucket.putObject('b', { body: '2' }), bucket.putObject('c', { body: '3' })]);
    await bucket.putObject('d', { body: '4' });
    expect(calls).toHaveLength(1);
    expect(tokensSent()).toEqual(['token-1', 'token-1', 'token-1', 'token-1']);
  });

  it('refresh before expiry: within the margin the provider is called again', async () => {
    const { provider, calls } = counterProvider(60_000);
    const bucket = providerClient(provider, { credentialsRefreshMarginMs: 120_000 }).getBucket('test-bucket');
    await bucket.putObject('a', { body: '1' });
    await bucket.putObject('b', { body: '2' });
    // A 60 s lifetime with a 120 s margin: refreshed half-way, i.e. after 30 s, not before.
    expect(calls).toHaveLength(1);
    const { provider: short, calls: shortCalls } = counterProvider(10);
    const shortBucket = providerClient(short).getBucket('test-bucket');
    await shortBucket.putObject('c', { body: '3' });
    await new Promise((r) => setTimeout(r, 20));
    await shortBucket.putObject('d', { body: '4' });
    expect(shortCalls).toHaveLength(2);
    expect(tokensSent().slice(-2)).toEqual(['token-1', 'token-2']);
  });

  it('on SecurityTokenExpired, refresh and send the refused request once more (also a non-idempotent one)', async () => {
    const { provider, calls } = counterProvider();
    fake.before = (req) =>
      req.headers['x-oss-security-token'] === 'token-1' ? errorXmlReply(403, 'SecurityTokenExpired', 'The security token you provided has expired.') : undefined;
    const bucket = providerClient(provider).getBucket('test-bucket');
    const result = await bucket.appendObject('log', { body: 'line', position: 0 });
    expect(result.nextAppendPosition).toBe(4);
    expect(calls).toHaveLength(2);
    expect(tokensSent()).toEqual(['token-1', 'token-2']);
  });

  it('give up after one refresh when the new token is refused too', async () => {
    const { provider, calls } = counterProvider();
    fake.before = () => errorXmlReply(403, 'SecurityTokenExpired', 'The security token you provided has expired.');
    const bucket = providerClient(provider).getBucket('test-bucket');
    await expect(bucket.putObject('a', { body: 'x' })).rejects.toMatchObject({ code: 'SecurityTokenExpired', status: 403 });
    expect(calls).toHaveLength(2);
  });

  it('without a provider, SecurityTokenExpired is the caller’s to handle', async () => {
    fake.before = () => errorXmlReply(403, 'SecurityTokenExpired', 'The security token you provided has expired.');
    const error = await clientFor(fake, { securityToken: 'old' }).getBucket('test-bucket').putObject('a', { body: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OssError);
    expect(fake.requests).toHaveLength(1);
  });

  it('a resumableUpload outlives its first token: parts refused as expired are sent again with the next', async () => {
    const { provider, calls } = counterProvider();
    let parts = 0;
    fake.before = (req) => {
      if (req.query.partNumber === undefined) return undefined;
      parts += 1;
      // token-1 "expires" after the third part.
      return parts > 3 && req.headers['x-oss-security-token'] === 'token-1'
        ? errorXmlReply(403, 'SecurityTokenExpired', 'The security token you provided has expired.')
        : undefined;
    };
    const { path, data } = await randomFile(tmp.dir, 'big.bin', 10 * 64);
    const bucket = providerClient(provider, { minPartSize: 1 }).getBucket('test-bucket');
    const result = await bucket.resumableUpload('big.bin', path, { partSize: 64, parallel: 2, checkpoint: false });
    expect(result.uploadId).toBeDefined();
    expect(fake.buckets.get('test-bucket')?.get('big.bin')?.data.equals(data)).toBe(true);
    expect(calls).toHaveLength(2);
    expect(tokensSent().at(-1)).toBe('token-2');
  });

  it('presigned URLs and POST policies carry the token; the sync forms need credentials already fetched', async () => {
    const { provider } = counterProvider();
    const bucket = providerClient(provider).getBucket('test-bucket');
    expect(() => bucket.signatureUrl('a')).toThrow(/asyncSignatureUrl/);
    const v1 = new URL(await bucket.asyncSignatureUrl('a', { version: 'v1' }));
    expect(v1.searchParams.get('security-token')).toBe('token-1');
    const v4 = new URL(await bucket.asyncSignatureUrl('a'));
    expect(v4.searchParams.get('x-oss-security-token')).toBe('token-1');
    expect(new URL(bucket.signatureUrl('a')).searchParams.get('x-oss-security-token')).toBe('token-1');
    const form = await bucket.asyncCreatePostPolicy({ key: 'a' });
    expect(form.fields['x-oss-security-token']).toBe('token-1');
    const policy = JSON.parse(Buffer.from(form.fields.policy!, 'base64').toString('utf8')) as { conditions: unknown[] };
    expect(policy.conditions).toContainEqual({ 'x-oss-security-token': 'token-1' });
    expect(bucket.createPostPolicy({ key: 'a', version: 'v1' }).fields['x-oss-security-token']).toBe('token-1');
  });

  it('reject a provider result without keys, and options with neither keys nor provider', async () => {
    const bucket = providerClient(async () => ({ accessKeyId: '', accessKeySecret: 'x' }) as ProvidedCredentials).getBucket('test-bucket');
    await expect(bucket.putObject('a', { body: 'x' })).rejects.toMatchObject({ code: 'InvalidArgument' });
    expect(() => clientFor(fake, { accessKeyId: undefined, accessKeySecret: undefined })).toThrow(/accessKeyId/);
    expect(() => clientFor(fake, { securityToken: 'a', stsToken: 'b' })).toThrow(/stsToken/);
  });
});
