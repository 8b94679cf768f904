import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SEED, fc, fuzz, fuzzSettings, throwsOnly } from './index.js';

describe('fuzzSettings', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('uses the fixed seed and the property’s own CI count by default', () => {
    vi.stubEnv('FUZZ_RUNS', '');
    vi.stubEnv('FUZZ_SEED', '');
    expect(fuzzSettings(25)).toEqual({ seed: DEFAULT_SEED, numRuns: 25 });
  });

  it('takes FUZZ_RUNS and FUZZ_SEED from the environment', () => {
    vi.stubEnv('FUZZ_RUNS', '5000');
    vi.stubEnv('FUZZ_SEED', '7');
    expect(fuzzSettings(25)).toEqual({ seed: 7, numRuns: 5000 });
  });

  it('refuses a FUZZ_RUNS that is not a positive integer', () => {
    vi.stubEnv('FUZZ_RUNS', 'lots');
    expect(() => fuzzSettings()).toThrow(/FUZZ_RUNS/);
    vi.stubEnv('FUZZ_RUNS', '0');
    expect(() => fuzzSettings()).toThrow(/FUZZ_RUNS/);
  });
});

describe('fuzz', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs the property the given number of times and prints the count and seed', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    let runs = 0;
    await fuzz(
      'counts',
      fc.property(fc.nat(), () => void runs++),
      17,
    );
    expect(runs).toBe(17);
    expect(log).toHaveBeenCalledWith(`property counts: 17 runs, seed ${DEFAULT_SEED}`);
  });

  it('fails with the counterexample when the property does not hold', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    await expect(
      fuzz(
        'fails',
        fc.property(fc.nat(), (n) => n < 10),
        200,
      ),
    ).rejects.toThrow(/Counterexample/);
  });
});

describe('throwsOnly', () => {
  class Typed extends Error {}
  it('passes results and allowed errors, rethrows anything else', () => {
    expect(throwsOnly(Typed, () => 1)).toBe(true);
    expect(
      throwsOnly(Typed, () => {
        throw new Typed('ok');
      }),
    ).toBe(true);
    expect(() =>
      throwsOnly(Typed, () => {
        throw new TypeError('boom');
      }),
    ).toThrow(TypeError);
  });
});
