/**
 * The metadata store as the running emulator uses it: every change that makes or unmakes an
 * object or a multipart upload is reported to the event bus right after it committed. This is
 * the single point all handlers go through (PutObject, PostObject, CopyObject, AppendObject,
 * CompleteMultipartUpload, DeleteObject, DeleteMultipleObjects, AbortMultipartUpload), so no
 * handler emits events itself.
 */
import type { MetadataStore } from '../store/metadata-store.js';
import type { EventBus } from './event-bus.js';

/** A store that behaves as `meta` and emits object and multipart events on `bus`. */
export function observeMetadata(meta: MetadataStore, bus: EventBus): MetadataStore {
  return {
    ...meta,
    putObject(record, options) {
      const swapped = meta.putObject(record, options);
      if (typeof swapped !== 'string') {
        const { bucket, key, etag, size, type } = record;
        bus.emit({ type: 'object-created', bucket, key, etag, size, objectType: type });
      }
      return swapped;
    },
    updateAppended(bucket, key, expected, update) {
      const updated = meta.updateAppended(bucket, key, expected, update);
      if (updated) {
        bus.emit({ type: 'object-created', bucket, key, etag: update.etag, size: update.size, objectType: 'Appendable' });
      }
      return updated;
    },
    deleteObject(bucket, key) {
      const blobIds = meta.deleteObject(bucket, key);
      if (blobIds !== undefined) bus.emit({ type: 'object-deleted', bucket, key });
      return blobIds;
    },
    completeUpload(uploadId, partBlobIds, record, options) {
      const outcome = meta.completeUpload(uploadId, partBlobIds, record, options);
      if (typeof outcome !== 'string') {
        const { bucket, key, etag, size, type } = record;
        bus.emit({ type: 'object-created', bucket, key, etag, size, objectType: type });
        bus.emit({ type: 'multipart-completed', bucket, key, uploadId, etag, size });
      }
      return outcome;
    },
    abortUpload(bucket, key, uploadId) {
      const blobIds = meta.abortUpload(bucket, key, uploadId);
      if (blobIds !== undefined) bus.emit({ type: 'multipart-aborted', bucket, key, uploadId });
      return blobIds;
    },
  };
}
