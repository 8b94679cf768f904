/**
 * The stored bucket configurations through the app: for each kind, Put → Get round trip, what Get
 * answers without one, Delete (or 405 without a Delete operation), bad bodies rejected with the
 * old configuration kept, owner-only access, persistence across a restart and removal with the
 * bucket.
 */
import { describe, expect, it } from 'vitest';
import { parseErrorXml } from '@ossbox/protocol';
import { createApp } from '../app.js';
import { openStorage } from '../store/storage.js';
import type { TestApp } from '../test-support/harness.js';
import { oss, useTestApp } from '../test-support/harness.js';

const B = 'examplebucket';
type App = TestApp['app'];

const put = (app: App, sub: string, body: string, query: Record<string, string> = {}) =>
  oss(app, 'PUT', { bucket: B, query: { [sub]: '', ...query }, body, headers: { 'Content-Type': 'application/xml' } });
const get = (app: App, sub: string, query: Record<string, string> = {}) => oss(app, 'GET', { bucket: B, query: { [sub]: '', ...query } });
const del = (app: App, sub: string, query: Record<string, string> = {}) => oss(app, 'DELETE', { bucket: B, query: { [sub]: '', ...query } });

interface Case {
  sub: string;
  /** A valid body, and a text Get must contain afterwards. */
  body: string;
  stored: string;
  /** Without a configuration: the error code, or a text of the default document. */
  absent: { code: string } | { contains: string };
  /** Whether DELETE exists (else 405). */
  deletes: boolean;
  /** Bodies that must be refused, with their code. */
  bad: [string, string][];
}

const CASES: Case[] = [
  {
    sub: 'lifecycle',
    body:
      '<LifecycleConfiguration><Rule><ID>logs</ID><Prefix>logs/</Prefix><Status>Enabled</Status>' +
      '<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>',
    stored: '<Days>1</Days>',
    absent: { code: 'NoSuchLifecycle' },
    deletes: true,
    bad: [
      ['<LifecycleConfiguration/>', 'MalformedXML'],
      ['<LifecycleConfiguration><Rule><Prefix>a</Prefix><Status>Enabled</Status></Rule></LifecycleConfiguration>', 'MalformedXML'],
      ['<LifecycleConfiguration><Rule><Prefix>a</Prefix><Status>On</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>', 'InvalidArgument'],
      ['<LifecycleConfiguration><Rule><Prefix>a</Prefix><Status>Enabled</Status><Expiration><Days>0</Days></Expiration></Rule></LifecycleConfiguration>', 'InvalidArgument'],
    ],
  },
  {
    sub: 'referer',
    body:
      '<RefererConfiguration><AllowEmptyReferer>false</AllowEmptyReferer><RefererList><Referer>http://*.example.com</Referer></RefererList></RefererConfiguration>',
    stored: '<Referer>http://*.example.com</Referer>',
    absent: { contains: '<AllowEmptyReferer>true</AllowEmptyReferer>' },
    deletes: false,
    bad: [
      ['<RefererConfiguration><RefererList/></RefererConfiguration>', 'MalformedXML'],
      ['<RefererConfiguration><AllowEmptyReferer>maybe</AllowEmptyReferer></RefererConfiguration>', 'MalformedXML'],
    ],
  },
  {
    sub: 'website',
    body: '<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument><ErrorDocument><Key>404.html</Key></ErrorDocument></WebsiteConfiguration>',
    stored: '<Key>404.html</Key>',
    absent: { code: 'NoSuchWebsiteConfiguration' },
    deletes: true,
    bad: [
      ['<WebsiteConfiguration/>', 'MalformedXML'],
      ['<WebsiteConfiguration><IndexDocument><Suffix>a/b.html</Suffix></IndexDocument></WebsiteConfiguration>', 'InvalidArgument'],
      ['<WebsiteConfiguration><ErrorDocument><Key>e.html</Key><HttpStatus>500</HttpStatus></ErrorDocument></WebsiteConfiguration>', 'InvalidArgument'],
    ],
  },
  {
    sub: 'logging',
    body: `<BucketLoggingStatus><LoggingEnabled><TargetBucket>${B}</TargetBucket><TargetPrefix>log/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>`,
    stored: '<TargetPrefix>log/</TargetPrefix>',
    absent: { contains: '<BucketLoggingStatus>' },
    deletes: true,
    bad: [
      ['<BucketLoggingStatus><LoggingEnabled><TargetBucket>no-such-bucket</TargetBucket></LoggingEnabled></BucketLoggingStatus>', 'InvalidTargetBucketForLogging'],
      ['<BucketLoggingStatus><LoggingEnabled/></BucketLoggingStatus>', 'MalformedXML'],
    ],
  },
  {
    sub: 'policy',
    body: '{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject"],"Principal":["*"],"Resource":["acs:oss:*:*:examplebucket/*"]}]}',
    stored: '"oss:GetObject"',
    absent: { code: 'NoSuchBucketPolicy' },
    deletes: true,
    bad: [
      ['{not json', 'InvalidPolicyDocument'],
      ['{"Version":"2","Statement":[{"Effect":"Allow"}]}', 'InvalidPolicyDocument'],
      ['{"Version":"1","Statement":[]}', 'InvalidPolicyDocument'],
    ],
  },
  {
    sub: 'encryption',
    body: '<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>key-1</KMSMasterKeyID></ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>',
    stored: '<KMSMasterKeyID>key-1</KMSMasterKeyID>',
    absent: { code: 'NoSuchServerSideEncryptionRule' },
    deletes: true,
    bad: [
      ['<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>DES</SSEAlgorithm></ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>', 'InvalidArgument'],
      ['<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm><KMSMasterKeyID>k</KMSMasterKeyID></ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>', 'InvalidArgument'],
      ['<ServerSideEncryptionRule/>', 'MalformedXML'],
    ],
  },
  {
    sub: 'tagging',
    body: '<Tagging><TagSet><Tag><Key>team</Key><Value>storage</Value></Tag></TagSet></Tagging>',
    stored: '<Key>team</Key>',
    absent: { contains: '<TagSet' },
    deletes: true,
    bad: [
      ['<Tagging><TagSet><Tag><Key>aliyun-x</Key><Value>1</Value></Tag></TagSet></Tagging>', 'InvalidTag'],
      [`<Tagging><TagSet>${Array.from({ length: 21 }, (_, i) => `<Tag><Key>k${i}</Key><Value>v</Value></Tag>`).join('')}</TagSet></Tagging>`, 'InvalidTag'],
      ['<Tagging><TagSet><Tag><Key>a</Key></Tag><Tag><Key>a</Key></Tag></TagSet></Tagging>', 'InvalidTag'],
    ],
  },
  {
    sub: 'versioning',
    body: '<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>',
    stored: '<Status>Enabled</Status>',
    absent: { contains: '<VersioningConfiguration>' },
    deletes: false,
    bad: [['<VersioningConfiguration><Status>On</Status></VersioningConfiguration>', 'InvalidArgument']],
  },
  {
    sub: 'requestPayment',
    body: '<RequestPaymentConfiguration><Payer>Requester</Payer></RequestPaymentConfiguration>',
    stored: '<Payer>Requester</Payer>',
    absent: { contains: '<Payer>BucketOwner</Payer>' },
    deletes: false,
    bad: [['<RequestPaymentConfiguration><Payer>Nobody</Payer></RequestPaymentConfiguration>', 'InvalidArgument']],
  },
  {
    sub: 'transferAcceleration',
    body: '<TransferAccelerationConfiguration><Enabled>true</Enabled></TransferAccelerationConfiguration>',
    stored: '<Enabled>true</Enabled>',
    absent: { code: 'NoSuchTransferAccelerationConfiguration' },
    deletes: false,
    bad: [['<TransferAccelerationConfiguration><Enabled>yes</Enabled></TransferAccelerationConfiguration>', 'InvalidArgument']],
  },
];

async function expectAbsent(app: App, c: Case) {
  const res = await get(app, c.sub);
  if ('code' in c.absent) {
    expect(res.status, c.sub).toBe(404);
    expect(parseErrorXml(res.text)?.code, c.sub).toBe(c.absent.code);
  } else {
    expect(res.status, c.sub).toBe(200);
    expect(res.text, c.sub).toContain(c.absent.contains);
  }
}

describe('bucket configurations', () => {
  const t = useTestApp();

  it.each(CASES.map((c) => [c.sub, c] as const))('%s: Get without one, Put, Get, Delete', async (_sub, c) => {
    await expectAbsent(t.app, c);
    const putRes = await put(t.app, c.sub, c.body);
    expect(putRes.status, putRes.text).toBe(200);
    const got = await get(t.app, c.sub);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toMatch(c.sub === 'policy' ? /^application\/json/ : /^application\/xml/);
    expect(got.text).toContain(c.stored);
    const deleted = await del(t.app, c.sub);
    if (c.deletes) {
      expect(deleted.status).toBe(204);
      await expectAbsent(t.app, c);
    } else {
      expect(deleted.status).toBe(405);
      expect(parseErrorXml(deleted.text)?.code).toBe('MethodNotAllowed');
      expect((await get(t.app, c.sub)).text).toContain(c.stored);
    }
  });

  it.each(CASES.map((c) => [c.sub, c] as const))('%s: a refused body keeps the stored configuration', async (_sub, c) => {
    expect((await put(t.app, c.sub, c.body)).status).toBe(200);
    for (const [body, code] of [...c.bad, ['', c.sub === 'policy' ? 'InvalidPolicyDocument' : 'MalformedXML'] as [string, string]]) {
      const res = await put(t.app, c.sub, body);
      expect(res.status, body.slice(0, 80)).toBe(400);
      expect(parseErrorXml(res.text)?.code, body.slice(0, 80)).toBe(code);
    }
    expect((await get(t.app, c.sub)).text).toContain(c.stored);
  });

  it.each(CASES.map((c) => [c.sub, c] as const))('%s: owner only, and NoSuchBucket', async (_sub, c) => {
    const anonymous = await oss(t.app, 'GET', { bucket: B, query: { [c.sub]: '' }, anonymous: true });
    expect(parseErrorXml(anonymous.text)?.code).toBe('AccessDenied');
    const missing = await oss(t.app, 'PUT', { bucket: 'no-such-bucket', query: { [c.sub]: '' }, body: c.body });
    expect(parseErrorXml(missing.text)?.code).toBe('NoSuchBucket');
  });

  it('a body over the kind limit is refused without reading it all', async () => {
    const res = await put(t.app, 'referer', `<RefererConfiguration>${' '.repeat(21 * 1024)}</RefererConfiguration>`);
    expect(res.status).toBe(400);
    expect(parseErrorXml(res.text)?.code).toBe('MalformedXML');
  });

  it('DeleteBucketTags with ?tagging=k removes only those keys', async () => {
    const tags = '<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag><Tag><Key>c</Key><Value>3</Value></Tag></TagSet></Tagging>';
    expect((await put(t.app, 'tagging', tags)).status).toBe(200);
    expect((await oss(t.app, 'DELETE', { bucket: B, query: { tagging: 'a,c' } })).status).toBe(204);
    const left = (await get(t.app, 'tagging')).text;
    expect(left).toContain('<Key>b</Key>');
    expect(left).not.toContain('<Key>a</Key>');
    expect(left).not.toContain('<Key>c</Key>');
  });

  it('configurations survive a restart and go away with their bucket', async () => {
    for (const c of CASES) expect((await put(t.app, c.sub, c.body)).status, c.sub).toBe(200);
    t.storage.close();
    const storage = await openStorage(t.dir);
    try {
      const app = createApp({ config: t.config, storage });
      for (const c of CASES) expect((await get(app, c.sub)).text, c.sub).toContain(c.stored);
      expect((await oss(app, 'DELETE', { bucket: B })).status).toBe(204);
      expect((await oss(app, 'PUT', { bucket: B })).status).toBe(200);
      for (const c of CASES) await expectAbsent(app, c);
    } finally {
      storage.close();
    }
  });
});
