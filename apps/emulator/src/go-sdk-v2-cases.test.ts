/**
 * What the official Go SDK v2's integration tests (aliyun/alibabacloud-oss-go-sdk-v2
 * oss/client_integration_test.go, run by Alibaba against OSS) assert on OSS's answers, where the
 * emulator answered otherwise, reduced to raw requests; the Go test is named in every case.
 */
import { describe, expect, it } from 'vitest';
import { parseErrorXml } from '@ossbox/protocol';
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
