/**
 * Readers' pins on part blobs. A Multipart object is read part file by part file, opening each as
 * the read reaches it, so a part must not be unlinked while a reader that already holds the
 * object's row may still come to it (an overwrite or DeleteObject frees the parts meanwhile). A
 * delete of a pinned blob is deferred to the moment its last reader lets go. Pins live in memory:
 * one process serves a data directory, and a crash leaves deferred blobs unreferenced, which the
 * start-up sweep removes.
 */
export class BlobPins {
  private readonly counts = new Map<string, number>();
  private readonly deferred = new Set<string>();

  pin(blobIds: Iterable<string>): void {
    for (const id of blobIds) this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }

  /** Let go of `blobIds`; returns those whose delete was waiting for this reader. */
  unpin(blobIds: Iterable<string>): string[] {
    const free: string[] = [];
    for (const id of blobIds) {
      const count = (this.counts.get(id) ?? 1) - 1;
      if (count > 0) {
        this.counts.set(id, count);
        continue;
      }
      this.counts.delete(id);
      if (this.deferred.delete(id)) free.push(id);
    }
    return free;
  }

  /** Whether `blobId` is being read (without recording a delete). */
  isPinned(blobId: string): boolean {
    return this.counts.has(blobId);
  }

  /** Whether `blobId` is being read; if so its delete is recorded to run at the last unpin. */
  deferDelete(blobId: string): boolean {
    if (!this.counts.has(blobId)) return false;
    this.deferred.add(blobId);
    return true;
  }
}
