import { describe, expect, it } from 'vitest';
import { buildListLiveChannelResult, buildRestoreRequest, OssProtocolError, parseListLiveChannelResult, parseRestoreRequest } from '../index.js';

describe('RestoreRequest (RestoreObject)', () => {
  it('parses the documented Cold Archive body and the Archive body without JobParameters', () => {
    // https://www.alibabacloud.com/help/en/oss/developer-reference/restoreobject, "Examples".
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><RestoreRequest><Days>2</Days><JobParameters><Tier>Standard</Tier></JobParameters></RestoreRequest>';
    expect(parseRestoreRequest(xml)).toEqual({ days: 2, tier: 'Standard' });
    expect(parseRestoreRequest('<RestoreRequest><Days>7</Days></RestoreRequest>')).toEqual({ days: 7 });
    expect(parseRestoreRequest('<RestoreRequest/>')).toEqual({});
  });

  it('round-trips and refuses other roots and non-integer days', () => {
    expect(parseRestoreRequest(buildRestoreRequest({ days: 3, tier: 'Bulk' }))).toEqual({ days: 3, tier: 'Bulk' });
    expect(() => parseRestoreRequest('<Restore><Days>1</Days></Restore>')).toThrow(OssProtocolError);
    expect(() => parseRestoreRequest('<RestoreRequest><Days>two</Days></RestoreRequest>')).toThrow(OssProtocolError);
  });
});

describe('ListLiveChannelResult', () => {
  it('builds the documented envelope and reads it back', () => {
    const xml = buildListLiveChannelResult({ prefix: 'p', marker: '', maxKeys: 1, isTruncated: false, nextMarker: '' });
    expect(xml).toContain('<ListLiveChannelResult>');
    expect(xml).toContain('<MaxKeys>1</MaxKeys>');
    expect(parseListLiveChannelResult(xml)).toEqual({ prefix: 'p', marker: '', maxKeys: 1, isTruncated: false, nextMarker: '' });
  });
});
