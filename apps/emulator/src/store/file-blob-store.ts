/**
 * {@link BlobStore} on the local file system, the smallest bodies inline in SQLite. Layout under
 * the data directory:
 *
 *   blobs/<first two hex chars of id>/<id>   committed blobs (32 random hex chars, never a key)
 *   tmp/<id>                                 writes in progress; renamed into blobs/ when complete
 *   ossbox.sqlite, table inline_blobs        bodies of at most 16 KiB (./inline-blobs.ts)
 *
 * `tmp/` and `blobs/` sit in one directory tree, so the commit is an atomic same-filesystem
 * rename. A small body with a known size (at most {@link SMALL_BODY}) skips `tmp/`: it is gathered
 * in memory and hashed; at most {@link INLINE_BODY} it becomes an `inline_blobs` row in the same
 * SQLite transaction that points the metadata row at it ({@link BlobStore.install}), else it is
 * written straight to its blob file in one synchronous step (open, write, close and rename each a
 * thread-pool round trip were most of a small PUT's time). That is as safe: until the metadata
 * row points at the blob nothing reads it, and a process killed before that leaves at most a file
 * no object points at, which the sweep removes like a temp file. An AppendObject body is
 * never inline, since appends grow the blob in place. Blobs never change once committed, except
 * appendable objects (AppendObject), which grow in place past the size their row records; readers
 * never read past that size. A Multipart object is read across its part blobs (files or inline) in
 * order (./read-parts.ts; ./blob-pins.ts keeps them while read). A process killed mid-write leaves only a temp file,
 * which {@link BlobStore.sweep} removes on the next start. Files are not fsynced, and SQLite syncs
 * only at checkpoints (./sqlite-schema.ts): the guarantee is against process crashes, which is
 * what an emulator meets in CI; an OS crash may lose recent writes.
 */
import { createReadStream, mkdirSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomHex } from '@ossbox/protocol';
import { BlobPins } from './blob-pins.js';
import type { InlineBlobs } from './inline-blobs.js';
import { INLINE_BODY, isInlineBlobId, missingBlob, newInlineBlobId, openInlineBlob } from './inline-blobs.js';
import { WRITE_BATCH, gatherMeasured, writeMeasured, writeWholeMeasured } from './measured-write.js';
import { openParts } from './read-parts.js';
import type { PartAccess } from './read-parts.js';
import { sendFileSlices } from './send-file-slices.js';
import type { BlobStore, BlobWriteOptions, OpenBlob, PendingBlob, StagedBlob, WrittenBlob } from './blob-store.js';

export { BlobSizeLimitError } from './measured-write.js';

/**
 * Largest body gathered in memory and stored in one synchronous step rather than streamed through
 * `tmp/`: one write batch, since the streamed path holds a body that size whole before its one
 * `writev` anyway. Gathered, it skips the temp file's rename and four thread-pool round trips
 * (open, write, close, rename), which was most of what a 1 MiB UploadPart cost beyond hashing its
 * bytes (docs/performance.md).
 */
export const SMALL_BODY = WRITE_BATCH;

/** Read-ahead of a GET: one read per 256 KiB. */
const READ_CHUNK = 256 * 1024;

const BLOB_ID = /^[0-9a-f]{32}$/;

function newBlobId(): string {
  return randomHex(16);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/**
 * Create the directories and return a blob store with files rooted at `dataDir` and small bodies
 * in `inline` (the `inline_blobs` table of the same data directory's database).
 */
export async function openFileBlobStore(dataDir: string, inline: InlineBlobs): Promise<BlobStore> {
  const blobsDir = join(dataDir, 'blobs');
  const tmpDir = join(dataDir, 'tmp');
  await mkdir(blobsDir, { recursive: true });
  await mkdir(tmpDir, { recursive: true });
  const pathOf = (blobId: string) => join(blobsDir, blobId.slice(0, 2), blobId);
  /** Shard directories known to exist, to skip a mkdir per commit. */
  const shards = new Set<string>();
  /** Create `blobId`'s shard directory the first time it is needed (once per shard, so sync). */
  const ensureShard = (blobId: string) => {
    const shard = blobId.slice(0, 2);
    if (shards.has(shard)) return;
    mkdirSync(join(blobsDir, shard), { recursive: true });
    shards.add(shard);
  };

  /**
   * Open `path` with `flags`, write `source` into it from `position` on while measuring it, and
   * close it. On any error the file is closed and `undo` puts it back (remove or truncate).
   */
  async function writeFileMeasured(
    path: string,
    flags: 'w' | 'r+',
    position: number,
    source: AsyncIterable<Uint8Array> | Readable,
    options: BlobWriteOptions,
    undo: () => Promise<unknown>,
  ): Promise<Omit<WrittenBlob, 'blobId'>> {
    const handle = await open(path, flags);
    try {
      const written = await writeMeasured(source, handle, position, options.maxSize);
      await handle.close();
      return written;
    } catch (error) {
      await handle.close().catch(() => undefined);
      await undo();
      throw error;
    }
  }

  /** The commit and discard of a temp file `tmp/<blobId>`. */
  function staged(blobId: string, size: number): StagedBlob {
    const tmpPath = join(tmpDir, blobId);
    return {
      blobId,
      size,
      async commit() {
        try {
          ensureShard(blobId);
          await rename(tmpPath, pathOf(blobId));
        } catch (error) {
          // A failed commit (disk error) must not leave the temp file until the next start.
          await rm(tmpPath, { force: true }).catch(() => undefined);
          throw error;
        }
      },
      async discard() {
        await rm(tmpPath, { force: true });
      },
    };
  }

  const pins = new BlobPins();
  /** Inline blobs received but not yet in `inline_blobs`: their bytes, until `install` or `commit()` stores them. */
  const unstored = new WeakMap<PendingBlob, Uint8Array>();

  /**
   * A body of at most {@link INLINE_BODY} (not appendable): gathered and hashed in memory, and kept
   * there until `install` inserts its `inline_blobs` row in the transaction that points a row at it
   * (or `commit()` inserts it alone).
   */
  async function writeInline(source: AsyncIterable<Uint8Array> | Readable, options: BlobWriteOptions): Promise<PendingBlob> {
    const { chunks, ...measured } = await gatherMeasured(source as AsyncIterable<Uint8Array>, options.maxSize);
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    const blobId = newInlineBlobId();
    const blob: PendingBlob = {
      blobId,
      ...measured,
      async commit() {
        const bytes = unstored.get(blob);
        if (bytes === undefined) return;
        inline.put(blobId, bytes);
        unstored.delete(blob);
      },
      async discard() {
        if (!unstored.delete(blob)) inline.remove([blobId]);
      },
    };
    unstored.set(blob, body);
    return blob;
  }

  /**
   * A body of at most {@link SMALL_BODY}: gathered and hashed in memory, then written straight into
   * its blob file in one synchronous step, in place at once (see the header comment), so
   * `commit()` has nothing to do.
   */
  async function writeWhole(source: AsyncIterable<Uint8Array> | Readable, options: BlobWriteOptions): Promise<PendingBlob> {
    const blobId = newBlobId();
    ensureShard(blobId);
    const path = pathOf(blobId);
    let measured;
    try {
      measured = await writeWholeMeasured(source as AsyncIterable<Uint8Array>, path, options.maxSize);
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    return {
      blobId,
      ...measured,
      async commit() {},
      async discard() {
        await rm(path, { force: true });
      },
    };
  }

  /** Delete blobs now, ignoring ones already gone: inline rows in one transaction, then files. */
  async function removeBlobs(blobIds: Iterable<string>): Promise<void> {
    const ids = [...blobIds];
    inline.remove(ids.filter(isInlineBlobId));
    for (const blobId of ids) {
      if (isInlineBlobId(blobId)) continue;
      try {
        await unlink(pathOf(blobId));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
  }

  /** Delete blobs no reader holds now, and the others when their last reader lets go. */
  async function deleteBlobs(blobIds: Iterable<string>): Promise<void> {
    await removeBlobs([...blobIds].filter((blobId) => !pins.deferDelete(blobId)));
  }

  /** The bytes of an inline blob; a missing one fails like a missing file (ENOENT). */
  function inlineBytes(blobId: string): Buffer {
    const bytes = inline.get(blobId);
    if (!bytes) throw missingBlob(blobId);
    return bytes;
  }

  /** How a Multipart object's reader (./read-parts.ts) reaches its parts, files or inline. */
  const partAccess: PartAccess = {
    read(blobId, start, end) {
      if (isInlineBlobId(blobId)) return [inlineBytes(blobId).subarray(start, end + 1)];
      return createReadStream(pathOf(blobId), { start, end, highWaterMark: READ_CHUNK });
    },
    async open(blobId) {
      return isInlineBlobId(blobId) ? inlineBytes(blobId) : open(pathOf(blobId), 'r');
    },
    pins,
    remove: removeBlobs,
    chunk: READ_CHUNK,
  };

  return {
    async append(blobId, offset, source, options = {}) {
      if (isInlineBlobId(blobId)) throw new Error(`blob ${blobId} is inline and cannot grow (AppendObject bodies are files)`);
      const path = pathOf(blobId);
      await truncate(path, offset);
      return writeFileMeasured(path, 'r+', offset, source, options, () => truncate(path, offset));
    },
    async truncate(blobId, size) {
      if (isInlineBlobId(blobId)) throw new Error(`blob ${blobId} is inline and never grows`);
      await truncate(pathOf(blobId), size);
    },
    async write(source, options = {}) {
      const size = options.expectedSize;
      if (size !== undefined && size <= SMALL_BODY) {
        return !options.appendable && size <= INLINE_BODY ? writeInline(source, options) : writeWhole(source, options);
      }
      const blobId = newBlobId();
      const tmpPath = join(tmpDir, blobId);
      const measured = await writeFileMeasured(tmpPath, 'w', 0, source, options, () => rm(tmpPath, { force: true }));
      return { ...staged(blobId, measured.size), md5: measured.md5, crc64: measured.crc64 };
    },
    async open(content) {
      if (content.parts) return openParts(content.parts, partAccess);
      if (isInlineBlobId(content.blobId)) {
        // Read at once, so a delete after this call cannot take the bytes from the reader.
        const bytes = inline.get(content.blobId);
        return bytes && openInlineBlob(bytes);
      }
      let handle;
      try {
        handle = await open(pathOf(content.blobId), 'r');
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      const fd = handle;
      let streamed = false;
      const blob: OpenBlob = {
        stream(start, end) {
          streamed = true;
          return createReadStream('', { fd, start, end, autoClose: true, highWaterMark: READ_CHUNK });
        },
        async send(res, start, end) {
          streamed = true;
          // sendFileSlices closes the handle when done with it.
          await sendFileSlices(res, [{ open: async () => fd, start, end }]);
        },
        async close() {
          if (!streamed) await fd.close();
        },
      };
      return blob;
    },
    async install(blob, swap) {
      const bytes = unstored.get(blob);
      if (bytes === undefined) {
        await blob.commit();
        const swapped = swap();
        await deleteBlobs(typeof swapped === 'object' ? swapped.unreferencedBlobIds : [blob.blobId]);
        return swapped;
      }
      // Inline: one transaction inserts the row, swaps the metadata and deletes the freed rows no
      // reader holds (pins are only read here, so a rollback leaves no deferred delete behind).
      const { swapped, later } = inline.transaction(() => {
        const swapped = swap();
        if (typeof swapped !== 'object') return { swapped, later: [] };
        inline.put(blob.blobId, bytes);
        const freed = swapped.unreferencedBlobIds;
        const now = freed.filter((blobId) => isInlineBlobId(blobId) && !pins.isPinned(blobId));
        inline.remove(now);
        return { swapped, later: freed.filter((blobId) => !now.includes(blobId)) };
      });
      unstored.delete(blob);
      // Freed files, and freed rows a reader still holds (deleted when it lets go).
      if (later.length > 0) await deleteBlobs(later);
      return swapped;
    },
    delete: deleteBlobs,
    async sweep(referenced) {
      let tempFiles = 0;
      let orphanBlobs = 0;
      for (const name of await readdir(tmpDir)) {
        await rm(join(tmpDir, name), { force: true, recursive: true });
        tempFiles++;
      }
      for (const shard of await readdir(blobsDir)) {
        const shardDir = join(blobsDir, shard);
        const names = await readdir(shardDir);
        let kept = 0;
        for (const name of names) {
          if (BLOB_ID.test(name) && referenced.has(name)) {
            kept++;
            continue;
          }
          await rm(join(shardDir, name), { force: true, recursive: true });
          orphanBlobs++;
        }
        if (kept === 0) {
          shards.delete(shard);
          await rmdir(shardDir).catch(() => undefined);
        }
      }
      orphanBlobs += inline.removeUnreferenced(referenced);
      return { tempFiles, orphanBlobs };
    },
  };
}
