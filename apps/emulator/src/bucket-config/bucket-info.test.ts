/** GetBucketInfo reports the stored transfer acceleration, versioning, default encryption and logging target. */
import { describe, expect, it } from 'vitest';
import { parseBucketInfo } from '@ossbox/protocol';
import { oss, useTestApp } from '../test-support/harness.js';

const B = 'examplebucket';

describe('GetBucketInfo with bucket configurations', () => {
  const t = useTestApp();
  const info = async () => {
    const res = await oss(t.app, 'GET', { bucket: B, query: { bucketInfo: '' } }).expect(200);
    return { xml: res.text, info: parseBucketInfo(res.text) };
  };
  const put = (sub: string, body: string) => oss(t.app, 'PUT', { bucket: B, query: { [sub]: '' }, body, headers: { 'Content-Type': 'application/xml' } }).expect(200);

  it('without configurations: acceleration Disabled, no Versioning, SSEAlgorithm None, empty logging target', async () => {
    const { xml, info: bucket } = await info();
    expect(bucket).toMatchObject({ transferAcceleration: 'Disabled', serverSideEncryptionRule: { sseAlgorithm: 'None' }, bucketPolicy: { logBucket: '', logPrefix: '' } });
    expect(xml).not.toContain('<Versioning>');
  });

  it('reports each configuration as put, and forgets the ones deleted', async () => {
    await put('versioning', '<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>');
    await put('transferAcceleration', '<TransferAccelerationConfiguration><Enabled>true</Enabled></TransferAccelerationConfiguration>');
    await put(
      'encryption',
      '<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>key-id</KMSMasterKeyID><KMSDataEncryption>SM4</KMSDataEncryption></ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>',
    );
    await put('logging', `<BucketLoggingStatus><LoggingEnabled><TargetBucket>${B}</TargetBucket><TargetPrefix>logs/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>`);
    expect((await info()).info).toMatchObject({
      versioning: 'Enabled',
      transferAcceleration: 'Enabled',
      serverSideEncryptionRule: { sseAlgorithm: 'KMS', kmsMasterKeyId: 'key-id', kmsDataEncryption: 'SM4' },
      bucketPolicy: { logBucket: B, logPrefix: 'logs/' },
    });

    await put('versioning', '<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>');
    await oss(t.app, 'DELETE', { bucket: B, query: { encryption: '' } }).expect(204);
    await oss(t.app, 'DELETE', { bucket: B, query: { logging: '' } }).expect(204);
    expect((await info()).info).toMatchObject({
      versioning: 'Suspended',
      serverSideEncryptionRule: { sseAlgorithm: 'None' },
      bucketPolicy: { logBucket: '', logPrefix: '' },
    });
  });
});
