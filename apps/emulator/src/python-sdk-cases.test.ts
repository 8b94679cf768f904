/**
 * Requests of the official Python SDK (oss2) test suite (scripts/python-sdk-suite.sh,
 * docs/conformance.md) that the emulator answered differently from OSS, reduced to the raw request
 * each sends; the Python test that found it is named in every case.
 */
import { describe, expect, it } from 'vitest';
import { parseErrorXml, parseTagging } from '@ossbox/protocol';
import { oss, useTestApp } from './test-support/harness.js';

const B = 'examplebucket';

describe('tags in letters other than a-z (test_upload_large_with_tagging, test_multipart_with_object_tagging)', () => {
  const t = useTestApp();
  const tagging = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

  it.each([
    ['PutObject', 'PUT', {}],
    ['InitiateMultipartUpload', 'POST', { uploads: '' }],
  ] as const)('%s stores x-oss-tagging with Chinese keys and values and GetObjectTagging returns them', async (_op, method, query) => {
    const header = tagging([
      ['中文', '++中文++'],
      [' + ', '中文'],
      ['+-:/', ':+:'],
    ]);
    await oss(t.app, method, { bucket: B, key: 'k', query, body: method === 'PUT' ? 'data' : '', headers: { 'x-oss-tagging': header } }).expect(200);
    if (method === 'POST') return;
    const res = await oss(t.app, 'GET', { bucket: B, key: 'k', query: { tagging: '' } }).expect(200);
    expect(parseTagging(res.text)).toEqual([
      { key: '中文', value: '++中文++' },
      { key: ' + ', value: '中文' },
      { key: '+-:/', value: ':+:' },
    ]);
  });

  it('PutObjectTagging accepts the same tags in its body', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'k', body: 'data' }).expect(200);
    const body = '<Tagging><TagSet><Tag><Key>标签</Key><Value>值 1</Value></Tag></TagSet></Tagging>';
    await oss(t.app, 'PUT', { bucket: B, key: 'k', query: { tagging: '' }, body }).expect(200);
    const res = await oss(t.app, 'GET', { bucket: B, key: 'k', query: { tagging: '' } }).expect(200);
    expect(parseTagging(res.text)).toEqual([{ key: '标签', value: '值 1' }]);
  });

  it.each(['%@abc', 'a*b', 'a!b'])('a key with %j is still InvalidTag, EC 0010-00000217 (test_object_tagging_wrong_key)', async (key) => {
    const res = await oss(t.app, 'PUT', { bucket: B, key: 'k', body: 'data', headers: { 'x-oss-tagging': tagging([[key, 'v']]) } });
    expect(res.status).toBe(400);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'InvalidTag', ec: '0010-00000217' });
  });
});
