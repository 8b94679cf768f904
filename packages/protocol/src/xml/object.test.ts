import { describe, expect, it } from 'vitest';
import { OssProtocolError } from '../errors.js';
import {
  buildCopyObjectResult,
  buildCopyPartResult,
  buildDeleteRequest,
  buildDeleteResult,
  buildPostResponse,
  parseCopyObjectResult,
  parseCopyPartResult,
  parseDeleteRequest,
  parseDeleteResult,
  parsePostResponse,
} from './bodies.js';

const TRICKY_KEYS = ['a b', 'a+b', '100%', '中文/文件.txt', '<&>"\'', '0123', ' lead ', 'true'];

describe('CopyObjectResult / CopyPartResult (docs/rest-api.md §5.7, §5.10)', () => {
  it('parses the §5.7 shape (ETag elided there, filled in)', () => {
    const xml =
      '<CopyObjectResult><ETag>"F2064A169EE92E9775EE5324D0B1682D"</ETag><LastModified>2015-12-12T00:37:53.000Z</LastModified></CopyObjectResult>';
    expect(parseCopyObjectResult(xml)).toEqual({
      etag: '"F2064A169EE92E9775EE5324D0B1682D"',
      lastModified: new Date('2015-12-12T00:37:53.000Z'),
    });
    expect(buildCopyObjectResult(parseCopyObjectResult(xml)).replace(/>\s+</g, '><')).toContain(xml);
  });

  it('round-trips the part variant in its own element order', () => {
    const r = { etag: '"0123"', lastModified: new Date('2020-01-02T03:04:05.000Z') };
    const xml = buildCopyPartResult(r);
    expect(xml.replace(/>\s+</g, '><')).toContain(
      '<CopyPartResult><LastModified>2020-01-02T03:04:05.000Z</LastModified><ETag>"0123"</ETag></CopyPartResult>',
    );
    expect(parseCopyPartResult(xml)).toEqual(r);
    expect(() => parseCopyObjectResult(xml)).toThrow(OssProtocolError);
  });
});

describe('DeleteMultipleObjects (docs/rest-api.md §5.7)', () => {
  it('parses the documented request body', () => {
    expect(
      parseDeleteRequest(
        '<Delete><Quiet>false</Quiet><Object><Key>k</Key><VersionId>v1</VersionId></Object><Object><Key>0123</Key></Object></Delete>',
      ),
    ).toEqual({ quiet: false, keys: ['k', '0123'] });
    expect(parseDeleteRequest('<Delete><Quiet>true</Quiet><Object><Key>k</Key></Object></Delete>').quiet).toBe(true);
    expect(parseDeleteRequest('<Delete><Object><Key>k</Key></Object></Delete>').quiet).toBe(false);
  });

  it('parses the ali-oss form (XML-escaped keys, declaration)', () => {
    const body = '<?xml version="1.0" encoding="UTF-8"?>\n<Delete><Quiet>false</Quiet><Object><Key>a&amp;b &lt;c&gt;</Key></Object></Delete>';
    expect(parseDeleteRequest(body).keys).toEqual(['a&b <c>']);
  });

  it('round-trips tricky keys', () => {
    const r = { quiet: true, keys: TRICKY_KEYS };
    expect(parseDeleteRequest(buildDeleteRequest(r))).toEqual(r);
  });

  it.each([
    ['no objects', '<Delete><Quiet>false</Quiet></Delete>'],
    ['an empty key', '<Delete><Object><Key></Key></Object></Delete>'],
    ['an object without key', '<Delete><Object><VersionId>v</VersionId></Object></Delete>'],
    ['a bad Quiet', '<Delete><Quiet>yes</Quiet><Object><Key>k</Key></Object></Delete>'],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expect(() => parseDeleteRequest(xml)).toThrow(/not well-formed/);
  });

  it('round-trips the result, with and without url encoding', () => {
    const r = { deleted: TRICKY_KEYS };
    expect(parseDeleteResult(buildDeleteResult(r))).toEqual(r);
    const encoded = { ...r, encodingType: 'url' as const };
    const xml = buildDeleteResult(encoded);
    expect(xml.replace(/>\s+</g, '><')).toContain(
      '<DeleteResult><EncodingType>url</EncodingType><Deleted><Key>a%20b</Key></Deleted><Deleted><Key>a%2Bb</Key></Deleted>',
    );
    expect(parseDeleteResult(xml)).toEqual(encoded);
    expect(parseDeleteResult('<DeleteResult/>')).toEqual({ deleted: [] });
  });
});

describe('PostResponse (docs/rest-api.md §5.11)', () => {
  it('writes Bucket, Location, Key, ETag and round-trips', () => {
    const r = { bucket: 'b', location: 'http://b.localhost/user/a b', key: 'user/a b', etag: '"D8E8FCA2DC0F896FD7CB4CB0031BA249"' };
    const xml = buildPostResponse(r);
    expect(xml.replace(/>\s+</g, '><')).toContain(
      '<PostResponse><Bucket>b</Bucket><Location>http://b.localhost/user/a b</Location><Key>user/a b</Key><ETag>"D8E8FCA2DC0F896FD7CB4CB0031BA249"</ETag></PostResponse>',
    );
    expect(parsePostResponse(xml)).toEqual(r);
  });
});
