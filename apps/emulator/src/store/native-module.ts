/**
 * better-sqlite3 (the metadata store) is a native module, built by its install script. Package
 * managers skip that script more and more often (pnpm 10 runs no dependency's build script until
 * it is approved, npm's `allowScripts`, `--ignore-scripts`, Yarn 4's `enableScripts: false`), or build it for another Node
 * version. Its own errors then name a file (`Could not locate the bindings file. Tried: …`, or
 * `ERR_DLOPEN_FAILED` with NODE_MODULE_VERSION numbers) but not what to run: this error does.
 */
import { versions } from 'node:process';

/** better-sqlite3's native module cannot be loaded; `message` says how to build it. */
export class NativeModuleError extends Error {
  override readonly name = 'NativeModuleError';
}

/**
 * The {@link NativeModuleError} for an error thrown by `new Database()` when the native module is
 * missing or was built for another Node version (its error as `cause`); `undefined` for any other
 * error.
 */
export function nativeModuleError(error: unknown): NativeModuleError | undefined {
  const message = error instanceof Error ? error.message : '';
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const missing = message.startsWith('Could not locate the bindings file');
  if (!missing && code !== 'ERR_DLOPEN_FAILED') return undefined;
  return new NativeModuleError(
    `the emulator's metadata store needs better-sqlite3's native module, which ${
      missing ? 'is not built' : `cannot be loaded by this Node.js (${versions.node})`
    }: its install script did not run (pnpm 10 runs a dependency's build script only once approved; ` +
      'npm skips it with --ignore-scripts or an allowScripts list that lacks it; Yarn 4 with enableScripts false) ' +
      'or ran for another Node.js. ' +
      'Build it: with pnpm, `pnpm approve-builds` (pick better-sqlite3) or add it to onlyBuiltDependencies, then ' +
      '`pnpm rebuild better-sqlite3`; with npm, `npm rebuild better-sqlite3`; with Yarn 2+, add ' +
      '"dependenciesMeta": { "better-sqlite3": { "built": true } } to package.json, then `yarn install`. ' +
      'Without a prebuilt binary for this ' +
      'platform it compiles from source, which needs python3, make and a C++ compiler.',
    { cause: error },
  );
}
