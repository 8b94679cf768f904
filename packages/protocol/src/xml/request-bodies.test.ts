/**
 * Unusual but valid request bodies: every XML document a client may send to OSS is read the same
 * whatever its declaration, namespace, whitespace, comments, CDATA or child order, as XML 1.0
 * allows, and an empty part list completes an upload as an empty object
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/completemultipartupload).
 */
import { describe, expect, it } from 'vitest';
import {
  parseAccessControlPolicy,
  parseCompleteMultipartUpload,
  parseCreateBucketConfiguration,
  parseDeleteRequest,
} from '../index.js';

const PART = '<Part><PartNumber>1</PartNumber><ETag>"A"</ETag></Part>';

describe('CompleteMultipartUpload bodies', () => {
  it.each([
    ['self-closing empty list (0-byte multipart upload)', '<?xml version="1.0"?>\n<CompleteMultipartUpload/>', []],
    ['empty list with an end tag', '<CompleteMultipartUpload></CompleteMultipartUpload>', []],
    ['empty list with whitespace only', '<CompleteMultipartUpload>\n  \n</CompleteMultipartUpload>', []],
    ['encoding declaration', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><CompleteMultipartUpload>${PART}</CompleteMultipartUpload>`, [{ partNumber: 1, etag: '"A"' }]],
    ['byte order mark', `\uFEFF<?xml version="1.0"?><CompleteMultipartUpload>${PART}</CompleteMultipartUpload>`, [{ partNumber: 1, etag: '"A"' }]],
    ['default namespace', `<CompleteMultipartUpload xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com">${PART}</CompleteMultipartUpload>`, [{ partNumber: 1, etag: '"A"' }]],
    ['prefixed namespace', '<o:CompleteMultipartUpload xmlns:o="urn:x"><o:Part><o:PartNumber>1</o:PartNumber><o:ETag>A</o:ETag></o:Part></o:CompleteMultipartUpload>', [{ partNumber: 1, etag: 'A' }]],
    ['ETag before PartNumber', '<CompleteMultipartUpload><Part><ETag>A</ETag><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>', [{ partNumber: 2, etag: 'A' }]],
    ['indented, CRLF and padded values', '<CompleteMultipartUpload>\r\n  <Part>\r\n    <PartNumber> 3 </PartNumber>\r\n    <ETag>\n"B"\n</ETag>\r\n  </Part>\r\n</CompleteMultipartUpload>\r\n', [{ partNumber: 3, etag: '"B"' }]],
    ['comments and CDATA', '<CompleteMultipartUpload><!-- parts --><Part><PartNumber>1</PartNumber><ETag><![CDATA["A"]]></ETag></Part></CompleteMultipartUpload>', [{ partNumber: 1, etag: '"A"' }]],
  ])('%s', (_name, xml, parts) => {
    expect(parseCompleteMultipartUpload(xml)).toEqual(parts);
  });
});

describe('Delete (DeleteMultipleObjects) bodies', () => {
  it.each([
    ['Object before Quiet', '<Delete><Object><Key>a</Key></Object><Quiet> TRUE </Quiet></Delete>', { quiet: true, keys: ['a'] }],
    ['no Quiet, namespace, VersionId', '<Delete xmlns="urn:x"><Object><Key>a</Key><VersionId>null</VersionId></Object></Delete>', { quiet: false, keys: ['a'] }],
    ['key with spaces kept byte for byte', '<?xml version="1.0" encoding="UTF-8"?>\n<Delete>\n<Object><Key> a b </Key></Object>\n</Delete>', { quiet: false, keys: [' a b '] }],
  ])('%s', (_name, xml, expected) => {
    expect(parseDeleteRequest(xml)).toEqual(expected);
  });
});

describe('CreateBucketConfiguration and AccessControlPolicy bodies', () => {
  it('reads an empty configuration and one with extra elements', () => {
    expect(parseCreateBucketConfiguration('<CreateBucketConfiguration/>')).toEqual({});
    expect(
      parseCreateBucketConfiguration(
        '<CreateBucketConfiguration><DataRedundancyType>LRS</DataRedundancyType><StorageClass>Archive</StorageClass></CreateBucketConfiguration>',
      ),
    ).toEqual({ storageClass: 'Archive', dataRedundancyType: 'LRS' });
  });

  it('reads an ACL body whose elements come in another order', () => {
    expect(
      parseAccessControlPolicy(
        '<AccessControlPolicy><AccessControlList><Grant>private</Grant></AccessControlList><Owner><ID>1</ID></Owner></AccessControlPolicy>',
      ),
    ).toEqual({ owner: { id: '1', displayName: '' }, grant: 'private' });
  });
});
