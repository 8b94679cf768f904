/**
 * Bucket configuration bodies. The `ALI_OSS` bodies are exactly what ali-oss 6.23 sends (captured
 * from its put* methods with the request stubbed: lib/common/bucket/*.js and lib/bucket.js).
 */
import { describe, expect, it } from 'vitest';
import {
  buildBucketStat,
  buildListInventoryConfigurationsResult,
  buildRefererConfiguration,
  buildRequestPaymentConfiguration,
  buildVersioningConfiguration,
  canonicalXml,
  DEFAULT_REFERER_CONFIGURATION,
  parseBucketLoggingStatus,
  parseBucketStat,
  parseBucketTagging,
  parseInventoryConfiguration,
  parseLifecycleConfiguration,
  parseRefererConfiguration,
  parseRequestPaymentConfiguration,
  parseServerSideEncryptionRule,
  parseTransferAccelerationConfiguration,
  parseVersioningConfiguration,
  parseWebsiteConfiguration,
  canonicalWebsiteConfiguration,
} from '../../index.js';
import { thrownProtocolError as thrown } from '../../test-support/thrown.js';

const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const ALI_OSS = {
  lifecycle:
    `${DECL}<LifecycleConfiguration><Rule><Prefix>logs/</Prefix><Status>Enabled</Status><Days>1</Days><Expiration><Days>1</Days></Expiration><ID>delete after one day</ID></Rule>` +
    '<Rule><Prefix>tmp/</Prefix><Status>Enabled</Status><Expiration><CreatedBeforeDate>2020-02-18T00:00:00.000Z</CreatedBeforeDate></Expiration><Tag><Key>a</Key><Value>1</Value></Tag></Rule>' +
    '<Rule><Prefix>mp/</Prefix><Status>Disabled</Status><AbortMultipartUpload><Days>2</Days></AbortMultipartUpload><Transition><Days>30</Days><StorageClass>IA</StorageClass></Transition></Rule></LifecycleConfiguration>',
  referer: `${DECL}<RefererConfiguration>\n  <AllowEmptyReferer>false</AllowEmptyReferer>\n  <RefererList>\n    <Referer>https://npm.taobao.org</Referer>\n    <Referer>http://cnpmjs.org</Referer>\n  </RefererList>\n</RefererConfiguration>`,
  refererDelete: `${DECL}<RefererConfiguration>\n  <AllowEmptyReferer>true</AllowEmptyReferer>\n  <RefererList />\n</RefererConfiguration>`,
  website:
    '<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix><SupportSubDir>true</SupportSubDir></IndexDocument><ErrorDocument><Key>404.html</Key></ErrorDocument></WebsiteConfiguration>',
  logging: `${DECL}<BucketLoggingStatus>\n<LoggingEnabled>\n<TargetBucket>examplebucket</TargetBucket>\n<TargetPrefix>logs/</TargetPrefix>\n</LoggingEnabled>\n</BucketLoggingStatus>`,
  encryptionKms: `${DECL}<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>key-id</KMSMasterKeyID></ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>`,
  tags: '<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag></TagSet></Tagging>',
  versioning: `${DECL}<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>`,
  payment: `${DECL}<RequestPaymentConfiguration><Payer>Requester</Payer></RequestPaymentConfiguration>`,
  inventory:
    `${DECL}<InventoryConfiguration><Id>report1</Id><IsEnabled>true</IsEnabled><Filter><Prefix>logs/</Prefix></Filter><Destination><OSSBucketDestination><Format>CSV</Format><AccountId>1234567890</AccountId>` +
    '<RoleArn>acs:ram::1234567890:role/AliyunOSSRole</RoleArn><Bucket>acs:oss:::destbucket</Bucket><Prefix>inv/</Prefix><Encryption></Encryption></OSSBucketDestination></Destination>' +
    '<Schedule><Frequency>Daily</Frequency></Schedule><IncludedObjectVersions>All</IncludedObjectVersions><OptionalFields><Field>Size</Field><Field>LastModifiedDate</Field></OptionalFields></InventoryConfiguration>',
};

const codeOf = (fn: () => unknown) => thrown(fn).code;

describe('canonicalXml', () => {
  it('re-serializes with the declaration and indentation, keeping order and unknown elements', () => {
    expect(canonicalXml(ALI_OSS.logging, 'BucketLoggingStatus')).toBe(
      `${DECL}<BucketLoggingStatus>\n  <LoggingEnabled>\n    <TargetBucket>examplebucket</TargetBucket>\n    <TargetPrefix>logs/</TargetPrefix>\n  </LoggingEnabled>\n</BucketLoggingStatus>\n`,
    );
    const lifecycle = canonicalXml(ALI_OSS.lifecycle, 'LifecycleConfiguration');
    expect(lifecycle).toContain('<ID>delete after one day</ID>');
    expect(parseLifecycleConfiguration(lifecycle)).toEqual(parseLifecycleConfiguration(ALI_OSS.lifecycle));
    expect(canonicalXml('<A><B>x &amp; y</B><B>z</B></A>', 'A')).toBe(`${DECL}<A>\n  <B>x &amp; y</B>\n  <B>z</B>\n</A>\n`);
  });

  it('refuses another root, text at the root and malformed input', () => {
    expect(codeOf(() => canonicalXml('<B/>', 'A'))).toBe('MalformedXML');
    expect(codeOf(() => canonicalXml('<A>text</A>', 'A'))).toBe('MalformedXML');
    expect(codeOf(() => canonicalXml('<A><B></A>', 'A'))).toBe('MalformedXML');
  });
});

describe('LifecycleConfiguration', () => {
  it("reads ali-oss's body", () => {
    const rules = parseLifecycleConfiguration(ALI_OSS.lifecycle);
    expect(rules).toHaveLength(3);
    expect(rules[0]).toMatchObject({ id: 'delete after one day', prefix: 'logs/', status: 'Enabled', expiration: { days: 1 } });
    expect(rules[1]).toMatchObject({ expiration: { createdBeforeDate: new Date('2020-02-18T00:00:00.000Z') }, tags: [{ key: 'a', value: '1' }] });
    expect(rules[2]).toMatchObject({ status: 'Disabled', abortMultipartUpload: { days: 2 }, transitions: [{ days: 30, storageClass: 'IA', isAccessTime: false }] });
  });

  it('reads Filter/Not and object size filters', () => {
    const [rule] = parseLifecycleConfiguration(
      '<LifecycleConfiguration><Rule><Prefix>a/</Prefix><Status>Enabled</Status><Filter><Not><Prefix>a/keep/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Not>' +
        '<ObjectSizeGreaterThan>10</ObjectSizeGreaterThan><ObjectSizeLessThan>100</ObjectSizeLessThan></Filter><Expiration><Days>3</Days></Expiration></Rule></LifecycleConfiguration>',
    );
    expect(rule).toMatchObject({ not: { prefix: 'a/keep/', tag: { key: 'k', value: 'v' } }, objectSizeGreaterThan: 10, objectSizeLessThan: 100 });
  });

  const rule = (inner: string) => `<LifecycleConfiguration><Rule><ID>r</ID><Prefix>p</Prefix><Status>Enabled</Status>${inner}</Rule></LifecycleConfiguration>`;
  it("reads the legacy Expiration Date the official Go SDK 1.x sends (BuildLifecycleRuleByDate('idone', 'one', true, 2015, 11, 11))", () => {
    const goSdkBody =
      '<LifecycleConfiguration><Rule><ID>idone</ID><Prefix>one</Prefix><Status>Enabled</Status>' +
      '<Expiration><Date>2015-11-11T00:00:00.000Z</Date></Expiration></Rule>' +
      '<Rule><ID>idtwo</ID><Prefix>two</Prefix><Status>Enabled</Status><Expiration><Days>3</Days></Expiration></Rule></LifecycleConfiguration>';
    const [byDate, byDays] = parseLifecycleConfiguration(goSdkBody);
    expect(byDate).toMatchObject({ id: 'idone', prefix: 'one', expiration: { date: new Date('2015-11-11T00:00:00.000Z') } });
    expect(byDays).toMatchObject({ id: 'idtwo', expiration: { days: 3 } });
  });

  it.each([
    ['no rule', '<LifecycleConfiguration/>', 'MalformedXML'],
    ['a rule without an action (EC 0014-00000026)', rule(''), 'MalformedXML'],
    ['an empty Expiration (EC 0014-00000060)', rule('<Expiration/>'), 'MalformedXML'],
    ['Days 0', rule('<Expiration><Days>0</Days></Expiration>'), 'InvalidArgument'],
    ['Days and CreatedBeforeDate', rule('<Expiration><Days>1</Days><CreatedBeforeDate>2020-02-18T00:00:00.000Z</CreatedBeforeDate></Expiration>'), 'InvalidArgument'],
    ['a legacy Date that is not midnight', rule('<Expiration><Date>2015-11-11T08:00:00.000Z</Date></Expiration>'), 'InvalidArgument'],
    ['a legacy Date with Days', rule('<Expiration><Days>1</Days><Date>2015-11-11T00:00:00.000Z</Date></Expiration>'), 'InvalidArgument'],
    ['a date that is not midnight', rule('<Expiration><CreatedBeforeDate>2020-02-18T10:00:00.000Z</CreatedBeforeDate></Expiration>'), 'InvalidArgument'],
    ['a bad status', rule('<Expiration><Days>1</Days></Expiration>').replace('Enabled', 'enabled'), 'InvalidArgument'],
    ['a transition to Standard', rule('<Transition><Days>1</Days><StorageClass>Standard</StorageClass></Transition>'), 'InvalidArgument'],
    ['tags with AbortMultipartUpload', rule('<Tag><Key>a</Key><Value>1</Value></Tag><AbortMultipartUpload><Days>1</Days></AbortMultipartUpload>'), 'InvalidArgument'],
    ['ExpiredObjectDeleteMarker with Days', rule('<Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>'), 'InvalidArgument'],
    ['a repeated ID', rule('<Expiration><Days>1</Days></Expiration>').replace('</LifecycleConfiguration>', '<Rule><ID>r</ID><Prefix>q</Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>'), 'InvalidArgument'],
  ])('refuses %s', (_name, xml, code) => {
    expect(codeOf(() => parseLifecycleConfiguration(xml))).toBe(code);
  });

  it('carries the EC of the documented cases', () => {
    expect(thrown(() => parseLifecycleConfiguration(rule(''))).ec).toBe('0014-00000026');
    expect(thrown(() => parseLifecycleConfiguration(rule('<Expiration/>'))).ec).toBe('0014-00000060');
  });
});

describe('RefererConfiguration', () => {
  it("reads ali-oss's put and its deleteBucketReferer (the default)", () => {
    expect(parseRefererConfiguration(ALI_OSS.referer)).toEqual({
      allowEmptyReferer: false,
      allowTruncateQueryString: true,
      truncatePath: false,
      referers: ['https://npm.taobao.org', 'http://cnpmjs.org'],
      blacklist: [],
    });
    expect(parseRefererConfiguration(ALI_OSS.refererDelete)).toEqual(DEFAULT_REFERER_CONFIGURATION);
  });

  it('round-trips with a blacklist', () => {
    const config = { allowEmptyReferer: true, allowTruncateQueryString: false, truncatePath: false, referers: ['*.a.com'], blacklist: ['http://b.com/?x'] };
    expect(parseRefererConfiguration(buildRefererConfiguration(config))).toEqual(config);
    const empty = buildRefererConfiguration(DEFAULT_REFERER_CONFIGURATION);
    expect(empty).toContain('<RefererList>');
    expect(parseRefererConfiguration(empty)).toEqual(DEFAULT_REFERER_CONFIGURATION);
  });

  it("reads the official Go SDK's SetBucketReferer(bucket, nil, true) (one empty Referer) and []string{} (no RefererList) as an empty whitelist", () => {
    const nil = '<RefererConfiguration><AllowEmptyReferer>true</AllowEmptyReferer><RefererList><Referer></Referer></RefererList></RefererConfiguration>';
    const none = '<RefererConfiguration><AllowEmptyReferer>true</AllowEmptyReferer></RefererConfiguration>';
    expect(parseRefererConfiguration(nil)).toEqual(DEFAULT_REFERER_CONFIGURATION);
    expect(parseRefererConfiguration(none)).toEqual(DEFAULT_REFERER_CONFIGURATION);
    const mixed = '<RefererConfiguration><AllowEmptyReferer>false</AllowEmptyReferer><RefererList><Referer> </Referer><Referer>*.a.com</Referer></RefererList></RefererConfiguration>';
    expect(parseRefererConfiguration(mixed).referers).toEqual(['*.a.com']);
  });

  it('refuses a missing AllowEmptyReferer and TruncatePath without truncated query strings', () => {
    expect(codeOf(() => parseRefererConfiguration('<RefererConfiguration><RefererList/></RefererConfiguration>'))).toBe('MalformedXML');
    expect(
      codeOf(() =>
        parseRefererConfiguration(
          '<RefererConfiguration><AllowEmptyReferer>true</AllowEmptyReferer><AllowTruncateQueryString>false</AllowTruncateQueryString><TruncatePath>true</TruncatePath></RefererConfiguration>',
        ),
      ),
    ).toBe('InvalidArgument');
  });
});

describe('WebsiteConfiguration', () => {
  it("reads ali-oss's body (Type defaults to 0, HttpStatus to 404)", () => {
    expect(parseWebsiteConfiguration(ALI_OSS.website)).toEqual({
      index: { suffix: 'index.html', supportSubDir: true, type: 0 },
      error: { key: '404.html', httpStatus: 404 },
      routingRuleCount: 0,
    });
  });

  it('counts routing rules and checks their numbers', () => {
    const rules = (n: number[]) =>
      `<WebsiteConfiguration><RoutingRules>${n.map((i) => `<RoutingRule><RuleNumber>${i}</RuleNumber></RoutingRule>`).join('')}</RoutingRules></WebsiteConfiguration>`;
    expect(parseWebsiteConfiguration(rules([1, 2])).routingRuleCount).toBe(2);
    expect(codeOf(() => parseWebsiteConfiguration(rules([1, 1])))).toBe('InvalidArgument');
    expect(codeOf(() => parseWebsiteConfiguration(rules(Array.from({ length: 21 }, (_, i) => i + 1))))).toBe('InvalidArgument');
  });

  it("stores booleans in lower case (oss2 sends Python's True / False); a key spelled True stays", () => {
    const stored = canonicalWebsiteConfiguration(
      '<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix><SupportSubDir>True</SupportSubDir></IndexDocument>' +
        '<RoutingRules><RoutingRule><RuleNumber>1</RuleNumber><Redirect><RedirectType>Mirror</RedirectType><PassQueryString>True</PassQueryString>' +
        '<MirrorURL>http://a.example/</MirrorURL><MirrorPassQueryString>TRUE</MirrorPassQueryString><MirrorHeaders><PassAll>True</PassAll><Pass>True</Pass></MirrorHeaders></Redirect></RoutingRule>' +
        '<RoutingRule><RuleNumber>2</RuleNumber><Redirect><RedirectType>Internal</RedirectType><ReplaceKeyWith>True</ReplaceKeyWith></Redirect></RoutingRule></RoutingRules></WebsiteConfiguration>',
    );
    expect(stored).toContain('<SupportSubDir>true</SupportSubDir>');
    expect(stored).toContain('<PassQueryString>true</PassQueryString>');
    expect(stored).toContain('<MirrorPassQueryString>true</MirrorPassQueryString>');
    expect(stored).toContain('<PassAll>true</PassAll>');
    expect(stored).toContain('<Pass>True</Pass>');
    expect(stored).toContain('<ReplaceKeyWith>True</ReplaceKeyWith>');
  });

  it("answers a Mirror rule's PassQueryString with its MirrorPassQueryString", () => {
    const rule = (n: number, redirect: string) =>
      `<RoutingRule><RuleNumber>${n}</RuleNumber><Redirect>${redirect}<MirrorURL>http://a.example/</MirrorURL></Redirect></RoutingRule>`;
    const stored = canonicalWebsiteConfiguration(
      '<WebsiteConfiguration><RoutingRules>' +
        rule(1, '<RedirectType>Mirror</RedirectType><MirrorPassQueryString>True</MirrorPassQueryString>') +
        rule(2, '<RedirectType>Mirror</RedirectType><PassQueryString>true</PassQueryString><MirrorPassQueryString>false</MirrorPassQueryString>') +
        rule(3, '<RedirectType>Mirror</RedirectType><PassQueryString>true</PassQueryString>') +
        rule(4, '<RedirectType>External</RedirectType><MirrorPassQueryString>true</MirrorPassQueryString>') +
        '</RoutingRules></WebsiteConfiguration>',
    );
    const redirects = stored.split('<Redirect>').slice(1);
    expect(redirects[0]).toMatch(/<RedirectType>Mirror<\/RedirectType>\s*<PassQueryString>true<\/PassQueryString>/);
    expect(redirects[1]).toContain('<PassQueryString>false</PassQueryString>');
    expect(redirects[2]).toContain('<PassQueryString>true</PassQueryString>');
    expect(redirects[3]).not.toContain('<PassQueryString>');
  });

  it.each([
    ['nothing configured', '<WebsiteConfiguration/>', 'MalformedXML'],
    ['an IndexDocument without Suffix', '<WebsiteConfiguration><IndexDocument/></WebsiteConfiguration>', 'MalformedXML'],
    ['a Suffix with /', '<WebsiteConfiguration><IndexDocument><Suffix>a/index.html</Suffix></IndexDocument></WebsiteConfiguration>', 'InvalidArgument'],
    ['Type 3', '<WebsiteConfiguration><IndexDocument><Suffix>i.html</Suffix><Type>3</Type></IndexDocument></WebsiteConfiguration>', 'InvalidArgument'],
    ['HttpStatus 500', '<WebsiteConfiguration><ErrorDocument><Key>e.html</Key><HttpStatus>500</HttpStatus></ErrorDocument></WebsiteConfiguration>', 'InvalidArgument'],
  ])('refuses %s', (_name, xml, code) => {
    expect(codeOf(() => parseWebsiteConfiguration(xml))).toBe(code);
  });
});

describe('the other configurations', () => {
  it("BucketLoggingStatus: ali-oss's body, and an empty one (logging off)", () => {
    expect(parseBucketLoggingStatus(ALI_OSS.logging)).toEqual({ targetBucket: 'examplebucket', targetPrefix: 'logs/' });
    expect(parseBucketLoggingStatus('<BucketLoggingStatus/>')).toBeUndefined();
    expect(codeOf(() => parseBucketLoggingStatus('<BucketLoggingStatus><LoggingEnabled/></BucketLoggingStatus>'))).toBe('MalformedXML');
  });

  it("ServerSideEncryptionRule: ali-oss's KMS body; KMS options only with KMS", () => {
    expect(parseServerSideEncryptionRule(ALI_OSS.encryptionKms)).toEqual({ sseAlgorithm: 'KMS', kmsMasterKeyId: 'key-id' });
    const rule = (inner: string) => `<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault>${inner}</ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>`;
    expect(parseServerSideEncryptionRule(rule('<SSEAlgorithm>KMS</SSEAlgorithm><KMSDataEncryption>SM4</KMSDataEncryption>'))).toEqual({ sseAlgorithm: 'KMS', kmsDataEncryption: 'SM4' });
    expect(parseServerSideEncryptionRule(rule('<SSEAlgorithm>SM4</SSEAlgorithm><KMSMasterKeyID></KMSMasterKeyID>'))).toEqual({ sseAlgorithm: 'SM4' });
    expect(codeOf(() => parseServerSideEncryptionRule(rule('<SSEAlgorithm>SM4</SSEAlgorithm><KMSDataEncryption>SM4</KMSDataEncryption>')))).toBe('InvalidArgument');
    expect(codeOf(() => parseServerSideEncryptionRule(rule('<SSEAlgorithm>aes256</SSEAlgorithm>')))).toBe('InvalidArgument');
    expect(codeOf(() => parseServerSideEncryptionRule(rule('')))).toBe('MalformedXML');
  });

  it("bucket tags: ali-oss's body and the bucket limits", () => {
    expect(parseBucketTagging(ALI_OSS.tags)).toEqual([{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
    const tagging = (key: string, value = 'v') => `<Tagging><TagSet><Tag><Key>${key}</Key><Value>${value}</Value></Tag></TagSet></Tagging>`;
    expect(parseBucketTagging(tagging('k'.repeat(64), 'v'.repeat(128)))).toHaveLength(1);
    for (const bad of [tagging('k'.repeat(65)), tagging('k', 'v'.repeat(129)), tagging('http://x'), tagging('https://x'), tagging('Aliyun-x'), tagging('')]) {
      expect(codeOf(() => parseBucketTagging(bad)), bad).toMatch(/^(InvalidTag|MalformedXML)$/);
    }
    expect(codeOf(() => parseBucketTagging(tagging('http://x')))).toBe('InvalidTag');
  });

  it("versioning, request payment and transfer acceleration: ali-oss's bodies and the defaults", () => {
    expect(parseVersioningConfiguration(ALI_OSS.versioning)).toBe('Enabled');
    expect(parseVersioningConfiguration(buildVersioningConfiguration('Suspended'))).toBe('Suspended');
    expect(buildVersioningConfiguration(undefined)).toBe(`${DECL}<VersioningConfiguration></VersioningConfiguration>\n`);
    expect(codeOf(() => parseVersioningConfiguration('<VersioningConfiguration><Status>Off</Status></VersioningConfiguration>'))).toBe('InvalidArgument');
    expect(parseRequestPaymentConfiguration(ALI_OSS.payment)).toBe('Requester');
    expect(parseRequestPaymentConfiguration(buildRequestPaymentConfiguration('BucketOwner'))).toBe('BucketOwner');
    expect(parseTransferAccelerationConfiguration('<TransferAccelerationConfiguration><Enabled>true</Enabled></TransferAccelerationConfiguration>')).toBe(true);
    expect(codeOf(() => parseTransferAccelerationConfiguration('<TransferAccelerationConfiguration/>'))).toBe('InvalidArgument');
  });

  it("inventory: ali-oss's body, the id check, and the list", () => {
    expect(parseInventoryConfiguration(ALI_OSS.inventory, 'report1')).toEqual({ id: 'report1', isEnabled: true, destinationBucket: 'destbucket' });
    expect(codeOf(() => parseInventoryConfiguration(ALI_OSS.inventory, 'other'))).toBe('InvalidArgument');
    expect(codeOf(() => parseInventoryConfiguration(ALI_OSS.inventory.replace('Daily', 'Hourly'), 'report1'))).toBe('InvalidArgument');
    expect(codeOf(() => parseInventoryConfiguration(ALI_OSS.inventory.replace('acs:oss:::destbucket', 'destbucket'), 'report1'))).toBe('InvalidArgument');
    expect(codeOf(() => parseInventoryConfiguration(ALI_OSS.inventory.replace('<Field>Size</Field>', '<Field>Colour</Field>'), 'report1'))).toBe('InvalidArgument');
    const stored = canonicalXml(ALI_OSS.inventory, 'InventoryConfiguration');
    const list = buildListInventoryConfigurationsResult([stored, stored.replace(/report1/g, 'report2')], 'report2');
    expect(list).toContain('<ListInventoryConfigurationsResult>');
    expect(list.match(/<InventoryConfiguration>/g)).toHaveLength(2);
    expect(list).toContain('<IsTruncated>true</IsTruncated>');
    expect(list).toContain('<NextContinuationToken>report2</NextContinuationToken>');
    expect(buildListInventoryConfigurationsResult([])).toContain('<IsTruncated>false</IsTruncated>');
  });

  it('BucketStat: every element of the reference, readable back', () => {
    const perClass = (n: number) => ({ storage: n, realStorage: n, objectCount: 1 });
    const xml = buildBucketStat({
      storage: 1600, objectCount: 230, multipartUploadCount: 40, liveChannelCount: 4, multipartPartCount: 128,
      multipartPartStorage: 524288000, deleteMarkerCount: 12, lastModifiedTime: 1643341269,
      standard: perClass(430), infrequentAccess: perClass(1), archive: perClass(2), coldArchive: perClass(3), deepColdArchive: perClass(4),
    });
    for (const name of ['Storage', 'ObjectCount', 'MultipartUploadCount', 'LiveChannelCount', 'MultipartPartCount', 'MultipartPartStorage', 'DeleteMarkerCount', 'LastModifiedTime', 'StandardStorage', 'StandardObjectCount', 'InfrequentAccessStorage', 'InfrequentAccessRealStorage', 'InfrequentAccessObjectCount', 'ArchiveStorage', 'ArchiveRealStorage', 'ArchiveObjectCount', 'ColdArchiveStorage', 'ColdArchiveRealStorage', 'ColdArchiveObjectCount', 'DeepColdArchiveStorage', 'DeepColdArchiveRealStorage', 'DeepColdArchiveObjectCount']) {
      expect(xml, name).toContain(`<${name}>`);
    }
    expect(parseBucketStat(xml)).toEqual({ storage: 1600, objectCount: 230, multipartUploadCount: 40 });
  });
});
