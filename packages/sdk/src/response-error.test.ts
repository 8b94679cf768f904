import { describe, expect, it } from 'vitest';
import { CallbackError, NoSuchKeyError, OssError } from './errors.js';
import { errorFromResponse } from './response-error.js';

// docs/rest-api.md §5.6: a real NoSuchKey capture.
const NO_SUCH_KEY = `<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>NoSuchKey</Code>
  <Message>The specified key does not exist.</Message>
  <RequestId>566B6C3D6086505A0CFF0F68</RequestId>
  <HostId>ming-oss-share.oss-cn-hangzhou.aliyuncs.com</HostId>
  <Key>sbowspxjhmccpmesjqcwagfw</Key>
</Error>`;

// docs/callback-protocol.md §3.3: the Go v2 SDK's CallbackFailed mock.
const CALLBACK_FAILED = `<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>CallbackFailed</Code>
  <Message>Error status : 301.</Message>
  <RequestId>5C3D9175B6FC201293AD****</RequestId>
  <HostId>bucket.oss-cn-hangzhou.aliyuncs.com</HostId>
  <EC>0007-00000203</EC>
  <RecommendDoc>https://api.aliyun.com/troubleshoot?q=0007-00000203</RecommendDoc>
</Error>`;

describe('errorFromResponse', () => {
  it('parses the §5.6 error document', () => {
    const err = errorFromResponse({ method: 'GET', status: 404, headers: {}, body: NO_SUCH_KEY, bucket: 'b', key: 'k' });
    expect(err).toBeInstanceOf(NoSuchKeyError);
    expect(err).toMatchObject({
      code: 'NoSuchKey',
      status: 404,
      requestId: '566B6C3D6086505A0CFF0F68',
      hostId: 'ming-oss-share.oss-cn-hangzhou.aliyuncs.com',
      details: { Key: 'sbowspxjhmccpmesjqcwagfw' },
    });
    expect(err.message).toBe('NoSuchKey: The specified key does not exist. (RequestId: 566B6C3D6086505A0CFF0F68)');
  });

  it('reads x-oss-err on HEAD', () => {
    const headers = { 'x-oss-err': Buffer.from(NO_SUCH_KEY).toString('base64'), 'x-oss-request-id': 'R' };
    const err = errorFromResponse({ method: 'HEAD', status: 404, headers, body: '', bucket: 'b', key: 'k' });
    expect(err).toBeInstanceOf(NoSuchKeyError);
    expect(err.requestId).toBe('566B6C3D6086505A0CFF0F68');
  });

  it('falls back on status without a document', () => {
    expect(errorFromResponse({ method: 'HEAD', status: 404, headers: {}, body: '', bucket: 'b', key: 'k' })).toBeInstanceOf(NoSuchKeyError);
    expect(errorFromResponse({ method: 'HEAD', status: 404, headers: {}, body: '', bucket: 'b' }).code).toBe('NoSuchBucket');
    const odd = errorFromResponse({ method: 'GET', status: 500, headers: { 'x-oss-request-id': 'RID' }, body: 'oops' });
    expect(odd).toBeInstanceOf(OssError);
    expect(odd).toMatchObject({ code: 'UnknownError', status: 500, requestId: 'RID' });
  });

  it('turns the §3.3 203 into a CallbackError with every field', () => {
    const headers = { etag: '"D8E8FCA2DC0F896FD7CB4CB0031BA249"', 'x-oss-hash-crc64ecma': '108247482078852440', 'x-oss-version-id': 'v1', 'x-oss-request-id': '5C3D9175B6FC201293AD****' };
    const err = errorFromResponse({ method: 'PUT', status: 203, headers, body: CALLBACK_FAILED, bucket: 'bucket', key: 'test.txt' });
    expect(err).toBeInstanceOf(CallbackError);
    expect(err).toMatchObject({
      code: 'CallbackFailed',
      status: 203,
      uploaded: true,
      bucket: 'bucket',
      key: 'test.txt',
      etag: 'D8E8FCA2DC0F896FD7CB4CB0031BA249',
      crc64: '108247482078852440',
      versionId: 'v1',
      requestId: '5C3D9175B6FC201293AD****',
      hostId: 'bucket.oss-cn-hangzhou.aliyuncs.com',
      ec: '0007-00000203',
      serverMessage: 'Error status : 301.',
    });
    expect(err.message).toBe('The object bucket/test.txt was stored (ETag D8E8FCA2DC0F896FD7CB4CB0031BA249), but the upload callback failed: Error status : 301.');
  });

  it('reports a 203 without an ETag as a plain OssError, since it names no stored object', () => {
    const err = errorFromResponse({ method: 'PUT', status: 203, headers: {}, body: CALLBACK_FAILED, bucket: 'bucket', key: 'test.txt' });
    expect(err).not.toBeInstanceOf(CallbackError);
    expect(err).toBeInstanceOf(OssError);
    expect(err).toMatchObject({ code: 'CallbackFailed', status: 203, ec: '0007-00000203' });
  });
});
