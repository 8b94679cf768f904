import { describe, expect, it } from 'vitest';
import { MAX_DELAY_MS, parseSwitches, SwitchError } from './switches.js';

describe('parseSwitches()', () => {
  it('defaults to a plain 200 JSON reply', () => {
    expect(parseSwitches('/cb')).toEqual({ status: 200, kind: 'json', delayMs: 0 });
    expect(parseSwitches('/cb?')).toEqual({ status: 200, kind: 'json', delayMs: 0 });
    expect(parseSwitches('/cb?other=1')).toEqual({ status: 200, kind: 'json', delayMs: 0 });
  });

  it('reads every switch', () => {
    expect(parseSwitches('/cb?ossbox-status=503&ossbox-reply=bom&ossbox-delay=250')).toEqual({
      status: 503,
      kind: 'bom',
      delayMs: 250,
    });
  });

  it('caps the delay', () => {
    expect(parseSwitches('/cb?ossbox-delay=999999').delayMs).toBe(MAX_DELAY_MS);
  });

  it.each(['ossbox-status=abc', 'ossbox-status=199', 'ossbox-status=600', 'ossbox-reply=', 'ossbox-delay=1.5', 'ossbox-delay=x'])(
    'rejects %s',
    (query) => {
      expect(() => parseSwitches(`/cb?${query}`)).toThrow(SwitchError);
    },
  );
});
