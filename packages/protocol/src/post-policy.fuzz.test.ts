/**
 * Property tests of POST policy handling (PostObject forms come from browsers, i.e. anyone):
 * arbitrary policy values and arbitrary form fields only ever fail with a typed OssProtocolError,
 * and a policy the encoder wrote parses back to the same expiration and conditions.
 */
import { describe, expect, it } from 'vitest';
import { fc, fuzz, throwsOnly } from '@ossbox/fuzz';
import { OssProtocolError } from './errors.js';
import { checkPostPolicy, encodePostPolicy, parsePostPolicy } from './post-policy.js';

const base64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
const FIELD = fc.constantFrom(
  '$key',
  '$bucket',
  '$content-type',
  '$x-oss-meta-a',
  '$success_action_status',
  'key',
  'bucket',
  '$Content-Type',
);
/** Conditions in every documented shape, and wrong ones. */
const conditionArb = fc.oneof(
  fc.tuple(
    fc.constantFrom('eq', 'starts-with', 'in', 'not-in', 'EQ', 'x'),
    FIELD,
    fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })),
  ),
  fc.tuple(
    fc.constant('content-length-range'),
    fc.oneof(fc.integer(), fc.string()),
    fc.oneof(fc.integer(), fc.string()),
  ),
  fc.dictionary(
    fc.oneof(
      FIELD.map((f) => f.replace('$', '')),
      fc.string(),
    ),
    fc.oneof(fc.string(), fc.integer()),
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const policyJsonArb = fc.record(
  {
    expiration: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
      fc.integer(),
    ),
    conditions: fc.oneof(fc.array(conditionArb, { maxLength: 5 }), fc.jsonValue({ maxDepth: 2 })),
  },
  { requiredKeys: [] },
);
const policyValueArb = fc.oneof(
  fc.string(),
  policyJsonArb.map(base64),
  fc.jsonValue({ maxDepth: 2 }).map(base64),
);
const fieldsArb = fc.dictionary(
  fc.oneof(
    FIELD.map((f) => f.replace('$', '')),
    fc.string({ maxLength: 8 }),
  ),
  fc.string({ maxLength: 20 }),
  { maxKeys: 5 },
);

describe('POST policy on hostile input', () => {
  it('parsePostPolicy and checkPostPolicy throw only typed errors', () =>
    fuzz(
      'parsePostPolicy/checkPostPolicy: arbitrary policy and fields',
      fc.property(policyValueArb, fieldsArb, fc.nat(), (value, fields, size) =>
        throwsOnly(OssProtocolError, () =>
          checkPostPolicy(parsePostPolicy(value), fields, {
            bucket: 'examplebucket',
            contentLength: size,
            now: new Date(0),
          }),
        ),
      ),
      300,
    ));

  it('parsePostPolicy(encodePostPolicy(x)) keeps expiration and conditions', () =>
    fuzz(
      'parsePostPolicy(encodePostPolicy(x))',
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2999-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.array(
          fc.tuple(
            fc.constantFrom('eq', 'starts-with'),
            fc.constantFrom('$key', '$content-type'),
            fc.string(),
          ),
          // An empty list is refused (EC 0006-00000215).
          { minLength: 1, maxLength: 4 },
        ),
        (expiration, conditions) => {
          const policy = parsePostPolicy(encodePostPolicy({ expiration, conditions }));
          expect(policy.expiration.toISOString()).toBe(expiration.toISOString());
          expect(policy.conditions).toHaveLength(conditions.length);
        },
      ),
    ));
});
