/**
 * Creating the data directory (`--location`) and its missing parents, as `mkdir -p` does, without
 * Node's `mkdir(path, { recursive: true })`: when `mkdir` answers ENOENT for a path whose parent
 * exists (procfs: `--location /proc/data`), Node 20's recursive mkdir creates the parent again and
 * retries forever, so the emulator hung at start-up with no output. Here each missing level is
 * created once, and the error of the first one that fails is thrown as it is.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

const errorCode = (error: unknown): unknown => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * Make `path` a directory, creating its missing ancestors first; an existing directory is fine.
 *
 * @throws The `node:fs` error of the step that failed (ENOENT, EACCES, ENOTDIR when a component
 *   is a file, EROFS, …), never a hang.
 * @example
 * await makeDirectory('/tmp/ossbox-data/nested'); // creates both levels
 */
export async function makeDirectory(path: string): Promise<void> {
  const missing: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    try {
      if ((await stat(dir)).isDirectory()) break;
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), {
        code: 'ENOTDIR',
        path: dir,
      });
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || dirname(dir) === dir) throw error;
      missing.push(dir);
    }
  }
  for (const dir of missing.reverse()) {
    try {
      await mkdir(dir);
    } catch (error) {
      // Another process (a second emulator on the same location) may have made it meanwhile.
      if (errorCode(error) !== 'EEXIST') throw error;
    }
  }
}
