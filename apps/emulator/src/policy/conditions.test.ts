/** Condition blocks against request values: RAM's operators, missing keys, and what cannot be decided. */
import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluatePolicy, parsePolicy } from './index.js';
import type { ConditionContext, ConditionOutcome } from './index.js';

const REQUEST: ConditionContext = {
  'acs:sourceip': '::ffff:192.168.1.20',
  'acs:securetransport': 'false',
  'acs:currenttime': '2026-06-01T12:00:00Z',
  'acs:useragent': 'aliyun-sdk-js/6.23.0',
  'acs:referer': 'https://www.example.com/page.html',
  'acs:accessid': 'LTAI-test',
  'oss:prefix': 'hangzhou/2015/',
  'oss:x-oss-object-acl': 'private',
  'oss:existingobjecttag/Team': 'blue',
  'oss:buckettag/env': 'dev',
  'oss:requestobjecttag/project': 'apollo',
};

const cases: [string, Record<string, unknown>, ConditionOutcome][] = [
  ['IpAddress: a CIDR block holding the (IPv4-mapped) peer', { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '192.168.1.0/24'] } }, true],
  ['IpAddress: a single address', { IpAddress: { 'acs:SourceIp': '192.168.1.20' } }, true],
  ['IpAddress: outside every block', { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8'] } }, false],
  ['NotIpAddress: outside the block', { NotIpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }, true],
  ['IpAddress: an IPv6 block never holds an IPv4 peer', { IpAddress: { 'acs:SourceIp': '::/0' } }, false],
  ['Bool: SecureTransport false', { Bool: { 'acs:SecureTransport': 'false' } }, true],
  ['Bool: SecureTransport true', { Bool: { 'acs:SecureTransport': ['true'] } }, false],
  ['StringLike: oss:Prefix', { StringLike: { 'oss:Prefix': 'hangzhou/2015/*' } }, true],
  ['StringLike: is case-sensitive', { StringLike: { 'oss:Prefix': 'Hangzhou/*' } }, false],
  ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'acs:AccessId': 'ltai-TEST' } }, true],
  ['StringEquals: one of several values', { StringEquals: { 'acs:AccessId': ['other', 'LTAI-test'] } }, true],
  ['StringNotEquals: equal to one value', { StringNotEquals: { 'acs:AccessId': ['other', 'LTAI-test'] } }, false],
  ['StringNotLike: Referer off the site', { StringNotLike: { 'acs:Referer': 'https://bad.example/*' } }, true],
  ['DateLessThan: before the deadline', { DateLessThan: { 'acs:CurrentTime': '2026-12-31T00:00:00Z' } }, true],
  ['DateGreaterThan: before the start', { DateGreaterThan: { 'acs:CurrentTime': '2027-01-01T00:00:00Z' } }, false],
  ['keys are case-insensitive, operators too', { stringlike: { 'ACS:USERAGENT': 'aliyun-sdk-js/*' } }, true],
  ['every operator must hold (AND)', { Bool: { 'acs:SecureTransport': 'false' }, IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }, false],
  ['a missing key fails a positive operator', { StringLike: { 'oss:Delimiter': '/' } }, false],
  ['a missing key passes a negated one (no VPC is not that VPC)', { StringNotEquals: { 'acs:SourceVpc': 'vpc-t4nlw426y44rd3iq4xxxx' } }, true],
  ['an unknown key is undecidable', { StringEquals: { 'oss:x-oss-storage-class': 'IA' } }, 'undecidable'],
  ['an unknown operator is undecidable', { ArnLike: { 'acs:SourceIp': '*' } }, 'undecidable'],
  ['a decided false wins over an undecidable key', { StringEquals: { 'oss:x-oss-storage-class': 'IA', 'acs:AccessId': 'other' } }, false],
  ['a malformed CIDR never holds', { IpAddress: { 'acs:SourceIp': '192.168.1.0/33' } }, false],
  // …IfExists, Null and the set qualifiers, as docs/fidelity.md reads them.
  ['StringEqualsIfExists: an absent key holds', { StringEqualsIfExists: { 'oss:Delimiter': '/' } }, true],
  ['StringEqualsIfExists: a present key is compared', { StringEqualsIfExists: { 'oss:x-oss-object-acl': 'public-read' } }, false],
  ['StringNotEqualsIfExists: an absent key holds', { StringNotEqualsIfExists: { 'oss:Delimiter': '/' } }, true],
  ['StringNotEqualsIfExists: a present key equal to the value fails', { StringNotEqualsIfExists: { 'acs:Referer': 'https://www.example.com/page.html' } }, false],
  ['StringNotEqualsIfExists: a present key that differs holds', { StringNotEqualsIfExists: { 'oss:x-oss-object-acl': 'public-read' } }, true],
  ['IpAddressIfExists: a present address is compared', { IpAddressIfExists: { 'acs:SourceIp': '10.0.0.0/8' } }, false],
  ['DateLessThanIfExists / BoolIfExists read like their plain forms', { DateLessThanIfExists: { 'acs:CurrentTime': '2027-01-01T00:00:00Z' }, BoolIfExists: { 'acs:SecureTransport': 'false' } }, true],
  ['Null true: the key is absent', { Null: { 'oss:Delimiter': 'true' } }, true],
  ['Null true: the key is present', { Null: { 'oss:x-oss-object-acl': 'true' } }, false],
  ['Null false: the key is present', { Null: { 'oss:x-oss-object-acl': false } }, true],
  ['Null false: the key is absent', { Null: { 'acs:SourceVpc': 'false' } }, false],
  ['Null with a value other than true/false never holds', { Null: { 'acs:Referer': 'yes' } }, false],
  ['ForAnyValue: a present value matching one policy value', { 'ForAnyValue:StringEquals': { 'oss:x-oss-object-acl': ['private', 'default'] } }, true],
  ['ForAnyValue: an absent key is the empty set, nothing matches', { 'ForAnyValue:StringEquals': { 'oss:Delimiter': '/' } }, false],
  ['ForAllValues: an absent key is the empty set, all of nothing match', { 'ForAllValues:StringEquals': { 'oss:Delimiter': '/' } }, true],
  ['ForAllValues: a present value outside the policy values', { 'ForAllValues:StringLike': { 'oss:x-oss-object-acl': 'public-*' } }, false],
  ['ForAllValues:StringNotEquals: the value matches none', { 'ForAllValues:StringNotEquals': { 'oss:x-oss-object-acl': 'public-read' } }, true],
  ['ExistingObjectTag: the prefix in any case, the tag key as written', { StringEquals: { 'OSS:ExistingObjectTag/Team': 'blue' } }, true],
  ['ExistingObjectTag: tag keys are case-sensitive', { StringEquals: { 'oss:ExistingObjectTag/team': 'blue' } }, false],
  ['BucketTag: a tag the bucket has, and one it lacks', { StringEquals: { 'oss:BucketTag/env': 'dev' }, Null: { 'oss:BucketTag/owner': 'true' } }, true],
  ['RequestObjectTag: the tags the request sets', { StringEquals: { 'oss:RequestObjectTag/project': 'apollo' }, Null: { 'oss:RequestObjectTag/owner': 'true' } }, true],
  ['qualifier and suffix together: absent key holds', { 'ForAnyValue:StringEqualsIfExists': { 'oss:Delimiter': '/' } }, true],
];

describe('evaluateCondition', () => {
  it.each(cases)('%s', (_name, condition, expected) => {
    expect(evaluateCondition(condition, REQUEST)).toBe(expected);
  });
});

describe('conditions inside policies', () => {
  const doc = parsePolicy({
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: 'oss:ListObjects', Resource: 'acs:oss:*:*:b', Condition: { StringLike: { 'oss:Prefix': 'public/*' } } },
      { Effect: 'Deny', Action: 'oss:*', Resource: '*', Condition: { StringEquals: { 'oss:x-oss-storage-class': 'Archive' } } },
    ],
  });
  const list = (prefix: string | undefined) =>
    evaluatePolicy({ Version: '1', Statement: [doc.Statement[0]!] }, { action: 'oss:ListObjects', resource: 'acs:oss:r:1:b', context: { 'oss:prefix': prefix } });

  it('an Allow applies when its condition holds, not when it fails', () => {
    expect(list('public/photos/')).toBe('Allow');
    expect(list('private/')).toBe('ImplicitDeny');
    expect(list(undefined)).toBe('ImplicitDeny');
  });
  it('an undecidable Deny applies (the safe way); without a context every condition is undecidable', () => {
    expect(evaluatePolicy(doc, { action: 'oss:ListObjects', resource: 'acs:oss:r:1:b', context: { 'oss:prefix': 'public/' } })).toBe('ExplicitDeny');
    expect(evaluatePolicy({ Version: '1', Statement: [doc.Statement[0]!] }, { action: 'oss:ListObjects', resource: 'acs:oss:r:1:b' })).toBe('ImplicitDeny');
  });
});

describe('bucket policy principals', () => {
  const policy = (statement: Record<string, unknown>) =>
    parsePolicy({ Version: '1', Statement: [{ Effect: 'Deny', Action: 'oss:GetObject', Resource: 'acs:oss:*:*:b/*', ...statement }] });
  const get = { action: 'oss:GetObject', resource: 'acs:oss:r:1:b/x', context: { 'acs:sourceip': '127.0.0.1' } };

  it('Principal * without a Condition spares the bucket owner, with one it does not', () => {
    expect(evaluatePolicy(policy({ Principal: '*' }), { ...get, bucketOwner: true, principals: ['ossbox'] })).toBe('ImplicitDeny');
    expect(evaluatePolicy(policy({ Principal: '*' }), { ...get, principals: [] })).toBe('ExplicitDeny');
    const conditional = policy({ Principal: ['*'], Condition: { IpAddress: { 'acs:SourceIp': '127.0.0.0/8' } } });
    expect(evaluatePolicy(conditional, { ...get, bucketOwner: true, principals: ['ossbox'] })).toBe('ExplicitDeny');
  });
  it('a listed principal applies to the owner; an empty Principal list means *', () => {
    expect(evaluatePolicy(policy({ Principal: ['ossbox'] }), { ...get, bucketOwner: true, principals: ['ossbox'] })).toBe('ExplicitDeny');
    expect(evaluatePolicy(policy({ Principal: [] }), { ...get, principals: [] })).toBe('ExplicitDeny');
  });
  it('principal patterns take wildcards (any session of a role)', () => {
    const doc = policy({ Principal: ['arn:sts::1234567890123456:assumed-role/uploader/*'] });
    expect(evaluatePolicy(doc, { ...get, principals: ['arn:sts::1234567890123456:assumed-role/uploader/user-42'] })).toBe('ExplicitDeny');
    expect(evaluatePolicy(doc, { ...get, principals: ['arn:sts::1234567890123456:assumed-role/reader/user-42'] })).toBe('ImplicitDeny');
  });
});
