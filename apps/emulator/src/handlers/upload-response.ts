/**
 * The one place where an upload that creates an object (PutObject, CompleteMultipartUpload)
 * goes from "bytes received" to "response sent". Upload callbacks (oss-protocol.md §1-§3) hook
 * in here: validate the `x-oss-callback*` headers before calling `store`, and replace
 * `sendDefault()` with the callback outcome after it.
 */
import type { ObjectRecord } from '../store/metadata-store.js';
import type { HandlerContext } from './handler.js';

/** An upload whose object is stored and visible. */
export interface StoredUpload {
  operation: 'PutObject' | 'CompleteMultipartUpload';
  object: ObjectRecord;
  /** Send the response OSS gives when no callback is configured. */
  sendDefault(): void;
}

/** Run the store step of an upload, then respond for it. */
export async function storeUploadAndRespond(
  _ctx: HandlerContext,
  store: () => Promise<StoredUpload>,
): Promise<void> {
  const stored = await store();
  stored.sendDefault();
}
