import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDirectory } from './data-directory.js';

describe('makeDirectory', () => {
  const roots: string[] = [];
  const root = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ossbox-mkdir-'));
    roots.push(dir);
    return dir;
  };
  afterEach(() => roots.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('creates a directory and its missing parents, and accepts one that exists', async () => {
    const target = join(root(), 'a', 'b', 'c');
    await makeDirectory(target);
    expect(statSync(target).isDirectory()).toBe(true);
    await expect(makeDirectory(target)).resolves.toBeUndefined();
  });

  it('refuses a path through a file with ENOTDIR and creates nothing', async () => {
    const file = join(root(), 'file');
    writeFileSync(file, 'x');
    await expect(makeDirectory(join(file, 'data'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(makeDirectory(file)).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(statSync(file).isFile()).toBe(true);
  });

  // Node's recursive mkdir never returns here (it retries the ENOENT procfs answers forever).
  it.runIf(existsSync('/proc/self'))(
    'fails with ENOENT under /proc instead of hanging',
    async () => {
      await expect(makeDirectory('/proc/ossbox-no-such-dir/data')).rejects.toMatchObject({ code: 'ENOENT' });
    },
    5000,
  );
});
