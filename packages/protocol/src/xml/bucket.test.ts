import { describe, expect, it } from 'vitest';
import { OssProtocolError } from '../errors.js';
import {
  buildAccessControlPolicy,
  buildBucketInfo,
  buildCreateBucketConfiguration,
  buildLocationConstraint,
  parseAccessControlPolicy,
  parseBucketInfo,
  parseCreateBucketConfiguration,
  parseLocationConstraint,
} from './bodies.js';
import type { BucketInfo } from './bodies.js';

// docs/rest-api.md §5.9 GetBucketInfo capture (Python); the elided values are filled in and the
// trailing "…" elements dropped.
const BUCKET_INFO_CAPTURE =
  '<BucketInfo><Bucket><CreationDate>2013-07-31T10:56:21.000Z</CreationDate><ExtranetEndpoint>oss-cn-hangzhou.aliyuncs.com</ExtranetEndpoint><IntranetEndpoint>oss-cn-hangzhou-internal.aliyuncs.com</IntranetEndpoint><Location>oss-cn-hangzhou</Location><StorageClass>Standard</StorageClass><Name>oss-example</Name><Owner><DisplayName>username</DisplayName><ID>27183473914****</ID></Owner><AccessControlList><Grant>private</Grant></AccessControlList><Comment>extra elements are ignored</Comment></Bucket></BucketInfo>';

describe('BucketInfo (docs/rest-api.md §5.9)', () => {
  it('parses the capture', () => {
    expect(parseBucketInfo(BUCKET_INFO_CAPTURE)).toEqual({
      name: 'oss-example',
      creationDate: new Date('2013-07-31T10:56:21.000Z'),
      location: 'oss-cn-hangzhou',
      region: '',
      extranetEndpoint: 'oss-cn-hangzhou.aliyuncs.com',
      intranetEndpoint: 'oss-cn-hangzhou-internal.aliyuncs.com',
      storageClass: 'Standard',
      owner: { id: '27183473914****', displayName: 'username' },
      acl: 'private',
      comment: 'extra elements are ignored',
    });
  });

  it('writes the capture element order (Region after Location)', () => {
    const info: BucketInfo = { ...parseBucketInfo(BUCKET_INFO_CAPTURE), region: 'cn-hangzhou' };
    const xml = buildBucketInfo(info);
    const names = [...xml.matchAll(/^ {4}<(\w+)>/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'CreationDate',
      'ExtranetEndpoint',
      'IntranetEndpoint',
      'Location',
      'Region',
      'StorageClass',
      'Name',
      'Owner',
      'AccessControlList',
      'Comment',
    ]);
    expect(xml).toContain('<CreationDate>2013-07-31T10:56:21.000Z</CreationDate>');
    expect(parseBucketInfo(xml)).toEqual(info);
  });

  // The GetBucketInfo reference's sample response
  // (https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketinfo).
  const REFERENCE_SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<BucketInfo>
  <Bucket>
    <CreationDate>2013-07-31T10:56:21.000Z</CreationDate>
    <ExtranetEndpoint>oss-cn-hangzhou.aliyuncs.com</ExtranetEndpoint>
    <IntranetEndpoint>oss-cn-hangzhou-internal.aliyuncs.com</IntranetEndpoint>
    <Location>oss-cn-hangzhou</Location>
    <StorageClass>Standard</StorageClass>
    <TransferAcceleration>Disabled</TransferAcceleration>
    <CrossRegionReplication>Disabled</CrossRegionReplication>
    <HierarchicalNamespace>Enabled</HierarchicalNamespace>
    <Name>oss-example</Name>
    <ResourceGroupId>rg-aek27tc********</ResourceGroupId>
    <Owner>
      <DisplayName>username</DisplayName>
      <ID>27183473914****</ID>
    </Owner>
    <AccessControlList>
      <Grant>private</Grant>
    </AccessControlList>
    <Comment>test</Comment>
    <BucketPolicy>
      <LogBucket>examplebucket</LogBucket>
      <LogPrefix>log/</LogPrefix>
    </BucketPolicy>
  </Bucket>
</BucketInfo>`;

  it("reads the reference sample's transfer acceleration and logging target", () => {
    expect(parseBucketInfo(REFERENCE_SAMPLE)).toMatchObject({
      transferAcceleration: 'Disabled',
      bucketPolicy: { logBucket: 'examplebucket', logPrefix: 'log/' },
    });
    expect(parseBucketInfo(REFERENCE_SAMPLE)).not.toHaveProperty('versioning');
  });

  it('writes the settings in the reference order, KMS fields only when set', () => {
    const info: BucketInfo = {
      ...parseBucketInfo(REFERENCE_SAMPLE),
      region: 'cn-hangzhou',
      versioning: 'Enabled',
      serverSideEncryptionRule: { sseAlgorithm: 'KMS', kmsMasterKeyId: 'key-1', kmsDataEncryption: 'SM4' },
    };
    const xml = buildBucketInfo(info);
    const names = [...xml.matchAll(/^ {4}<(\w+)>/gm)].map((m) => m[1]).join(' ');
    expect(names).toBe(
      'CreationDate ExtranetEndpoint IntranetEndpoint Location Region StorageClass TransferAcceleration CrossRegionReplication Name ResourceGroupId Owner AccessControlList Comment Versioning ServerSideEncryptionRule BucketPolicy',
    );
    expect(xml).toContain('<SSEAlgorithm>KMS</SSEAlgorithm>');
    expect(parseBucketInfo(xml)).toEqual(info);
    const none = buildBucketInfo({ ...info, serverSideEncryptionRule: { sseAlgorithm: 'None' } });
    expect(none).not.toContain('KMSMasterKeyID');
    expect(parseBucketInfo(none).serverSideEncryptionRule).toEqual({ sseAlgorithm: 'None' });
  });

  it('requires the ACL grant', () => {
    expect(() => parseBucketInfo(BUCKET_INFO_CAPTURE.replace(/<AccessControlList>.*<\/AccessControlList>/, ''))).toThrow(
      OssProtocolError,
    );
  });
});

describe('LocationConstraint (docs/rest-api.md §5.9)', () => {
  it('builds and parses', () => {
    const xml = buildLocationConstraint('oss-cn-hangzhou');
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint>oss-cn-hangzhou</LocationConstraint>\n');
    expect(parseLocationConstraint(xml)).toBe('oss-cn-hangzhou');
    expect(parseLocationConstraint('<LocationConstraint/>')).toBe('');
    expect(() => parseLocationConstraint('<LocationConstraint><X/></LocationConstraint>')).toThrow(OssProtocolError);
  });
});

describe('AccessControlPolicy', () => {
  it('writes Owner then AccessControlList/Grant and round-trips', () => {
    const acl = { owner: { id: '0022012****', displayName: 'user_example' }, grant: 'public-read' };
    const xml = buildAccessControlPolicy(acl);
    expect(xml.replace(/>\s+</g, '><')).toContain(
      '<AccessControlPolicy><Owner><ID>0022012****</ID><DisplayName>user_example</DisplayName></Owner><AccessControlList><Grant>public-read</Grant></AccessControlList></AccessControlPolicy>',
    );
    expect(parseAccessControlPolicy(xml)).toEqual(acl);
  });

  it('rejects a policy without a grant', () => {
    expect(() => parseAccessControlPolicy('<AccessControlPolicy><Owner/></AccessControlPolicy>')).toThrow(/not well-formed/);
  });
});

describe('CreateBucketConfiguration (docs/rest-api.md §5.9)', () => {
  it('reads the storage class of the documented body', () => {
    expect(
      parseCreateBucketConfiguration(
        '<CreateBucketConfiguration><StorageClass>Standard</StorageClass></CreateBucketConfiguration>',
      ),
    ).toEqual({ storageClass: 'Standard' });
  });

  it("reads DataRedundancyType, and writes the body back with the elements given (the Go SDK v2 mock test's body)", () => {
    const xml = '<CreateBucketConfiguration><StorageClass>Archive</StorageClass><DataRedundancyType>LRS</DataRedundancyType></CreateBucketConfiguration>';
    const both = { storageClass: 'Archive', dataRedundancyType: 'LRS' };
    expect(parseCreateBucketConfiguration(xml)).toEqual(both);
    expect(parseCreateBucketConfiguration(buildCreateBucketConfiguration(both))).toEqual(both);
    expect(parseCreateBucketConfiguration(buildCreateBucketConfiguration({ dataRedundancyType: 'ZRS' }))).toEqual({ dataRedundancyType: 'ZRS' });
  });

  it('has no storage class when the element is absent', () => {
    expect(parseCreateBucketConfiguration('<?xml version="1.0"?>\n<CreateBucketConfiguration/>')).toEqual({});
  });

  it('rejects other documents', () => {
    expect(() => parseCreateBucketConfiguration('<Other/>')).toThrow(OssProtocolError);
    expect(() => parseCreateBucketConfiguration('<CreateBucketConfiguration>')).toThrow(OssProtocolError);
  });
});
