import { describe, expect, it } from 'vitest';
import { buildTagging, OssProtocolError, parseTagging } from '../index.js';

describe('Tagging (PutObjectTagging / GetObjectTagging)', () => {
  it('parses the documented example body', () => {
    // https://www.alibabacloud.com/help/en/oss/developer-reference/putobjecttagging, "Examples".
    const xml = '<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag></TagSet></Tagging>';
    expect(parseTagging(xml)).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
  });

  it('reads an empty tag set, no tag set, an empty value and a repeated key as sent', () => {
    expect(parseTagging('<Tagging><TagSet/></Tagging>')).toEqual([]);
    expect(parseTagging('<?xml version="1.0" encoding="UTF-8"?><Tagging/>')).toEqual([]);
    expect(parseTagging('<Tagging><TagSet><Tag><Value/><Key>k</Key></Tag><Tag><Key>k</Key></Tag></TagSet></Tagging>')).toEqual([
      { key: 'k', value: '' },
      { key: 'k', value: '' },
    ]);
  });

  it('round-trips, and a Tag without Key is MalformedXML', () => {
    const tags = [{ key: 'x y', value: 'a/b:c' }];
    expect(parseTagging(buildTagging(tags))).toEqual(tags);
    expect(parseTagging(buildTagging([]))).toEqual([]);
    expect(() => parseTagging('<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>')).toThrow(OssProtocolError);
  });
});
