// Bucket configurations through the unmodified `ali-oss` client against the emulator process:
// lifecycle rules stored and run (POST /_ossbox/lifecycle/run), Referer rules enforced on an
// anonymous GET, website, bucket tags, GetBucketStat and the bucket policy (stored, and enforced on
// anonymous and signed requests), and getBucketInfo reporting the stored settings.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { aliOssClient, E2E_BUCKET, startStack, uniqueKey, type Stack } from './harness/index.js';

/** The ali-oss methods used here (the package ships no types for them). */
interface BucketConfigClient {
  put(key: string, body: Buffer, options?: object): Promise<unknown>;
  get(key: string): Promise<{ content: Buffer }>;
  putBucketLifecycle(name: string, rules: object[]): Promise<{ res: { status: number } }>;
  getBucketLifecycle(name: string): Promise<{ rules: Record<string, unknown>[] }>;
  deleteBucketLifecycle(name: string): Promise<unknown>;
  putBucketReferer(name: string, allowEmpty: boolean, referers: string[] | null): Promise<unknown>;
  getBucketReferer(name: string): Promise<{ allowEmpty: boolean; referers: string[] | null }>;
  deleteBucketReferer(name: string): Promise<unknown>;
  putBucketWebsite(name: string, config: object): Promise<unknown>;
  getBucketWebsite(name: string): Promise<{ index: string; error: string | null; supportSubDir: string }>;
  deleteBucketWebsite(name: string): Promise<unknown>;
  putBucketTags(name: string, tags: Record<string, string>): Promise<unknown>;
  getBucketTags(name: string): Promise<{ tag: Record<string, string> }>;
  getBucketStat(name: string): Promise<{ stat: Record<string, string> }>;
  putBucketPolicy(name: string, policy: object): Promise<{ status: number }>;
  getBucketPolicy(name: string): Promise<{ policy: object | null; status: number }>;
  deleteBucketPolicy(name: string): Promise<unknown>;
  putBucketVersioning(name: string, status: string): Promise<unknown>;
  putBucketEncryption(name: string, rule: { SSEAlgorithm: string }): Promise<unknown>;
  deleteBucketEncryption(name: string): Promise<unknown>;
  putBucketLogging(name: string, prefix: string): Promise<unknown>;
  deleteBucketLogging(name: string): Promise<unknown>;
  getBucketInfo(name: string): Promise<{ bucket: Record<string, unknown> }>;
}

let stack: Stack;
let client: BucketConfigClient;
beforeAll(async () => {
  stack = await startStack();
  client = aliOssClient(stack) as unknown as BucketConfigClient;
});
afterAll(async () => {
  await stack?.dispose();
});

const base = () => `http://localhost:${stack.emulator.port}/${E2E_BUCKET}`;

describe('ali-oss bucket configurations', () => {
  test('putBucketLifecycle / getBucketLifecycle, then a lifecycle run expires the object', async () => {
    const key = `lc/${uniqueKey('old.log')}`;
    await client.put(key, Buffer.from('log'));
    await client.putBucketLifecycle(E2E_BUCKET, [{ id: 'expire-lc', prefix: 'lc/', status: 'Enabled', expiration: { days: 1 } }]);
    const { rules } = await client.getBucketLifecycle(E2E_BUCKET);
    expect(rules).toEqual([expect.objectContaining({ id: 'expire-lc', prefix: 'lc/', status: 'Enabled', expiration: { days: '1' } })]);

    const now = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString();
    const run = await fetch(`${stack.emulator.url}/_ossbox/lifecycle/run?now=${encodeURIComponent(now)}`, { method: 'POST' });
    expect(run.status).toBe(200);
    expect(await run.json()).toEqual({ now, buckets: [{ bucket: E2E_BUCKET, expired: [key], aborted: [] }] });
    await expect(client.getBucketStat(E2E_BUCKET)).resolves.toBeDefined();
    await client.deleteBucketLifecycle(E2E_BUCKET);
    await expect(client.getBucketLifecycle(E2E_BUCKET)).rejects.toMatchObject({ status: 404, code: 'NoSuchLifecycle' });
  });

  test('putBucketReferer is enforced on an anonymous GET; deleteBucketReferer lifts it', async () => {
    const key = uniqueKey('hotlink.png');
    await client.put(key, Buffer.from('png'), { headers: { 'x-oss-object-acl': 'public-read' } });
    await client.putBucketReferer(E2E_BUCKET, false, ['http://allowed.example/*']);
    expect(await client.getBucketReferer(E2E_BUCKET)).toMatchObject({ allowEmpty: false, referers: ['http://allowed.example/*'] });
    const anonymous = (referer?: string) => fetch(`${base()}/${key}`, { headers: referer ? { Referer: referer } : {} });
    expect((await anonymous('http://allowed.example/page')).status).toBe(200);
    const denied = await anonymous('http://thief.example/page');
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('<Code>AccessDenied</Code>');
    expect((await anonymous()).status).toBe(403);
    await client.deleteBucketReferer(E2E_BUCKET);
    expect((await anonymous('http://thief.example/page')).status).toBe(200);
  });

  test('putBucketWebsite serves the index and error documents to anonymous GETs', async () => {
    await client.put('index.html', Buffer.from('<h1>home</h1>'), { headers: { 'x-oss-object-acl': 'public-read' }, mime: 'text/html' });
    await client.put('404.html', Buffer.from('<h1>missing</h1>'), { headers: { 'x-oss-object-acl': 'public-read' }, mime: 'text/html' });
    await client.putBucketWebsite(E2E_BUCKET, { index: 'index.html', error: '404.html' });
    expect(await client.getBucketWebsite(E2E_BUCKET)).toMatchObject({ index: 'index.html', error: '404.html' });
    const home = await fetch(`${base()}/`);
    expect(await home.text()).toBe('<h1>home</h1>');
    const missing = await fetch(`${base()}/nowhere.html`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('<h1>missing</h1>');
    await client.deleteBucketWebsite(E2E_BUCKET);
  });

  test('putBucketTags, getBucketStat and putBucketPolicy round-trip', async () => {
    await client.putBucketTags(E2E_BUCKET, { team: 'storage', env: 'dev' });
    expect((await client.getBucketTags(E2E_BUCKET)).tag).toEqual({ team: 'storage', env: 'dev' });
    const { stat } = await client.getBucketStat(E2E_BUCKET);
    expect(Number(stat.ObjectCount)).toBeGreaterThan(0);
    expect(Number(stat.Storage)).toBeGreaterThan(0);
    const policy = { Version: '1', Statement: [{ Effect: 'Allow', Action: ['oss:GetObject'], Principal: ['*'], Resource: [`acs:oss:*:*:${E2E_BUCKET}/*`] }] };
    expect((await client.putBucketPolicy(E2E_BUCKET, policy)).status).toBe(200);
    expect((await client.getBucketPolicy(E2E_BUCKET)).policy).toEqual(policy);
    await client.deleteBucketPolicy(E2E_BUCKET);
    // ali-oss's getBucketPolicy reads a 404 as "no policy" instead of throwing.
    expect(await client.getBucketPolicy(E2E_BUCKET)).toMatchObject({ policy: null, status: 404 });
  });

  test('putBucketPolicy is enforced: an Allow opens an anonymous GET, a Deny refuses a signed one; deleteBucketPolicy restores', async () => {
    const key = `policy/${uniqueKey('report.txt')}`;
    await client.put(key, Buffer.from('quarterly'));
    const anonymous = () => fetch(`${base()}/${key}`);
    expect((await anonymous()).status).toBe(403);

    const resource = [`acs:oss:*:*:${E2E_BUCKET}/policy/*`];
    await client.putBucketPolicy(E2E_BUCKET, { Version: '1', Statement: [{ Effect: 'Allow', Action: ['oss:GetObject'], Principal: ['*'], Resource: resource }] });
    const opened = await anonymous();
    expect(opened.status).toBe(200);
    expect(await opened.text()).toBe('quarterly');

    // Principal * with a Condition applies to the bucket owner too (the client signs as the owner).
    const fromHere = { IpAddress: { 'acs:SourceIp': ['127.0.0.0/8', '::1'] } };
    await client.putBucketPolicy(E2E_BUCKET, { Version: '1', Statement: [{ Effect: 'Deny', Action: ['oss:GetObject'], Principal: ['*'], Resource: resource, Condition: fromHere }] });
    await expect(client.get(key)).rejects.toMatchObject({ status: 403, code: 'AccessDenied', ecCode: '0003-00000101' });

    await client.deleteBucketPolicy(E2E_BUCKET);
    expect((await client.get(key)).content.toString()).toBe('quarterly');
    expect((await anonymous()).status).toBe(403);
  });

  test('getBucketInfo reports versioning, transfer acceleration, default encryption and the logging target', async () => {
    await client.putBucketVersioning(E2E_BUCKET, 'Enabled');
    await client.putBucketEncryption(E2E_BUCKET, { SSEAlgorithm: 'AES256' });
    await client.putBucketLogging(E2E_BUCKET, 'access-logs/');
    expect((await client.getBucketInfo(E2E_BUCKET)).bucket).toMatchObject({
      Name: E2E_BUCKET,
      Versioning: 'Enabled',
      TransferAcceleration: 'Disabled',
      ServerSideEncryptionRule: { SSEAlgorithm: 'AES256' },
      BucketPolicy: { LogBucket: E2E_BUCKET, LogPrefix: 'access-logs/' },
    });
    await client.deleteBucketEncryption(E2E_BUCKET);
    await client.deleteBucketLogging(E2E_BUCKET);
    await client.putBucketVersioning(E2E_BUCKET, 'Suspended');
    expect((await client.getBucketInfo(E2E_BUCKET)).bucket).toMatchObject({ Versioning: 'Suspended', ServerSideEncryptionRule: { SSEAlgorithm: 'None' } });
  });
});
