import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { NativeModuleError, nativeModuleError } from './native-module.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ossbox-native-'));
  dirs.push(dir);
  return dir;
};
/** What `fn` throws. */
const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
};

describe('nativeModuleError', () => {
  it('explains a better-sqlite3 whose install script never ran (the error of its `bindings` loader)', async () => {
    // The loader better-sqlite3 itself uses, asked for its module in a directory without a build.
    const bindings = createRequire(createRequire(import.meta.url).resolve('better-sqlite3'))('bindings') as (
      options: object,
    ) => unknown;
    const original = thrown(() => bindings({ bindings: 'better_sqlite3.node', module_root: '/nonexistent' }));
    const explained = nativeModuleError(original);
    expect(explained).toBeInstanceOf(NativeModuleError);
    expect(explained?.cause).toBe(original);
    expect(explained?.message).toContain("better-sqlite3's native module, which is not built");
    expect(explained?.message).toContain('`pnpm approve-builds`');
    expect(explained?.message).toContain('`npm rebuild better-sqlite3`');
    // Yarn 4 with enableScripts false skips it (YN0004); this is what makes it build one.
    expect(explained?.message).toContain('"dependenciesMeta": { "better-sqlite3": { "built": true } }');
  });

  it('explains a native module Node cannot load (ERR_DLOPEN_FAILED, e.g. built for another Node.js)', async () => {
    const notElf = join(await tempDir(), 'better_sqlite3.node');
    await writeFile(notElf, 'not a shared object');
    const original = thrown(() => new Database(':memory:', { nativeBinding: notElf }));
    expect(original).toMatchObject({ code: 'ERR_DLOPEN_FAILED' });
    expect(nativeModuleError(original)?.message).toContain(
      `cannot be loaded by this Node.js (${process.versions.node})`,
    );
  });

  it('leaves every other error alone', async () => {
    const dir = await tempDir();
    expect(nativeModuleError(thrown(() => new Database(join(dir, 'missing', 'db.sqlite'))))).toBeUndefined();
    expect(nativeModuleError(new Error('disk full'))).toBeUndefined();
    expect(nativeModuleError('a string')).toBeUndefined();
  });
});
