import { describe, expect, it } from 'vitest';
import { evaluateAll, evaluatePolicy, matchesPattern, ossResourceArn, parsePolicy, PolicyGrammarError, ramActionOf } from './index.js';
import type { PolicyDecision } from './index.js';

const arn = (bucket?: string, key?: string) => ossResourceArn('cn-hangzhou', '1234567890', bucket, key);

/** The example: uploads confined to users/42/, with a callback; nothing else. */
const USER_42 = parsePolicy({
  Version: '1',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['oss:PutObject', 'oss:AbortMultipartUpload', 'oss:ListParts'],
      Resource: ['acs:oss:*:*:examplebucket/users/42/*'],
    },
  ],
});

const READ_ALL_BUT_SECRET = parsePolicy({
  Version: '1',
  Statement: [
    { Effect: 'Allow', Action: 'oss:*', Resource: ['acs:oss:*:*:examplebucket', 'acs:oss:*:*:examplebucket/*'] },
    { Effect: 'Deny', Action: ['oss:Get*'], Resource: 'acs:oss:*:*:examplebucket/secret/*' },
  ],
});

const cases: [string, Parameters<typeof parsePolicy>[0], string, string | undefined, PolicyDecision][] = [
  // prefix confinement
  ['put inside the prefix', USER_42, 'PutObject', 'users/42/a.txt', 'Allow'],
  ['put in a deeper folder', USER_42, 'PutObject', 'users/42/x/y/z.bin', 'Allow'],
  ['put in a sibling prefix', USER_42, 'PutObject', 'users/43/a.txt', 'ImplicitDeny'],
  ['put in a prefix sharing the digits', USER_42, 'PutObject', 'users/420/a.txt', 'ImplicitDeny'],
  ['put at the bucket root', USER_42, 'PutObject', 'a.txt', 'ImplicitDeny'],
  // multipart actions
  ['initiate multipart is PutObject', USER_42, 'InitiateMultipartUpload', 'users/42/big', 'Allow'],
  ['upload part is PutObject', USER_42, 'UploadPart', 'users/42/big', 'Allow'],
  ['complete is PutObject', USER_42, 'CompleteMultipartUpload', 'users/42/big', 'Allow'],
  ['abort is its own action', USER_42, 'AbortMultipartUpload', 'users/42/big', 'Allow'],
  ['list parts is its own action', USER_42, 'ListParts', 'users/42/big', 'Allow'],
  ['post object is PutObject', USER_42, 'PostObject', 'users/42/form.txt', 'Allow'],
  ['multipart outside the prefix', USER_42, 'UploadPart', 'users/43/big', 'ImplicitDeny'],
  // actions not granted
  ['get is not granted', USER_42, 'GetObject', 'users/42/a.txt', 'ImplicitDeny'],
  ['delete is not granted', USER_42, 'DeleteObject', 'users/42/a.txt', 'ImplicitDeny'],
  ['list uploads is not granted', USER_42, 'ListMultipartUploads', undefined, 'ImplicitDeny'],
  // wildcards and deny wins
  ['oss:* allows a get', READ_ALL_BUT_SECRET, 'GetObject', 'public/a.txt', 'Allow'],
  ['oss:* allows listing the bucket', READ_ALL_BUT_SECRET, 'ListObjects', undefined, 'Allow'],
  ['deny wins over oss:*', READ_ALL_BUT_SECRET, 'GetObject', 'secret/a.txt', 'ExplicitDeny'],
  ['deny Get* covers GetObjectAcl', READ_ALL_BUT_SECRET, 'GetObjectAcl', 'secret/a.txt', 'ExplicitDeny'],
  ['deny Get* leaves Put alone', READ_ALL_BUT_SECRET, 'PutObject', 'secret/a.txt', 'Allow'],
  ['the bucket ARN itself is a listed resource', READ_ALL_BUT_SECRET, 'GetBucketInfo', undefined, 'Allow'],
];

describe('evaluatePolicy', () => {
  it.each(cases)('%s', (_name, policy, operation, key, expected) => {
    const doc = parsePolicy(policy);
    expect(evaluatePolicy(doc, { action: ramActionOf(operation), resource: arn('examplebucket', key) })).toBe(expected);
  });

  it('confines to a bucket: the same key in another bucket is denied', () => {
    expect(evaluatePolicy(USER_42, { action: 'oss:PutObject', resource: arn('otherbucket', 'users/42/a') })).toBe('ImplicitDeny');
    expect(evaluatePolicy(READ_ALL_BUT_SECRET, { action: 'oss:GetObject', resource: arn('otherbucket', 'a') })).toBe('ImplicitDeny');
  });

  it('compares actions case-insensitively and resources case-sensitively', () => {
    expect(evaluatePolicy(USER_42, { action: 'OSS:PUTOBJECT', resource: arn('examplebucket', 'users/42/a') })).toBe('Allow');
    expect(evaluatePolicy(USER_42, { action: 'oss:PutObject', resource: arn('examplebucket', 'Users/42/a') })).toBe('ImplicitDeny');
  });

  it('takes ? as one character and escapes regex characters', () => {
    expect(matchesPattern('acs:oss:*:*:b/a?.txt', 'acs:oss:r:1:b/ab.txt')).toBe(true);
    expect(matchesPattern('acs:oss:*:*:b/a?.txt', 'acs:oss:r:1:b/abc.txt')).toBe(false);
    expect(matchesPattern('b/a.txt', 'b/aXtxt')).toBe(false);
    expect(matchesPattern('b/(x)+', 'b/(x)+')).toBe(true);
  });

  it('NotAction and NotResource invert the match', () => {
    const doc = parsePolicy({
      Version: '1',
      Statement: [{ Effect: 'Allow', NotAction: 'oss:Delete*', NotResource: 'acs:oss:*:*:b/locked/*' }],
    });
    expect(evaluatePolicy(doc, { action: 'oss:PutObject', resource: arn('b', 'x') })).toBe('Allow');
    expect(evaluatePolicy(doc, { action: 'oss:DeleteObject', resource: arn('b', 'x') })).toBe('ImplicitDeny');
    expect(evaluatePolicy(doc, { action: 'oss:PutObject', resource: arn('b', 'locked/x') })).toBe('ImplicitDeny');
  });

  it('conditions are taken the safe way: a conditional Allow never matches, a conditional Deny always does', () => {
    const doc = parsePolicy({
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: 'oss:GetObject', Resource: '*', Condition: { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } } },
        { Effect: 'Allow', Action: 'oss:PutObject', Resource: '*' },
        { Effect: 'Deny', Action: 'oss:PutObject', Resource: 'acs:oss:*:*:b/ro/*', Condition: { Bool: { 'acs:SecureTransport': 'false' } } },
      ],
    });
    expect(evaluatePolicy(doc, { action: 'oss:GetObject', resource: arn('b', 'x') })).toBe('ImplicitDeny');
    expect(evaluatePolicy(doc, { action: 'oss:PutObject', resource: arn('b', 'x') })).toBe('Allow');
    expect(evaluatePolicy(doc, { action: 'oss:PutObject', resource: arn('b', 'ro/x') })).toBe('ExplicitDeny');
  });

  it('matches Principal statements (bucket policies) only for a listed principal or *', () => {
    const doc = parsePolicy({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'oss:GetObject', Principal: ['2000'], Resource: 'acs:oss:*:*:b/*' }],
    });
    const request = { action: 'oss:GetObject', resource: arn('b', 'x') };
    expect(evaluatePolicy(doc, { ...request, principals: ['2000'] })).toBe('Allow');
    expect(evaluatePolicy(doc, { ...request, principals: ['3000'] })).toBe('ImplicitDeny');
    expect(evaluatePolicy(doc, request)).toBe('ImplicitDeny');
  });
});

describe('evaluateAll (role policy ∩ session policy)', () => {
  const role = READ_ALL_BUT_SECRET;
  const session = parsePolicy({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'oss:*', Resource: 'acs:oss:*:*:examplebucket/public/*' }] });
  const request = (key: string, action = 'oss:GetObject') => ({ action, resource: arn('examplebucket', key) });

  it('allows only what both allow', () => {
    expect(evaluateAll([role, session], request('public/a'))).toBe('Allow');
    expect(evaluateAll([role, session], request('private/a'))).toBe('ImplicitDeny');
    expect(evaluateAll([USER_42, session], request('public/a', 'oss:PutObject'))).toBe('ImplicitDeny');
  });

  it("a deny in either wins, even when the other allows", () => {
    const wide = parsePolicy({ Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(evaluateAll([role, wide], request('secret/a'))).toBe('ExplicitDeny');
    expect(evaluateAll([wide, role], request('secret/a'))).toBe('ExplicitDeny');
  });
});

describe('parsePolicy', () => {
  it.each([
    ['not JSON', '{"Version":'],
    ['not an object', '[]'],
    ['wrong version', { Version: '2', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
    ['no statement', { Version: '1', Statement: [] }],
    ['bad effect', { Version: '1', Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] }],
    ['no action', { Version: '1', Statement: [{ Effect: 'Allow', Resource: '*' }] }],
    ['both Action and NotAction', { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', NotAction: 'x', Resource: '*' }] }],
    ['no resource', { Version: '1', Statement: [{ Effect: 'Allow', Action: '*' }] }],
    ['empty action list', { Version: '1', Statement: [{ Effect: 'Allow', Action: [], Resource: '*' }] }],
    ['non-string resource', { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: [1] }] }],
    ['unknown field', { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Actions: 'x' }] }],
  ])('rejects %s', (_name, input) => {
    expect(() => parsePolicy(input)).toThrow(PolicyGrammarError);
  });

  it('normalises single strings to lists and accepts a single statement object', () => {
    expect(parsePolicy({ Version: '1', Statement: { Effect: 'Deny', Action: 'oss:*', Resource: '*' } })).toEqual({
      Version: '1',
      Statement: [{ Effect: 'Deny', Action: ['oss:*'], Resource: ['*'] }],
    });
  });
});
