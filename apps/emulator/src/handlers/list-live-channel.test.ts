import { describe, expect, it } from 'vitest';
import { parseErrorXml, parseListLiveChannelResult } from '@ossbox/protocol';
import { oss, useTestApp } from '../test-support/harness.js';

describe('ListLiveChannel (GET /?live)', () => {
  const t = useTestApp();

  it('answers an empty list echoing prefix, marker and max-keys', async () => {
    const res = await oss(t.app, 'GET', { bucket: 'examplebucket', query: { live: '', prefix: 'cam', marker: 'm', 'max-keys': '5' } });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<LiveChannel>');
    expect(parseListLiveChannelResult(res.text)).toEqual({ prefix: 'cam', marker: 'm', maxKeys: 5, isTruncated: false, nextMarker: '' });
  });

  it('checks max-keys and the bucket; other LiveChannel operations stay 501', async () => {
    const bad = await oss(t.app, 'GET', { bucket: 'examplebucket', query: { live: '', 'max-keys': '1001' } });
    expect(parseErrorXml(bad.text)).toMatchObject({ code: 'InvalidArgument' });
    const missing = await oss(t.app, 'GET', { bucket: 'nobucket', query: { live: '' } });
    expect(parseErrorXml(missing.text)).toMatchObject({ code: 'NoSuchBucket' });
    const put = await oss(t.app, 'PUT', { bucket: 'examplebucket', key: 'channel', query: { live: '' }, body: '<x/>' });
    expect(put.status).toBe(501);
  });
});
