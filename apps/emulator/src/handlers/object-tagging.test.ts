import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTagging, parseErrorXml, parseTagging } from '@ossbox/protocol';
import type { TestApp } from '../test-support/harness.js';
import { createTestApp, oss } from '../test-support/harness.js';

const B = 'examplebucket';

describe('Put/Get/DeleteObjectTagging', () => {
  let t: TestApp;
  afterEach(() => {
    vi.useRealTimers();
  });
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (key: string) => oss(t.app, 'GET', { bucket: B, key, query: { tagging: '' } });
  const put = (key: string, body: string) => oss(t.app, 'PUT', { bucket: B, key, query: { tagging: '' }, body });

  it('reads the upload tags, replaces them without touching Last-Modified, and deletes them', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'k', body: 'x', headers: { 'x-oss-tagging': 'a=1&b=2' } }).expect(200);
    const before = (await oss(t.app, 'HEAD', { bucket: B, key: 'k' })).headers['last-modified'];
    expect(parseTagging((await get('k').expect(200)).text)).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
    // Last-Modified has one-second resolution: a clock two seconds on would show any change.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2000 });
    await put('k', buildTagging([{ key: 'c', value: 'x/y' }])).expect(200);
    const head = await oss(t.app, 'HEAD', { bucket: B, key: 'k' });
    expect(head.headers['x-oss-tagging-count']).toBe('1');
    expect(head.headers['last-modified']).toBe(before);
    expect(parseTagging((await get('k')).text)).toEqual([{ key: 'c', value: 'x/y' }]);
    expect((await oss(t.app, 'DELETE', { bucket: B, key: 'k', query: { tagging: '' } })).status).toBe(204);
    expect(parseTagging((await get('k')).text)).toEqual([]);
    expect((await oss(t.app, 'HEAD', { bucket: B, key: 'k' })).headers['x-oss-tagging-count']).toBeUndefined();
    expect((await oss(t.app, 'GET', { bucket: B, key: 'k' })).text).toBe('x');
  });

  it.each([
    ['11 tags', Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: 'v' })), '0010-00000218'],
    ['a repeated key', [{ key: 'A', value: '1' }, { key: 'A', value: '2' }], '0010-00000210'],
    ['a key over 128 characters', [{ key: 'k'.repeat(129), value: 'v' }], '0010-00000209'],
    ['a value over 256 characters', [{ key: 'k', value: 'v'.repeat(257) }], '0010-00000217'],
    ['a character outside the allowed set', [{ key: 'k', value: 'a*b' }], '0010-00000217'],
  ])('refuses %s with InvalidTag and keeps the tags', async (_name, tags, ec) => {
    await oss(t.app, 'PUT', { bucket: B, key: 'kept', body: 'x', headers: { 'x-oss-tagging': 'keep=1' } }).expect(200);
    const res = await put('kept', buildTagging(tags));
    expect(res.status).toBe(400);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'InvalidTag', ec });
    expect(parseTagging((await get('kept')).text)).toEqual([{ key: 'keep', value: '1' }]);
  });

  it('answers NoSuchKey for a missing object, MalformedXML for a bad body; ?tagging on the bucket is PutBucketTags', async () => {
    expect(parseErrorXml((await get('missing')).text)?.code).toBe('NoSuchKey');
    await oss(t.app, 'PUT', { bucket: B, key: 'm', body: 'x' }).expect(200);
    expect(parseErrorXml((await put('m', '<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>')).text)?.code).toBe('MalformedXML');
    expect((await oss(t.app, 'PUT', { bucket: B, query: { tagging: '' }, body: buildTagging([{ key: 'b', value: '1' }]) })).status).toBe(200);
    expect((await get('m')).text).not.toContain('<Key>b</Key>');
    expect((await oss(t.app, 'GET', { bucket: B, key: 'm', query: { tagging: '' }, anonymous: true })).status).toBe(403);
  });
});
