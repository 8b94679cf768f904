/** Opening an object's bytes consistently with its row. */
import type { OpenBlob } from '../store/blob-store.js';
import type { ObjectRecord } from '../store/metadata-store.js';
import type { HandlerContext } from './handler.js';
import { followSymlink } from './symlink.js';

/** An object row with its blob open; the caller must close the blob. */
export interface OpenedObject {
  object: ObjectRecord;
  blob: OpenBlob;
  /** With `followSymlinks`, the link that was followed to `object`. */
  link?: ObjectRecord;
}

/**
 * Read the object row of `bucket`/`key` and open its blob; undefined when there is no object.
 * The row and the blob are read separately and a concurrent overwrite may delete the blob in
 * between, so the row is read again (a few times) rather than report a live object as missing.
 * `vet` runs on every row read (access and condition checks) and may throw. With
 * `followSymlinks`, a `Symlink` row is replaced by its target (GetObject / HeadObject read through
 * links; CopyObject copies the link itself).
 */
export async function openObject(
  ctx: HandlerContext,
  bucket: string,
  key: string,
  vet?: (object: ObjectRecord) => void,
  followSymlinks = false,
): Promise<OpenedObject | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = ctx.storage.meta.getObject(bucket, key);
    if (!row) return undefined;
    const link = followSymlinks && row.type === 'Symlink' ? row : undefined;
    const object = link ? followSymlink(ctx, link) : row;
    vet?.(object);
    const blob = await ctx.storage.blobs.open(object);
    if (blob) return link ? { object, blob, link } : { object, blob };
  }
  return undefined;
}
