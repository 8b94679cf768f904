/**
 * Whether an Archive / Cold Archive / Deep Cold Archive object can be read, and the `x-oss-restore`
 * header that says so (https://www.alibabacloud.com/help/en/oss/developer-reference/restoreobject).
 * The state is computed from the object's {@link RestoreState} and the clock, so a restore
 * completes (and later expires) without any timer.
 */
import type { Response } from 'express';
import { ossError } from '@ossbox/protocol';
import type { ObjectRecord } from '../store/metadata-store.js';

/** Storage classes whose objects must be restored before they are read. */
export const ARCHIVE_CLASSES: readonly string[] = ['Archive', 'ColdArchive', 'DeepColdArchive'];

/**
 * `not-archived`: readable as any object; `frozen`: never restored, or its restored copy expired;
 * `restoring`: RestoreObject runs; `restored`: readable until the restore's expiry.
 */
export type ArchiveState = 'not-archived' | 'frozen' | 'restoring' | 'restored';

/** The object's state at `now` (ms since the epoch). */
export function archiveState(object: ObjectRecord, now = Date.now()): ArchiveState {
  if (!ARCHIVE_CLASSES.includes(object.storageClass)) return 'not-archived';
  const restore = object.restore;
  if (restore === undefined || now >= restore.expiresAt) return 'frozen';
  return now < restore.readyAt ? 'restoring' : 'restored';
}

/**
 * Throw 403 InvalidObjectState (EC 0016-00000404) when the object's bytes cannot be read: an
 * archived object that is frozen or still restoring. GetObject, CopyObject / UploadPartCopy sources
 * and image processing call it; HeadObject does not (OSS answers HEAD on frozen objects).
 */
export function checkReadable(object: ObjectRecord): void {
  const state = archiveState(object);
  if (state === 'frozen' || state === 'restoring') {
    throw ossError('InvalidObjectState', { details: { Key: object.key } });
  }
}

/**
 * The restore status once a restore was asked for: `ongoing-request="true"` while it runs, then
 * `ongoing-request="false", expiry-date="<RFC 1123 date>"`; undefined when frozen or not archived.
 * GET / HEAD send it as `x-oss-restore`, listings as `<RestoreInfo>` (ListObjects reference).
 */
export function restoreInfo(object: ObjectRecord): string | undefined {
  const state = archiveState(object);
  if (state === 'restoring') return 'ongoing-request="true"';
  if (state === 'restored') return `ongoing-request="false", expiry-date="${new Date(object.restore!.expiresAt).toUTCString()}"`;
  return undefined;
}

/** `x-oss-restore` on GET / HEAD (see {@link restoreInfo}). */
export function setRestoreHeader(res: Response, object: ObjectRecord): void {
  const info = restoreInfo(object);
  if (info !== undefined) res.setHeader('x-oss-restore', info);
}
