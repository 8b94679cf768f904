/**
 * Property runs for CI and for long local hunts. Every property runs with one fixed seed (so a
 * CI failure replays exactly) and a run count that is small by default, so the whole fuzz set
 * stays a few seconds of CI; `FUZZ_RUNS` raises it for a long local run and `FUZZ_SEED` picks
 * another seed. Each property prints `property <name>: N runs, seed S` once it holds.
 *
 * @example
 * ```ts
 * import { fc, fuzz } from '@ossbox/fuzz';
 * it('parses what it prints', () =>
 *   fuzz('range round trip', fc.property(fc.nat(), (n) => parse(print(n)) === n)));
 * ```
 */
import fc from 'fast-check';

export { fc };

/** The seed every property uses unless `FUZZ_SEED` says otherwise. */
export const DEFAULT_SEED = 20_261_130;

/** Runs per property when `FUZZ_RUNS` is unset and the property names no count of its own. */
export const DEFAULT_RUNS = 100;

function integerEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** The seed and run count a property gets: `FUZZ_SEED`/`FUZZ_RUNS` from the environment, or the defaults. */
export function fuzzSettings(ciRuns = DEFAULT_RUNS): { seed: number; numRuns: number } {
  const numRuns = integerEnv('FUZZ_RUNS') ?? ciRuns;
  if (numRuns < 1) throw new Error('FUZZ_RUNS must be at least 1');
  return { seed: integerEnv('FUZZ_SEED') ?? DEFAULT_SEED, numRuns };
}

/**
 * Check `property` (sync or async) with the fixed seed and run count, then print
 * `property <name>: N runs, seed S`. A failure throws fast-check's report (counterexample,
 * seed and path to replay it).
 *
 * @param ciRuns runs when `FUZZ_RUNS` is unset: lower it for properties that each cost a request.
 */
export async function fuzz<Ts>(
  name: string,
  property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>,
  ciRuns = DEFAULT_RUNS,
): Promise<void> {
  const { seed, numRuns } = fuzzSettings(ciRuns);
  await fc.assert(property, { seed, numRuns });
  console.log(`property ${name}: ${numRuns} runs, seed ${seed}`);
}

/**
 * Run `fn` on outside input: it may return anything or throw an instance of `allowed` (the typed
 * error a server turns into an error response), but nothing else, such as the TypeError that
 * would be a 500. Returns true so it can end a property's predicate.
 *
 * @example
 * ```ts
 * fc.property(fc.string(), (xml) => throwsOnly(OssProtocolError, () => parseTagging(xml)));
 * ```
 */
export function throwsOnly(allowed: abstract new (...args: never[]) => Error, fn: () => unknown): true {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof allowed)) throw err;
  }
  return true;
}
