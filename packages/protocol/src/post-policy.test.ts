import { describe, expect, it } from 'vitest';
import { thrownProtocolError } from './test-support/thrown.js';
import { checkPostPolicy, parsePostPolicy } from './post-policy.js';

const NOW = new Date('2024-05-01T12:00:00Z');
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe('parsePostPolicy (§5.11)', () => {
  it('normalises every documented condition form', () => {
    const policy = parsePostPolicy(
      b64({
        expiration: '2014-12-01T12:00:00.000Z',
        conditions: [
          { bucket: 'b' },
          { key: 'exact.txt' },
          ['eq', '$Success_Action_Status', '201'],
          ['starts-with', '$key', 'user/eric/'],
          ['content-length-range', 1, 10],
          { callback: 'e30=' },
          ['in', '$content-type', ['image/png', 'image/jpeg']],
        ],
      }),
    );
    expect(policy.expiration.toISOString()).toBe('2014-12-01T12:00:00.000Z');
    expect(policy.conditions).toEqual([
      { type: 'eq', field: 'bucket', value: 'b' },
      { type: 'eq', field: 'key', value: 'exact.txt' },
      { type: 'eq', field: 'success_action_status', value: '201' },
      { type: 'starts-with', field: 'key', value: 'user/eric/' },
      { type: 'content-length-range', min: 1, max: 10 },
      { type: 'eq', field: 'callback', value: 'e30=' },
      { type: 'in', field: 'content-type', values: ['image/png', 'image/jpeg'] },
    ]);
  });

  it.each([
    ['not Base64', '%%%', /not valid Base64/],
    // OSS's messages for these two mistakes (HTTP 400 page): an unquoted name, a missing comma.
    ['not JSON', Buffer.from('{expiration: "2030-01-01T00:00:00Z"}').toString('base64'), /^Invalid Policy: Invalid JSON: unknown char e\.$/],
    ['a list without a comma', Buffer.from('{"expiration": "2030-01-01T00:00:00Z", "conditions": [{"bucket": "b"} ["eq", "$key", "a"]]}').toString('base64'), /^Invalid Policy: Invalid JSON: , or \] expected\.$/],
    ['cut short', Buffer.from('{"expiration": ').toString('base64'), /^Invalid Policy: Invalid JSON\.$/],
    ['a JSON array', b64([1]), /JSON object/],
    ['no expiration', b64({ conditions: [] }), /expiration/],
    ['a bad expiration', b64({ expiration: 'soon', conditions: [{ bucket: 'b' }] }), /expiration/],
    ['no conditions', b64({ expiration: '2030-01-01T00:00:00Z' }), /Simple-Conditions must have exactly one property specified/],
    [
      'a simple condition with two properties',
      b64({ expiration: '2030-01-01T00:00:00Z', conditions: [{ a: '1', b: '2' }] }),
      /Simple-Conditions must have exactly one property specified/,
    ],
    ['an unknown operator', b64({ expiration: '2030-01-01T00:00:00Z', conditions: [['lt', '$key', 'x']] }), /Invalid Condition/],
    [
      'an inverted range',
      b64({ expiration: '2030-01-01T00:00:00Z', conditions: [['content-length-range', 10, 1]] }),
      /content-length-range/,
    ],
  ])('rejects %s with 400 InvalidPolicyDocument', (_name, policy, message) => {
    const err = thrownProtocolError(() => parsePostPolicy(policy));
    expect([err.code, err.status]).toEqual(['InvalidPolicyDocument', 400]);
    expect(err.message).toMatch(message);
  });

  // PostObject reference, Appendix: Policy: "ISO 8601 ... in the GMT format", e.g. 2014-12-01T12:00:00.000Z.
  it.each(['2014-12-01T12:00:00.000Z', '2014-12-01T12:00:00Z', '2014-12-01T12:00:00.000000Z', '+010000-01-01T00:00:00.000Z'])(
    'takes the expiration %s',
    (expiration) => {
      expect(parsePostPolicy(b64({ expiration, conditions: [{ bucket: 'b' }] })).expiration.getTime()).toBe(new Date(expiration).getTime());
    },
  );

  it.each(['2014-12-01', '2014-12-01T12:00:00', '2014-12-01T20:00:00+08:00', 'Mon, 01 Dec 2014 12:00:00 GMT', '2014-12-01 12:00:00Z'])(
    'refuses the expiration %s, which is not ISO 8601 in GMT (EC 0006-00000212)',
    (expiration) => {
      const err = thrownProtocolError(() => parsePostPolicy(b64({ expiration, conditions: [{ bucket: 'b' }] })));
      expect([err.code, err.status, err.ec]).toEqual(['InvalidPolicyDocument', 400, '0006-00000212']);
    },
  );

  // EC pages https://help.aliyun.com/en/oss/user-guide/<ec>, one per fault of the conditions list.
  it.each([
    ['no conditions at all', { expiration: '2030-01-01T00:00:00Z' }, '0006-00000207'],
    ['conditions that are no list', { expiration: '2030-01-01T00:00:00Z', conditions: 123 }, '0006-00000214'],
    ['conditions as a map', { expiration: '2030-01-01T00:00:00Z', conditions: { key: 'a' } }, '0006-00000214'],
    ['an empty conditions list', { expiration: '2030-01-01T00:00:00Z', conditions: [] }, '0006-00000215'],
    ['a condition without a matching mode', { expiration: '2030-01-01T00:00:00Z', conditions: [['$key']] }, '0006-00000216'],
    ['an empty list condition', { expiration: '2030-01-01T00:00:00Z', conditions: [[]] }, '0006-00000216'],
    ['an unsupported matching mode', { expiration: '2030-01-01T00:00:00Z', conditions: [['ends-with', '$key', 'user/user1']] }, '0006-00000217'],
    ['a starts-with with an extra value', { expiration: '2030-01-01T00:00:00Z', conditions: [['starts-with', '$key', 'user/user1', 'test']] }, '0006-00000218'],
    ['an eq without a value', { expiration: '2030-01-01T00:00:00Z', conditions: [['eq', '$key']] }, '0006-00000218'],
    ['a content-length-range with one bound', { expiration: '2030-01-01T00:00:00Z', conditions: [['content-length-range', 10]] }, '0006-00000218'],
  ])('refuses %s with its EC', (_name, document, ec) => {
    const err = thrownProtocolError(() => parsePostPolicy(b64(document)));
    expect([err.code, err.status, err.ec]).toEqual(['InvalidPolicyDocument', 400, ec]);
    // The HTTP 400 page's message for a policy without conditions.
    if (ec === '0006-00000207' || ec === '0006-00000215') {
      expect(err.message).toBe('Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
    }
  });

  it.each([123, 'key', null, true])('refuses the condition %j, neither a list nor a map (EC 0006-00000222)', (condition) => {
    const err = thrownProtocolError(() => parsePostPolicy(b64({ expiration: '2030-01-01T00:00:00Z', conditions: [condition] })));
    expect([err.code, err.status, err.ec]).toEqual(['InvalidPolicyDocument', 400, '0006-00000222']);
  });

  // The reference's escape table: `$` marks a variable, `\$` is a literal dollar sign.
  it('reads \\$ in the policy as a literal $, leaving JSON escapes alone', () => {
    const text = '{"expiration":"2030-01-01T00:00:00Z","conditions":[["eq","$key","price-\\$5"],["starts-with","$x-oss-meta-path","C:\\\\$dir"]]}';
    const policy = parsePostPolicy(Buffer.from(text).toString('base64'));
    expect(policy.conditions).toEqual([
      { type: 'eq', field: 'key', value: 'price-$5' },
      { type: 'starts-with', field: 'x-oss-meta-path', value: 'C:\\$dir' },
    ]);
  });
});

describe('checkPostPolicy (§5.11)', () => {
  const policy = parsePostPolicy(
    b64({
      expiration: '2024-05-01T13:00:00.000Z',
      conditions: [
        { bucket: 'photos' },
        ['starts-with', '$key', 'user/'],
        ['eq', '$success_action_status', '200'],
        ['content-length-range', 1, 1024],
      ],
    }),
  );
  const fields = { key: 'user/a.txt', success_action_status: '200', 'x-oss-meta-extra': 'not in the policy' };
  const ctx = { bucket: 'photos', contentLength: 100, now: NOW };

  it('passes a matching form; fields the policy does not mention are not checked', () => {
    expect(() => checkPostPolicy(policy, fields, ctx)).not.toThrow();
  });

  it('matches field names case-insensitively', () => {
    expect(() => checkPostPolicy(policy, { Key: 'user/a.txt', Success_Action_Status: '200' }, ctx)).not.toThrow();
  });

  it.each([
    ['eq', { ...fields, success_action_status: '201' }, ctx, '["eq", "$success_action_status", "200"]'],
    ['starts-with', { ...fields, key: 'admin/a.txt' }, ctx, '["starts-with", "$key", "user/"]'],
    ['bucket', fields, { ...ctx, bucket: 'other' }, '["eq", "$bucket", "photos"]'],
  ])('a failed %s condition → 403 AccessDenied with the OSS message', (_name, form, context, condition) => {
    const err = thrownProtocolError(() => checkPostPolicy(policy, form, context));
    expect([err.code, err.status, err.ec]).toEqual(['AccessDenied', 403, '0006-00000227']);
    expect(err.message).toBe(`Invalid according to Policy: Policy Condition failed: ${condition}`);
  });

  // EC page https://help.aliyun.com/en/oss/user-guide/0006-00000226: a field a condition names must
  // be in the form, even when the condition would accept an empty value.
  it.each([
    ['an eq condition', ['eq', '$success_action_status', '200'], '["eq", "$success_action_status", "200"]'],
    ['a starts-with "" condition', ['starts-with', '$x-oss-meta-tag', ''], '["starts-with", "$x-oss-meta-tag", ""]'],
    ['a not-in condition', ['not-in', '$cache-control', ['no-cache']], '["not-in", "$cache-control", ["no-cache"]]'],
    ['an exact-match map', { 'content-type': 'image/png' }, '["eq", "$content-type", "image/png"]'],
  ])('a field missing from the form for %s → 403 AccessDenied (EC 0006-00000226)', (_name, condition, quoted) => {
    const p = parsePostPolicy(b64({ expiration: '2030-01-01T00:00:00Z', conditions: [condition] }));
    const err = thrownProtocolError(() => checkPostPolicy(p, { key: 'user/a.txt' }, ctx));
    expect([err.code, err.status, err.ec]).toEqual(['AccessDenied', 403, '0006-00000226']);
    expect(err.message).toBe(`Invalid according to Policy: Policy Condition failed: ${quoted}`);
  });

  it('a present but empty field is checked as sent, and bucket is always the target', () => {
    const p = parsePostPolicy(b64({ expiration: '2030-01-01T00:00:00Z', conditions: [{ bucket: 'photos' }, ['starts-with', '$x-oss-meta-tag', '']] }));
    expect(() => checkPostPolicy(p, { 'x-oss-meta-tag': '' }, ctx)).not.toThrow();
  });

  // EC pages 0006-00000003 (over the range) and 0006-00000004 (under it): size errors, not AccessDenied.
  it.each([
    [1025, 'EntityTooLarge', '0006-00000003'],
    [0, 'EntityTooSmall', '0006-00000004'],
  ])('a file of %i bytes outside content-length-range [1, 1024] → 400 %s (EC %s)', (contentLength, code, ec) => {
    const err = thrownProtocolError(() => checkPostPolicy(policy, fields, { ...ctx, contentLength }));
    expect([err.code, err.status, err.ec]).toEqual([code, 400, ec]);
    // OSS's messages (HTTP 400 page), "smaller" without "is" as OSS writes it.
    expect(err.message).toBe(
      code === 'EntityTooLarge' ? 'Your proposed upload exceeds the maximum allowed size.' : 'Your proposed upload smaller than the minimum allowed size.',
    );
  });

  it('in / not-in list conditions', () => {
    const p = parsePostPolicy(
      b64({
        expiration: '2030-01-01T00:00:00Z',
        conditions: [
          ['in', '$content-type', ['image/png', 'image/jpeg']],
          ['not-in', '$cache-control', ['no-cache']],
        ],
      }),
    );
    expect(() => checkPostPolicy(p, { 'Content-Type': 'image/png', 'Cache-Control': 'max-age=60' }, ctx)).not.toThrow();
    expect(thrownProtocolError(() => checkPostPolicy(p, { 'content-type': 'text/html', 'cache-control': 'max-age=60' }, ctx)).message).toBe(
      'Invalid according to Policy: Policy Condition failed: ["in", "$content-type", ["image/png", "image/jpeg"]]',
    );
    expect(
      thrownProtocolError(() => checkPostPolicy(p, { 'content-type': 'image/png', 'cache-control': 'no-cache' }, ctx)).message,
    ).toBe('Invalid according to Policy: Policy Condition failed: ["not-in", "$cache-control", ["no-cache"]]');
  });

  it('reproduces the §5.6 example message exactly', () => {
    const p = parsePostPolicy(b64({ expiration: '2030-01-01T00:00:00Z', conditions: [['eq', '$success_action_status', '200']] }));
    const err = thrownProtocolError(() => checkPostPolicy(p, { success_action_status: '204' }, ctx));
    expect(err.message).toBe('Invalid according to Policy: Policy Condition failed: ["eq", "$success_action_status", "200"]');
  });

  it('an expired policy → 403 AccessDenied "Invalid according to Policy: Policy expired."', () => {
    const err = thrownProtocolError(() => checkPostPolicy(policy, fields, { ...ctx, now: new Date('2024-05-01T13:00:01Z') }));
    expect([err.code, err.status, err.message]).toEqual(['AccessDenied', 403, 'Invalid according to Policy: Policy expired.']);
  });
});
