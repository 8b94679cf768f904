/** Opening an object's bytes consistently with its row. */
import type { OpenBlob } from '../store/blob-store.js';
import type { ObjectRecord } from '../store/metadata-store.js';
import type { HandlerContext } from './handler.js';

/** An object row with its blob open; the caller must close the blob. */
export interface OpenedObject {
  object: ObjectRecord;
  blob: OpenBlob;
}

/**
 * Read the object row of `bucket`/`key` and open its blob; undefined when there is no object.
 * The row and the blob are read separately and a concurrent overwrite may delete the blob in
 * between, so the row is read again (a few times) rather than report a live object as missing.
 * `vet` runs on every row read (access and condition checks) and may throw.
 */
export async function openObject(
  ctx: HandlerContext,
  bucket: string,
  key: string,
  vet?: (object: ObjectRecord) => void,
): Promise<OpenedObject | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const object = ctx.storage.meta.getObject(bucket, key);
    if (!object) return undefined;
    vet?.(object);
    const blob = await ctx.storage.blobs.open(object);
    if (blob) return { object, blob };
  }
  return undefined;
}
