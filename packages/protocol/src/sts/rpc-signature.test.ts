import { describe, expect, it } from 'vitest';
import { rpcPercentEncode, rpcStringToSign, signRpc } from './rpc-signature.js';

/*
 * The worked example of the RPC signature documentation (DescribeRegions, AccessKeyId `testid`,
 * secret `testsecret`) published with the RPC signature mechanism (ECS "Request signatures", the
 * same text at https://help.aliyun.com/en/document_detail/130769.html): string to sign and signature.
 */
const DOC_PARAMS = {
  Timestamp: '2016-02-23T12:46:24Z',
  Format: 'XML',
  AccessKeyId: 'testid',
  Action: 'DescribeRegions',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  Version: '2014-05-26',
  SignatureVersion: '1.0',
};

describe('RPC signature (published example)', () => {
  it('builds the documented string to sign', () => {
    expect(rpcStringToSign('GET', DOC_PARAMS)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML' +
        '%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf' +
        '%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
  });

  it('gives the documented signature, and ignores a Signature parameter already present', () => {
    expect(signRpc('GET', DOC_PARAMS, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    expect(signRpc('GET', { ...DOC_PARAMS, Signature: 'x' }, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('signs the method: the POST that STS clients send differs from the GET example', () => {
    expect(signRpc('POST', DOC_PARAMS, 'testsecret')).not.toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('percent-encodes as RFC 3986 with upper-case hex (space, *, ~, !, quotes, non-ASCII)', () => {
    expect(rpcPercentEncode("a b*c~d!'()")).toBe('a%20b%2Ac~d%21%27%28%29');
    expect(rpcPercentEncode('acs:ram::1:role/x')).toBe('acs%3Aram%3A%3A1%3Arole%2Fx');
    expect(rpcPercentEncode('é')).toBe('%C3%A9');
  });
});
