/**
 * ListBuckets filtered by bucket tags: `tag-key`/`tag-value` (the official Go SDK's
 * TestListBucketsTagging) and ali-oss's `tagging` sub-resource ("should list buckets by subres").
 */
import { describe, expect, it } from 'vitest';
import { buildTagging, parseErrorXml, parseListBucketsResult } from '@ossbox/protocol';
import type { Tag } from '@ossbox/protocol';
import { oss, useTestApp } from '../test-support/harness.js';

describe('ListBuckets by bucket tags', () => {
  const t = useTestApp({ buckets: ['lbt-0', 'lbt-1', 'lbt-2', 'lbt-3', 'other'] });
  const tag = (bucket: string, tags: Tag[]) => oss(t.app, 'PUT', { bucket, query: { tagging: '' }, body: buildTagging(tags) }).expect(200);
  const list = async (query: Record<string, string>) => parseListBucketsResult((await oss(t.app, 'GET', { query }).expect(200)).text);
  const names = async (query: Record<string, string>) => (await list(query)).buckets.map((b) => b.name);

  it('tag-key lists only the buckets with that key, each with its tags (Go TestListBucketsTagging)', async () => {
    await tag('lbt-1', [{ key: 'testkey', value: 'testvalue' }]);
    await tag('lbt-3', [{ key: 'testkey', value: 'other' }, { key: 'x', value: 'y' }]);
    await tag('lbt-2', [{ key: 'unrelated', value: '1' }]);
    const result = await list({ 'tag-key': 'testkey' });
    expect(result.buckets.map((b) => [b.name, b.tags])).toEqual([
      ['lbt-1', [{ key: 'testkey', value: 'testvalue' }]],
      ['lbt-3', [{ key: 'testkey', value: 'other' }, { key: 'x', value: 'y' }]],
    ]);
    expect(await names({ 'tag-key': 'testkey', 'tag-value': 'other' })).toEqual(['lbt-3']);
    expect(await names({ 'tag-key': 'absent' })).toEqual([]);
  });

  it('tagging="a":"1","b":"2" with a prefix lists the buckets with both tags, and their tags (ali-oss listBuckets subres)', async () => {
    const both = [{ key: 'a', value: '1' }, { key: 'b', value: '2' }];
    await tag('lbt-0', both);
    await tag('lbt-2', [{ key: 'a', value: '1' }]);
    await tag('other', both);
    const result = await list({ prefix: 'lbt-', tagging: '"a":"1","b":"2"' });
    expect(result.buckets.map((b) => [b.name, b.tags])).toEqual([['lbt-0', both]]);
  });

  it('paging counts only the buckets that match: max-keys and NextMarker skip the others', async () => {
    for (const b of ['lbt-0', 'lbt-2', 'other']) await tag(b, [{ key: 'k', value: 'v' }]);
    const first = await list({ 'tag-key': 'k', 'max-keys': '2' });
    expect(first.buckets.map((b) => b.name)).toEqual(['lbt-0', 'lbt-2']);
    expect(first).toMatchObject({ isTruncated: true, nextMarker: 'lbt-2' });
    const second = await list({ 'tag-key': 'k', 'max-keys': '2', marker: 'lbt-2' });
    expect(second.buckets.map((b) => b.name)).toEqual(['other']);
    expect(second.isTruncated).toBe(false);
  });

  it('a listing without a tag filter lists every bucket and no <Tagging>', async () => {
    await tag('lbt-1', [{ key: 'k', value: 'v' }]);
    const res = await oss(t.app, 'GET', {}).expect(200);
    expect(res.text).not.toContain('<Tagging>');
    expect(parseListBucketsResult(res.text).buckets).toHaveLength(5);
  });

  it.each([
    [{ 'tag-value': 'v' }, 'tag-value'],
    [{ tagging: 'a:1' }, 'tagging'],
    [{ tagging: '"a":1' }, 'tagging'],
    [{ tagging: '' }, 'tagging'],
  ])('%j is InvalidArgument naming %s', async (query, name) => {
    const res = await oss(t.app, 'GET', { query });
    expect(res.status).toBe(400);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'InvalidArgument', details: { ArgumentName: name } });
  });
});
