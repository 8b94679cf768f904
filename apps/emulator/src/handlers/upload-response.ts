/**
 * The one place where an upload that creates an object from a request body (PutObject,
 * CompleteMultipartUpload) goes from "bytes received" to "response sent", with its upload
 * callback (docs/callback-protocol.md §1-§3): the callback the request carries is validated before `store`
 * runs (so a bad one stores nothing, §1.7), and once the object is stored its outcome replaces
 * `sendDefault()`. PostObject reads its callback from the form and uses the same
 * `respondWithCallback` step (post-object.ts).
 */
import type { ObjectRecord } from '../store/metadata-store.js';
import type { HandlerContext } from './handler.js';
import { acceptCallback, requestCallback, respondWithCallback } from './upload-callback.js';

/** An upload whose object is stored and visible. */
export interface StoredUpload {
  operation: 'PutObject' | 'CompleteMultipartUpload';
  object: ObjectRecord;
  /** Send the response OSS gives when no callback is configured. */
  sendDefault(): void;
}

/** Validate the request's callback, run the store step of an upload, then respond for it. */
export async function storeUploadAndRespond(ctx: HandlerContext, store: () => Promise<StoredUpload>): Promise<void> {
  const callback = requestCallback(ctx);
  if (callback) await acceptCallback(ctx, callback);
  const stored = await store();
  if (callback) await respondWithCallback(ctx, stored.operation, stored.object, callback);
  else stored.sendDefault();
}
