import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Crc64 } from '@ossbox/protocol';

/** A local file with known content, and the digests OSS would report for it. */
export interface TestFile {
  path: string;
  size: number;
  /** Uppercase hex MD5, i.e. the ETag of a simple upload without quotes. */
  md5Hex: string;
  /** Base64 MD5, the `Content-MD5` header. */
  md5Base64: string;
  /** CRC-64/ECMA as OSS prints it (decimal). */
  crc64: string;
  /** The file's bytes (test files are a few MiB at most). */
  bytes: Buffer;
}

/** A key nobody else uses, so test files can share an emulator and run in parallel. */
export function uniqueKey(name: string): string {
  return `e2e/${randomUUID()}/${name}`;
}

/** Digests of a buffer, as OSS reports them. */
export function digests(bytes: Uint8Array): { md5Hex: string; md5Base64: string; crc64: string } {
  const md5 = createHash('md5').update(bytes).digest();
  return {
    md5Hex: md5.toString('hex').toUpperCase(),
    md5Base64: md5.toString('base64'),
    crc64: new Crc64().update(bytes).toString(),
  };
}

/** Writes `size` random bytes to a new file `<dir>/<uuid><extension>` and returns its digests. */
export async function createRandomFile(dir: string, size: number, extension = '.bin'): Promise<TestFile> {
  const bytes = randomBytes(size);
  const path = join(dir, `${randomUUID()}${extension}`);
  await writeFile(path, bytes);
  return { path, size, bytes, ...digests(bytes) };
}

/**
 * The ETag OSS gives a multipart object: uppercase hex MD5 of the ASCII concatenation of the
 * parts' uppercase hex MD5s, then `-<part count>` (docs/rest-api.md §5.10, verified against a real
 * capture). Computed here from the file itself, independently of the emulator and the SDK.
 */
export function multipartEtag(bytes: Buffer, partSize: number): string {
  const partHexes: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += partSize) {
    const part = bytes.subarray(offset, Math.min(offset + partSize, bytes.length));
    partHexes.push(createHash('md5').update(part).digest('hex').toUpperCase());
  }
  const whole = createHash('md5').update(partHexes.join(''), 'ascii').digest('hex').toUpperCase();
  return `${whole}-${partHexes.length}`;
}

/** Strips the quotes of an ETag header value. */
export function unquote(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}
