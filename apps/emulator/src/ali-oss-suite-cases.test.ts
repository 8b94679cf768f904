/**
 * Requests of the official ali-oss 6.23 test suite (scripts/ali-oss-suite.sh, docs/conformance.md)
 * that the emulator answered differently from OSS, reduced to the raw request each sends; the
 * mocha test that found it is named in every case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseErrorXml } from '@ossbox/protocol';
import { aliOssClient } from './test-support/ali-oss-client.js';
import { oss, startTestEmulator, useTestApp } from './test-support/harness.js';
import type { TestEmulator } from './test-support/harness.js';

const B = 'examplebucket';
const EARLIER = 'Sun, 29 Nov 2020 12:00:00 GMT';

describe("PreconditionFailed: OSS's message and condition name (object.test.js get() and copy() If-Match / If-Unmodified-Since)", () => {
  const t = useTestApp();
  const MESSAGE = 'At least one of the pre-conditions you specified did not hold.';

  it.each([
    ['If-Match', '"0123456789ABCDEF0123456789ABCDEF"'],
    ['If-Unmodified-Since', EARLIER],
  ])('GetObject with a failing %s: the message ends with a full stop', async (header, value) => {
    await oss(t.app, 'PUT', { bucket: B, key: 'src', body: 'data' }).expect(200);
    const res = await oss(t.app, 'GET', { bucket: B, key: 'src', headers: { [header]: value } });
    expect(res.status).toBe(412);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'PreconditionFailed', message: MESSAGE, details: { Condition: header } });
  });

  it.each([
    ['If-Match', '"0123456789ABCDEF0123456789ABCDEF"'],
    ['If-Unmodified-Since', EARLIER],
  ])('CopyObject with a failing x-oss-copy-source-%s names the condition %s, without the prefix', async (condition, value) => {
    await oss(t.app, 'PUT', { bucket: B, key: 'src', body: 'data' }).expect(200);
    const headers = { 'x-oss-copy-source': `/${B}/src`, [`x-oss-copy-source-${condition.toLowerCase()}`]: value };
    const res = await oss(t.app, 'PUT', { bucket: B, key: 'dst', headers });
    expect(res.status).toBe(412);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'PreconditionFailed', message: MESSAGE, details: { Condition: condition } });
    expect((await oss(t.app, 'HEAD', { bucket: B, key: 'dst' })).status).toBe(404);
  });
});

describe('RestoreObject tiers (object.test.js restore())', () => {
  const t = useTestApp({ restoreDelayMs: 3_600_000 });
  const putArchived = (key: string, storageClass: string) =>
    oss(t.app, 'PUT', { bucket: B, key, body: 'abc', headers: { 'x-oss-storage-class': storageClass } }).expect(200);
  const restore = (key: string, body: string) => oss(t.app, 'POST', { bucket: B, key, query: { restore: '' }, body });
  const withTier = (days: number, tier: string) =>
    `<RestoreRequest><Days>${days}</Days><JobParameters><Tier>${tier}</Tier></JobParameters></RestoreRequest>`;

  it('JobParameters on an Archive object is MalformedXML, also while a restore runs ("Should not set JobParameters …")', async () => {
    await putArchived('archive', 'Archive');
    const first = await restore('archive', withTier(2, 'Standard'));
    expect(first.status).toBe(400);
    expect(parseErrorXml(first.text)).toMatchObject({ code: 'MalformedXML' });
    await restore('archive', '<RestoreRequest><Days>2</Days></RestoreRequest>').expect(202);
    const during = await restore('archive', withTier(2, 'Standard'));
    expect(during.status).toBe(400);
    expect(parseErrorXml(during.text)).toMatchObject({ code: 'MalformedXML' });
  });

  it.each([
    ['ColdArchive', undefined, 'Standard'],
    ['ColdArchive', 'Expedited', 'Expedited'],
    ['ColdArchive', 'Bulk', 'Bulk'],
    ['DeepColdArchive', undefined, 'Standard'],
    ['DeepColdArchive', 'Expedited', 'Expedited'],
  ])('%s restored with tier %s answers x-oss-object-restore-priority: %s', async (storageClass, tier, priority) => {
    await putArchived('cold', storageClass);
    const body = tier === undefined ? '<RestoreRequest><Days>3</Days></RestoreRequest>' : withTier(3, tier);
    const res = await restore('cold', body);
    expect(res.status).toBe(202);
    expect(res.headers['x-oss-object-restore-priority']).toBe(priority);
  });

  it('an Archive restore has no x-oss-object-restore-priority', async () => {
    await putArchived('archive', 'Archive');
    const res = await restore('archive', '<RestoreRequest><Days>1</Days></RestoreRequest>');
    expect(res.status).toBe(202);
    expect(res.headers['x-oss-object-restore-priority']).toBeUndefined();
  });
});

describe('<RestoreInfo> in listings (object.test.js list() and listV2() "should list files with restore info")', () => {
  const t = useTestApp({ restoreDelayMs: 3_600_000 });

  it.each<Record<string, string>>([{}, { 'list-type': '2' }])('ListObjects %j shows ongoing-request="true" for an object being restored, nothing for others', async (query) => {
    await oss(t.app, 'PUT', { bucket: B, key: 'a-restoring', body: 'abc', headers: { 'x-oss-storage-class': 'Archive' } }).expect(200);
    await oss(t.app, 'PUT', { bucket: B, key: 'b-frozen', body: 'abc', headers: { 'x-oss-storage-class': 'Archive' } }).expect(200);
    await oss(t.app, 'PUT', { bucket: B, key: 'c-standard', body: 'abc' }).expect(200);
    await oss(t.app, 'POST', { bucket: B, key: 'a-restoring', query: { restore: '' } }).expect(202);
    const res = await oss(t.app, 'GET', { bucket: B, query }).expect(200);
    const contents = [...res.text.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)].map((m) => m[1]!);
    expect(contents).toHaveLength(3);
    expect(contents[0]).toContain('<RestoreInfo>ongoing-request="true"</RestoreInfo>');
    expect(contents[1]).not.toContain('RestoreInfo');
    expect(contents[2]).not.toContain('RestoreInfo');
  });
});

describe('PutBucketAcl answers Location: /<bucket> (bucket.test.js putBucketACL())', () => {
  const t = useTestApp();

  it.each([B, 'created-by-acl'])('PUT /?acl on %s', async (bucket) => {
    const res = await oss(t.app, 'PUT', { bucket, query: { acl: '' }, headers: { 'x-oss-acl': 'public-read' } });
    expect(res.status).toBe(200);
    expect(res.headers.location).toBe(`/${bucket}`);
  });
});

describe('keys with C0 control characters come back through ali-oss (object.test.js "object key encoding")', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t.close());

  it('put, list (no encoding-type), head and deleteMulti of the suite\'s keys, "invisible" \\x01\\x0a\\x0c\\x07Pc included', async () => {
    const store = aliOssClient(t.emulator);
    const keys = ['simple_key', '杭州・中国', '是 空格 yeah +-/\\&*#(1) ', '\x01\x0a\x0c\x07\x50\x63', 'a<b&c>d +'];
    for (const key of keys) {
      expect((await store.put(`ali-oss-test-key-${key}`, Buffer.from(''))).res.status).toBe(200);
      const listed = (await store.list({ prefix: 'ali-oss-test-key-' })).objects.map((o: { name: string }) => o.name);
      expect(listed).toContain(`ali-oss-test-key-${key}`);
      expect((await store.head(`ali-oss-test-key-${key}`)).res.status).toBe(200);
    }
    const deleted = await store.deleteMulti(keys.map((key) => `ali-oss-test-key-${key}`));
    expect(deleted.deleted.map((d: { Key: string }) => d.Key)).toEqual(keys.map((key) => `ali-oss-test-key-${key}`));
    expect((await store.list({ prefix: 'ali-oss-test-key-' })).objects).toEqual([]);
  });
});
