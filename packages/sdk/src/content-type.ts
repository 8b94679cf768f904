/**
 * The Content-Type an upload sends when the caller gives none. OSS does not guess: an upload
 * without one is stored as `application/octet-stream` (oss2's `test_put_object_with_sign_url`;
 * [How OSS determines Content-Type](https://www.alibabacloud.com/help/doc-detail/39522.htm)).
 * The official SDKs guess from the name before sending, and so does this one, as ali-oss does:
 * `mime.getType(path.extname(file))`, then the same for the object name (ali-oss
 * `lib/object.js` `put`, `lib/common/utils/createRequest.js`; the Go SDK's `addContentType`
 * tries the file path, then the key, the same way).
 */
import { extname } from 'node:path';
import mime from 'mime-types';

/** What OSS stores for an upload without a Content-Type, and what an unknown extension gets here. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/**
 * The MIME type of the first name whose extension is known (`photo.JPG` → `image/jpeg`), else
 * `application/octet-stream`. Only the extension counts: a name without one (`png`, `.png`,
 * `dir.png/file`) is unknown, as with ali-oss's `mime.getType(path.extname(name))`. `undefined`
 * names are skipped.
 *
 * @example
 * ```ts
 * guessContentType('/tmp/upload.tmp', 'avatars/alice.png'); // 'image/png' (first known extension)
 * guessContentType('notes'); // 'application/octet-stream'
 * ```
 */
export function guessContentType(...names: readonly (string | undefined)[]): string {
  for (const name of names) {
    if (name === undefined) continue;
    const extension = extname(name);
    const type = extension === '' ? false : mime.lookup(extension);
    if (type) return type;
  }
  return DEFAULT_CONTENT_TYPE;
}

/**
 * The Content-Type of an upload: `contentType` when given, else a `Content-Type` in `headers`
 * (any letter case), else {@link guessContentType} of `names` (the local file first, then the key).
 */
export function uploadContentType(
  options: { contentType?: string | undefined; headers?: Record<string, string> | undefined },
  ...names: readonly (string | undefined)[]
): string {
  if (options.contentType !== undefined) return options.contentType;
  for (const [name, value] of Object.entries(options.headers ?? {})) if (name.toLowerCase() === 'content-type') return String(value);
  return guessContentType(...names);
}
