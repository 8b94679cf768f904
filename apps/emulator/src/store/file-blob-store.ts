/**
 * {@link BlobStore} on the local file system. Layout under the data directory:
 *
 *   blobs/<first two hex chars of id>/<id>   committed blobs (32 random hex chars, never a key)
 *   tmp/<id>                                 writes in progress; renamed into blobs/ when complete
 *
 * `tmp/` and `blobs/` sit in one directory tree, so the commit is an atomic same-filesystem
 * rename. Blobs never change once committed, except appendable objects (AppendObject), which
 * grow in place past the size their row records; readers never read past that size. A process
 * killed mid-write leaves only a temp file, which {@link BlobStore.sweep} removes on the next
 * start. Files are not fsynced: the guarantee is against process crashes, which is what an
 * emulator meets in CI; an OS crash may lose recent writes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, truncate, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import { Crc64 } from '@ossbox/protocol';
import type { BlobSlice, BlobStore, BlobWriteOptions, OpenBlob, StagedBlob } from './blob-store.js';

/** Thrown by {@link BlobStore.write} when the body exceeds `maxSize`. */
export class BlobSizeLimitError extends Error {
  override readonly name = 'BlobSizeLimitError';
}

/** Thrown by {@link BlobStore.concat} when a source blob does not exist (deleted concurrently). */
export class MissingBlobError extends Error {
  override readonly name = 'MissingBlobError';
  constructor(readonly blobId: string) {
    super(`blob ${blobId} does not exist`);
  }
}

/** Buffer size of {@link BlobStore.concat}: one read and one write per MiB copied. */
const COPY_BUFFER_SIZE = 1024 * 1024;

const BLOB_ID = /^[0-9a-f]{32}$/;

function newBlobId(): string {
  return randomBytes(16).toString('hex');
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** Create the directories and return a file-backed blob store rooted at `dataDir`. */
export async function openFileBlobStore(dataDir: string): Promise<BlobStore> {
  const blobsDir = join(dataDir, 'blobs');
  const tmpDir = join(dataDir, 'tmp');
  await mkdir(blobsDir, { recursive: true });
  await mkdir(tmpDir, { recursive: true });
  const pathOf = (blobId: string) => join(blobsDir, blobId.slice(0, 2), blobId);
  /** Shard directories known to exist, to skip a mkdir per commit. */
  const shards = new Set<string>();

  /** Stream `source` into `target` while measuring it. */
  async function measuredCopy(source: AsyncIterable<Uint8Array> | Readable, target: Writable, options: BlobWriteOptions) {
    const maxSize = options.maxSize ?? Number.POSITIVE_INFINITY;
    const md5 = createHash('md5');
    const crc = new Crc64();
    let size = 0;
    await pipeline(
      source as Readable,
      async function* measure(chunks: AsyncIterable<Uint8Array>) {
        for await (const chunk of chunks) {
          size += chunk.length;
          if (size > maxSize) throw new BlobSizeLimitError(`body larger than ${maxSize} bytes`);
          md5.update(chunk);
          crc.update(chunk);
          yield chunk;
        }
      },
      target,
    );
    return { size, md5: md5.digest(), crc64: crc.digest() };
  }

  /** The commit and discard of a temp file `tmp/<blobId>`. */
  function staged(blobId: string, size: number): StagedBlob {
    const tmpPath = join(tmpDir, blobId);
    return {
      blobId,
      size,
      async commit() {
        const shard = blobId.slice(0, 2);
        try {
          if (!shards.has(shard)) {
            await mkdir(join(blobsDir, shard), { recursive: true });
            shards.add(shard);
          }
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

  /** Copy the first `slice.size` bytes of a blob to `target` at `position`; returns the size. */
  async function copySlice(slice: BlobSlice, target: FileHandle, position: number, buffer: Buffer): Promise<number> {
    if (slice.size === 0) return 0;
    let source;
    try {
      source = await open(pathOf(slice.blobId), 'r');
    } catch (error) {
      if (isMissing(error)) throw new MissingBlobError(slice.blobId);
      throw error;
    }
    try {
      let copied = 0;
      while (copied < slice.size) {
        const { bytesRead } = await source.read(buffer, 0, Math.min(buffer.length, slice.size - copied), copied);
        if (bytesRead === 0) throw new Error(`blob ${slice.blobId} is shorter than its recorded ${slice.size} bytes`);
        let written = 0;
        while (written < bytesRead) {
          const result = await target.write(buffer, written, bytesRead - written, position + copied + written);
          written += result.bytesWritten;
        }
        copied += bytesRead;
      }
      return copied;
    } finally {
      await source.close();
    }
  }

  return {
    async append(blobId, offset, source, options = {}) {
      const path = pathOf(blobId);
      await truncate(path, offset);
      try {
        return await measuredCopy(source, createWriteStream(path, { flags: 'r+', start: offset }), options);
      } catch (error) {
        await truncate(path, offset);
        throw error;
      }
    },
    async truncate(blobId, size) {
      await truncate(pathOf(blobId), size);
    },
    async write(source, options = {}) {
      const blobId = newBlobId();
      const tmpPath = join(tmpDir, blobId);
      let measured;
      const target = createWriteStream(tmpPath, { highWaterMark: 1024 * 1024 });
      try {
        measured = await measuredCopy(source, target, options);
      } catch (error) {
        // A stream destroyed before its file finished opening still creates the file when the
        // open completes: wait for the close, or the removal could run first.
        if (!target.closed) await new Promise<void>((resolve) => target.once('close', () => resolve()));
        await rm(tmpPath, { force: true });
        throw error;
      }
      return { ...staged(blobId, measured.size), md5: measured.md5, crc64: measured.crc64 };
    },
    async concat(slices) {
      const blobId = newBlobId();
      const tmpPath = join(tmpDir, blobId);
      let size = 0;
      try {
        const target = await open(tmpPath, 'w');
        try {
          const buffer = Buffer.allocUnsafe(COPY_BUFFER_SIZE);
          for (const slice of slices) size += await copySlice(slice, target, size, buffer);
        } finally {
          await target.close();
        }
      } catch (error) {
        await rm(tmpPath, { force: true });
        throw error;
      }
      return staged(blobId, size);
    },
    async open(blobId) {
      let handle;
      try {
        handle = await open(pathOf(blobId), 'r');
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      const fd = handle;
      let streamed = false;
      const blob: OpenBlob = {
        stream(start, end) {
          streamed = true;
          return createReadStream('', { fd, start, end, autoClose: true, highWaterMark: 256 * 1024 });
        },
        async close() {
          if (!streamed) await fd.close();
        },
      };
      return blob;
    },
    async delete(blobIds) {
      for (const blobId of blobIds) {
        try {
          await unlink(pathOf(blobId));
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      }
    },
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
      return { tempFiles, orphanBlobs };
    },
  };
}
