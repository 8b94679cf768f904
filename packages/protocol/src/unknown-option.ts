/**
 * How `startEmulator`, `startReceiver` and the SDK's `Client` refuse an option name they do not
 * know. TypeScript catches a misspelt name only in an object literal; a name that is ignored
 * silently changes nothing (`{ timeout }` as ali-oss spells it, `{ trustKeyUrlPrefix }` as the
 * receiver's CLI spells it), so each of them throws instead, saying what to write. Not part of OSS:
 * ossbox's own rule, kept in one place so the three cannot drift apart.
 */

/** The first unknown option name and, when one is known, what to write instead. */
export interface UnknownOption {
  /** The option name as given. */
  name: string;
  /**
   * What to write instead: the `instead` entry for the name, else the known name it equals in
   * another letter case (`Range` for `range`), else the first known name it begins.
   */
  suggestion?: string;
  /** `unknown option: <name>`, plus ` (did you mean <suggestion>?)` when there is one. */
  message: string;
}

/**
 * Find the first own property of `options` that is not a key of `known`.
 *
 * @param options The options object as the caller passed it (any object).
 * @param known Every accepted option name as a key (`satisfies Record<keyof Options, true>` keeps
 *   it in step with the options type).
 * @param instead Names from elsewhere (a CLI flag, another SDK) mapped to what to write here.
 * @returns `undefined` when every name is known.
 * @example
 * const unknown = findUnknownOption({ timeout: 5 }, { timeoutMs: true }, { timeout: 'timeoutMs' });
 * // → { name: 'timeout', suggestion: 'timeoutMs', message: 'unknown option: timeout (did you mean timeoutMs?)' }
 */
export function findUnknownOption(
  options: object,
  known: Readonly<Record<string, true>>,
  instead: Readonly<Record<string, string>> = {},
): UnknownOption | undefined {
  for (const name of Object.keys(options)) {
    if (Object.hasOwn(known, name)) continue;
    const lower = name.toLowerCase();
    const suggestion = Object.hasOwn(instead, name)
      ? instead[name]
      : (Object.keys(known).find((k) => k.toLowerCase() === lower) ?? Object.keys(known).find((k) => k.startsWith(name)));
    if (suggestion === undefined) return { name, message: `unknown option: ${name}` };
    return { name, suggestion, message: `unknown option: ${name} (did you mean ${suggestion}?)` };
  }
  return undefined;
}
