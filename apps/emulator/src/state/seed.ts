/**
 * `--seed`: directory trees imported as objects at start and again at every reset, so a project
 * starts (and each test restarts) from its fixture files. Each regular file becomes one object:
 * the key is its path relative to the directory with `/` separators, the content type comes from
 * the extension ({@link seedContentType}), and the bytes are streamed into a blob that
 * gets its MD5 (ETag, `Content-MD5`) and CRC-64 like any PutObject. Objects already under those
 * keys are replaced; other objects are left alone. Empty directories are skipped (OSS has no
 * directories; a "folder" is a key prefix).
 *
 * Two passes, so bad input never costs data: {@link planSeed} walks every tree and refuses the
 * lot (a {@link ConfigError} naming the file) on anything that cannot become an object — a file it
 * cannot read, a symbolic link loop, a FIFO or socket, a name that is not UTF-8 or not a valid
 * OSS key, a file over 5 GB — before {@link importSeed} writes anything. Symbolic links are
 * followed (fixture trees often link shared files).
 */
import { constants, createReadStream } from 'node:fs';
import { access, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import mime from 'mime-types';
import { ConfigError } from '../config.js';
import type { EmulatorConfig } from '../config.js';
import { DEFAULT_CONTENT_TYPE, md5Etag } from '../http/object-headers.js';
import { installBlob, MAX_OBJECT_SIZE } from '../handlers/install-object.js';
import { validateObjectName } from '../http/object-name.js';
import { strictUtf8 } from '../strict-utf8.js';
import type { Storage } from '../store/storage.js';

/** One file to import. */
export interface SeedFile {
  bucket: string;
  key: string;
  /** Absolute path (symbolic links not resolved). */
  path: string;
}

function refuse(path: string, reason: string): never {
  throw new ConfigError(`--seed: ${path}: ${reason}`);
}

/** Walk `dir` (following links, refusing loops) and add every file under it to `files`. */
async function walk(bucket: string, dir: string, prefix: string, ancestors: ReadonlySet<string>, files: SeedFile[]): Promise<void> {
  const real = await realpath(dir);
  if (ancestors.has(real)) refuse(dir, `symbolic link loop (leads back to ${real})`);
  const inside = new Set([...ancestors, real]);
  let names: Buffer[];
  try {
    names = await readdir(dir, { encoding: 'buffer' });
  } catch (error) {
    refuse(dir, `cannot read the directory (${(error as Error).message})`);
  }
  const entries = names.map((raw) => {
    const name = strictUtf8(raw);
    if (name === undefined) refuse(join(dir, raw.toString('latin1')), 'file name is not UTF-8 (OSS keys are UTF-8)');
    return { name, path: join(dir, name) };
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, path } of entries) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      refuse(path, (error as NodeJS.ErrnoException).code === 'ELOOP' ? 'symbolic link loop' : `cannot read it (${(error as Error).message})`);
    }
    const key = `${prefix}${name}`;
    if (info.isDirectory()) {
      await walk(bucket, path, `${key}/`, inside, files);
      continue;
    }
    if (!info.isFile()) refuse(path, 'not a regular file or directory');
    if (info.size > MAX_OBJECT_SIZE) refuse(path, 'larger than 5 GB, the largest single PutObject');
    try {
      validateObjectName(key);
    } catch (error) {
      refuse(path, `"${key}" is not a valid object name (${(error as Error).message})`);
    }
    try {
      await access(path, constants.R_OK);
    } catch (error) {
      refuse(path, `cannot read it (${(error as Error).message})`);
    }
    files.push({ bucket, key, path });
  }
}

/**
 * List every file the configured seed directories hold, checking each can become an object.
 *
 * @throws ConfigError naming the first file or directory that cannot be imported (nothing is written).
 */
export async function planSeed(config: EmulatorConfig): Promise<SeedFile[]> {
  const files: SeedFile[] = [];
  for (const { bucket, dir } of config.seeds) {
    let info;
    try {
      info = await stat(dir);
    } catch (error) {
      refuse(dir, `cannot read it (${(error as Error).message})`);
    }
    if (!info.isDirectory()) refuse(dir, 'not a directory');
    await walk(bucket, dir, '', new Set(), files);
  }
  return files;
}

/**
 * The Content-Type of a seeded file: from its extension, else {@link DEFAULT_CONTENT_TYPE}. A PutObject
 * without Content-Type stores `application/octet-stream` because the official SDKs guess before
 * sending; a seeded file has no request and no SDK, and whoever seeds `logo.png` means what an SDK
 * upload of it would have stored (`image/png`).
 */
function seedContentType(key: string): string {
  const extension = extname(key);
  return (extension !== '' && mime.lookup(extension)) || DEFAULT_CONTENT_TYPE;
}

/**
 * Import planned files as objects (private to the bucket's ACL, its storage class), one at a time.
 * Returns how many objects were written.
 */
export async function importSeed(storage: Storage, files: readonly SeedFile[]): Promise<number> {
  for (const file of files) {
    const blob = await storage.blobs.write(createReadStream(file.path), { maxSize: MAX_OBJECT_SIZE });
    const bucket = storage.meta.getBucket(file.bucket);
    await installBlob(
      storage,
      blob,
      {
        bucket: file.bucket,
        key: file.key,
        contentType: seedContentType(file.key),
        userMeta: {},
        etag: md5Etag(blob.md5),
        contentMd5: blob.md5.toString('base64'),
        type: 'Normal',
        storageClass: bucket?.storageClass ?? 'Standard',
        acl: 'default',
        lastModified: new Date(),
      },
      false,
    );
  }
  return files.length;
}
