/**
 * What the official Go SDK v2's integration tests (aliyun/alibabacloud-oss-go-sdk-v2
 * oss/client_integration_test.go, run by Alibaba against OSS) assert on OSS's answers, where the
 * emulator answered otherwise, reduced to raw requests; the Go test is named in every case.
 */
import { describe, expect, it } from 'vitest';
import { parseBucketInfo, parseErrorXml, parseInitiateMultipartUploadResult } from '@ossbox/protocol';
import { oss, useTestApp } from './test-support/harness.js';

const B = 'examplebucket';
const NO_SUCH_UPLOAD =
  'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.';

describe('NoSuchUpload carries the EC of its operation', () => {
  const t = useTestApp();

  it.each([
    [
      'UploadPart (TestUploadPart)',
      'PUT',
      { query: { partNumber: '2', uploadId: 'gone' }, body: 'upload part 2' },
      '0042-00000104',
    ],
    [
      'UploadPartCopy (TestUploadPartCopy)',
      'PUT',
      { query: { partNumber: '1', uploadId: 'gone' }, headers: { 'x-oss-copy-source': `/${B}/src` } },
      '0042-00000311',
    ],
    [
      'AbortMultipartUpload (TestAbortMultipartUpload)',
      'DELETE',
      { query: { uploadId: 'gone' } },
      '0042-00000002',
    ],
  ] as const)('%s', async (_name, method, request, ec) => {
    await oss(t.app, 'PUT', { bucket: B, key: 'src', body: 'source' }).expect(200);
    const res = await oss(t.app, method, { bucket: B, key: 'dest', ...request });
    expect(res.status).toBe(404);
    expect(res.headers['x-oss-ec']).toBe(ec);
    expect(parseErrorXml(res.text)).toMatchObject({ code: 'NoSuchUpload', message: NO_SUCH_UPLOAD, ec });
  });
});

describe('a missing bucket is NoSuchBucket before the signature is checked (TestClientExtension; Python SDK v2 test_client.py test_get_bucket_acl_fail, test_put_bucket_fail)', () => {
  const t = useTestApp();
  const unknownKey = { accessKeyId: 'ak', accessKeySecret: 'sk' };

  it.each([
    ['GetObjectMeta (IsObjectExist)', 'HEAD', { key: 'k', query: { objectMeta: '' } }],
    ['GetBucketAcl (IsBucketExist)', 'GET', { query: { acl: '' } }],
    ['GetObject', 'GET', { key: 'k' }],
  ] as const)('%s with the unknown key pair "ak"/"sk"', async (_name, method, request) => {
    const missing = await oss(t.app, method, {
      bucket: 'no-such-bucket',
      credentials: unknownKey,
      ...request,
    });
    expect(missing.status).toBe(404);
    expect(missing.headers['x-oss-ec']).toBe('0015-00000101');
    const existing = await oss(t.app, method, { bucket: B, credentials: unknownKey, ...request });
    expect(existing.status).toBe(403);
    expect(existing.headers['x-oss-ec']).toBe('0002-00000902');
  });

  it('PutBucket still checks the signature first: the bucket it names need not exist', async () => {
    const res = await oss(t.app, 'PUT', { bucket: 'new-bucket', credentials: unknownKey });
    expect(res.status).toBe(403);
    expect(parseErrorXml(res.text)?.code).toBe('InvalidAccessKeyId');
  });
});

describe('InitiateMultipartUpload honours encoding-type=url, which the Go SDK v2 always sends (TestCompleteMultipartUpload: a key ending "\\f\\v")', () => {
  const t = useTestApp();

  it('answers EncodingType url and the Key URL-encoded, no raw control character in the body', async () => {
    const key = 'go-sdk-test-object-dest\f\v';
    const res = await oss(t.app, 'POST', { bucket: B, key, query: { uploads: '', 'encoding-type': 'url' } });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<EncodingType>url</EncodingType>');
    expect(res.text).toContain('<Key>go-sdk-test-object-dest%0C%0B</Key>');
    // eslint-disable-next-line no-control-regex -- a raw C0 character is what Go's encoding/xml refuses
    expect(res.text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(parseInitiateMultipartUploadResult(res.text).key).toBe(key);
  });

  it('refuses another encoding-type as the other listings do (EC 0017-00000235)', async () => {
    const res = await oss(t.app, 'POST', {
      bucket: B,
      key: 'k',
      query: { uploads: '', 'encoding-type': 'urlencode' },
    });
    expect(res.status).toBe(400);
    expect(res.headers['x-oss-ec']).toBe('0017-00000235');
  });
});

describe('GetBucketInfo has the elements OSS always sends (TestGetBucketInfo dereferences them; Python SDK v2 test_get_bucket_info expects these values)', () => {
  const t = useTestApp();

  it('AccessMonitor, CrossRegionReplication, ResourceGroupId, BlockPublicAccess, DataRedundancyType and Comment, as the emulator has them', async () => {
    const res = await oss(t.app, 'GET', { bucket: B, query: { bucketInfo: '' } });
    expect(res.status).toBe(200);
    expect(parseBucketInfo(res.text)).toMatchObject({
      accessMonitor: 'Disabled',
      crossRegionReplication: 'Disabled',
      resourceGroupId: 'rg-default-id',
      blockPublicAccess: 'false',
      dataRedundancyType: 'LRS',
      comment: '',
      transferAcceleration: 'Disabled',
      acl: 'private',
    });
  });
});

describe('sub-resources of features the emulator lacks are 501, not another operation', () => {
  const t = useTestApp();

  it('DescribeRegions (GET /?regions, Python SDK v2 test_describe_regions) is not a bucket list', async () => {
    const res = await oss(t.app, 'GET', { query: { regions: '' } });
    expect(res.status).toBe(501);
    expect(parseErrorXml(res.text)?.code).toBe('NotImplemented');
  });

  it.each([
    ['PUT', { accessMonitor: '' }],
    ['GET', { accessMonitor: '' }],
    ['PUT', { publicAccessBlock: '' }],
    ['GET', { policyStatus: '' }],
    ['PUT', { policy: '', comp: 'callback' }],
    ['PUT', { httpsConfig: '' }],
  ] as const)('%s %j on a bucket', async (method, query) => {
    const res = await oss(t.app, method, { bucket: B, query, body: method === 'PUT' ? '<x/>' : undefined });
    expect(res.status).toBe(501);
    expect(parseErrorXml(res.text)?.code).toBe('NotImplemented');
  });

  it('GET /<key>?retention is not GetObject', async () => {
    await oss(t.app, 'PUT', { bucket: B, key: 'k', body: 'x' }).expect(200);
    const res = await oss(t.app, 'GET', { bucket: B, key: 'k', query: { retention: '' } });
    expect(res.status).toBe(501);
  });
});
