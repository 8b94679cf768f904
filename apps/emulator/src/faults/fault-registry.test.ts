/**
 * Fault rules without a server: validation messages, every matcher, every occurrence selector
 * (seeded probability included) and the order in which rules apply.
 */
import { describe, expect, it } from 'vitest';
import { EventBus } from '../events/index.js';
import { FaultRegistry } from './fault-registry.js';
import type { FaultTarget } from './fault-registry.js';
import { FaultRuleError, parseFaultRule, parseFaultRulesJson } from './fault-rule.js';

const error500 = { type: 'error', code: 'InternalError' } as const;
const target = (over: Partial<FaultTarget> = {}): FaultTarget => ({
  operation: 'PutObject',
  bucket: 'b1',
  key: 'files/a.txt',
  requestId: 'R1',
  ...over,
});

/** Which of `n` identical requests a fresh registry with `rule` hits (1-based). */
function hits(rule: object, n: number, over: Partial<FaultTarget> = {}): number[] {
  const faults = new FaultRegistry({ rules: [parseFaultRule(rule)] });
  return Array.from({ length: n }, (_, i) => i + 1).filter(() => faults.forRequest(target(over)).length > 0);
}

describe('fault rule validation', () => {
  const invalid: Array<[string, unknown, RegExp]> = [
    ['no effect', {}, /effect: /],
    ['unknown effect type', { effect: { type: 'explode' } }, /effect\.type: /],
    ['unknown operation', { operation: 'PutObjects', effect: error500 }, /operation: unknown OSS operation "PutObjects"; one of ListBuckets, /],
    ['unknown operation in a list', { operation: ['PutObject', 'Nope'], effect: error500 }, /operation\.1: unknown OSS operation "Nope"/],
    ['unknown error code without status', { effect: { type: 'error', code: 'ServiceUnavailable' } }, /effect\.status: ossbox does not know this OSS error code/],
    ['status out of range', { effect: { type: 'error', code: 'InternalError', status: 200 } }, /effect\.status: /],
    ['malformed EC', { effect: { type: 'error', code: 'InternalError', ec: '12' } }, /effect\.ec: an EC such as 0002-00000504/],
    ['negative afterBytes', { effect: { type: 'cut-request', afterBytes: -1 } }, /effect\.afterBytes: /],
    ['fractional delay', { effect: { type: 'delay', ms: 1.5 } }, /effect\.ms: /],
    ['callback status 200', { effect: { type: 'callback', outcome: 'status', status: 200 } }, /effect\.status: a status other than 200/],
    ['callback status with another outcome', { effect: { type: 'callback', outcome: 'timeout', status: 500 } }, /effect\.status: status applies to outcome "status" only/],
    ['unknown callback outcome', { effect: { type: 'callback', outcome: 'refused' } }, /effect\.outcome: /],
    ['two selectors', { first: 1, every: 2, effect: error500 }, /give at most one of first, every and probability/],
    ['first 0', { first: 0, effect: error500 }, /first: /],
    ['probability above 1', { probability: 1.5, effect: error500 }, /probability: /],
    ['seed without probability', { seed: 3, effect: error500 }, /seed: seed applies to probability only/],
    ['unknown field', { operations: 'PutObject', effect: error500 }, /Unrecognized key: "operations"/],
    ['unknown effect field', { effect: { type: 'delay', ms: 5, jitter: 1 } }, /effect: Unrecognized key: "jitter"/],
    ['not an object', 'PutObject', /expected object/],
  ];
  it.each(invalid)('refuses %s with a message naming the field', (_name, rule, message) => {
    expect(() => parseFaultRule(rule)).toThrow(FaultRuleError);
    expect(() => parseFaultRule(rule)).toThrow(message);
  });

  it('accepts a known code without status, an unknown one with status, operation lists and bucket configuration operations', () => {
    expect(parseFaultRule({ operation: ['PutBucketLifecycle', 'GetBucketTags', 'RestoreObject'], effect: error500 }).operation).toHaveLength(3);
    expect(parseFaultRule({ operation: ['UploadPart', 'CompleteMultipartUpload'], effect: error500 }).operation).toEqual([
      'UploadPart',
      'CompleteMultipartUpload',
    ]);
    expect(parseFaultRule({ effect: { type: 'error', code: 'ServiceUnavailable', status: 503 } }).effect).toEqual({
      type: 'error',
      code: 'ServiceUnavailable',
      status: 503,
    });
  });

  it('reads one rule or an array from JSON text, naming the source and index of a bad one', () => {
    expect(parseFaultRulesJson(JSON.stringify({ effect: error500 }), '--fault')).toHaveLength(1);
    expect(parseFaultRulesJson(JSON.stringify([{ effect: error500 }, { effect: { type: 'delay', ms: 1 } }]), 'x')).toHaveLength(2);
    expect(() => parseFaultRulesJson('[{"effect":{"type":"delay","ms":1}},{}]', 'OSSBOX_FAULTS')).toThrow(/^OSSBOX_FAULTS \[1\]: invalid fault rule: effect: /);
    expect(() => parseFaultRulesJson('{oops', '--fault')).toThrow(/^--fault: not JSON/);
  });
});

describe('fault matching', () => {
  it('matches the operation (one or a list), the bucket and the key prefix; absent means any', () => {
    expect(hits({ operation: 'PutObject', effect: error500 }, 1)).toEqual([1]);
    expect(hits({ operation: 'UploadPart', effect: error500 }, 1)).toEqual([]);
    expect(hits({ operation: ['UploadPart', 'PutObject'], effect: error500 }, 1)).toEqual([1]);
    expect(hits({ bucket: 'b1', effect: error500 }, 1)).toEqual([1]);
    expect(hits({ bucket: 'b2', effect: error500 }, 1)).toEqual([]);
    expect(hits({ keyPrefix: 'files/', effect: error500 }, 1)).toEqual([1]);
    expect(hits({ keyPrefix: 'other/', effect: error500 }, 1)).toEqual([]);
    expect(hits({ keyPrefix: 'files/', effect: error500 }, 1, { key: '' })).toEqual([]);
    expect(hits({ effect: error500 }, 3)).toEqual([1, 2, 3]);
  });

  it('first N hits the first N matching requests; every N the Nth, 2Nth, …', () => {
    expect(hits({ first: 2, effect: error500 }, 5)).toEqual([1, 2]);
    expect(hits({ every: 3, effect: error500 }, 10)).toEqual([3, 6, 9]);
  });

  it('only matching requests count towards first/every', () => {
    const faults = new FaultRegistry({ rules: [parseFaultRule({ operation: 'UploadPart', every: 2, effect: error500 })] });
    const part = target({ operation: 'UploadPart' });
    const fired = [part, target(), part, target(), part, part].map((t) => faults.forRequest(t).length);
    expect(fired).toEqual([0, 0, 1, 0, 0, 1]);
    expect(faults.list()[0]).toMatchObject({ matched: 4, fired: 2 });
  });

  it('probability with a seed gives the same hits every time, another seed other hits, about p of them', () => {
    const rule = { probability: 0.3, seed: 42, effect: error500 };
    const first = hits(rule, 200);
    expect(hits(rule, 200)).toEqual(first);
    expect(hits({ ...rule, seed: 43 }, 200)).not.toEqual(first);
    // 0.3 of 200 is 60; a seeded PRNG far outside 30..90 would be broken.
    expect(first.length).toBeGreaterThan(30);
    expect(first.length).toBeLessThan(90);
    expect(hits({ probability: 0, seed: 1, effect: error500 }, 50)).toEqual([]);
    expect(hits({ probability: 1, seed: 1, effect: error500 }, 50)).toHaveLength(50);
  });

  it('a probability rule without a seed gets one, listed, that replays its hits', () => {
    const faults = new FaultRegistry();
    const rule = faults.add({ probability: 0.5, effect: error500 });
    expect(rule.seed).toEqual(expect.any(Number));
    const run = Array.from({ length: 100 }, () => faults.forRequest(target()).length);
    const replay = new FaultRegistry({ rules: [parseFaultRule({ probability: 0.5, seed: rule.seed, effect: error500 })] });
    expect(Array.from({ length: 100 }, () => replay.forRequest(target()).length)).toEqual(run);
  });

  it('delays add up and the first error or cut decides: later rules do not see the request', () => {
    const faults = new FaultRegistry();
    faults.add({ effect: { type: 'delay', ms: 10 } });
    faults.add({ effect: { type: 'cut-request', afterBytes: 5 } });
    faults.add({ effect: { type: 'delay', ms: 20 } });
    faults.add({ effect: error500 });
    expect(faults.forRequest(target()).map((f) => f.effect.type)).toEqual(['delay', 'cut-request']);
    expect(faults.list().map((r) => r.matched)).toEqual([1, 1, 0, 0]);
  });

  it('callback rules are decided when the callback is sent, never when the request arrives', () => {
    const faults = new FaultRegistry();
    faults.add({ operation: 'PutObject', effect: { type: 'callback', outcome: 'timeout' } });
    expect(faults.forRequest(target())).toEqual([]);
    expect(faults.forCallback(target())).toEqual({ ruleId: 'fault-1', effect: { type: 'callback', outcome: 'timeout' } });
    expect(faults.forCallback(target({ operation: 'CompleteMultipartUpload' }))).toBeUndefined();
  });

  it('add/remove/clear/list: ids increase, listings are snapshots, each fired fault is an event', () => {
    const events = new EventBus();
    const faults = new FaultRegistry({ events });
    const a = faults.add({ effect: error500 });
    const b = faults.add({ effect: { type: 'delay', ms: 1 } });
    expect([a.id, b.id]).toEqual(['fault-1', 'fault-2']);
    faults.list()[0]!.fired = 99;
    expect(faults.list()[0]!.fired).toBe(0);
    faults.forRequest(target({ operation: 'UploadPart', key: 'k' }));
    expect(events.recent()).toEqual([
      expect.objectContaining({ type: 'fault', ruleId: 'fault-1', effect: 'error', operation: 'UploadPart', bucket: 'b1', key: 'k', requestId: 'R1' }),
    ]);
    expect(faults.remove('fault-1')).toBe(true);
    expect(faults.remove('fault-1')).toBe(false);
    expect(faults.clear()).toBe(1);
    expect(faults.add({ effect: error500 }).id).toBe('fault-3');
  });
});
