/**
 * Test support: a {@link BlobStore} over the real file store that fails like a full or failing
 * disk while `fault` is set. The error is raised part way through the bytes (after
 * `fault.afterBytes`), inside the real store's write, so its own clean-up runs exactly as it would
 * for an `ENOSPC` from the file system; clearing `fault` is "space came back".
 */
import type { Readable } from 'node:stream';
import type { BlobStore } from '../store/blob-store.js';

/** A disk fault to inject: the errno code and how many bytes get through first. */
export interface DiskFault {
  code: 'ENOSPC' | 'EIO';
  afterBytes: number;
}

/** The error `fs` raises for `code` on a write. */
export function diskError(code: DiskFault['code']): NodeJS.ErrnoException {
  const text = code === 'ENOSPC' ? 'no space left on device' : 'i/o error';
  return Object.assign(new Error(`${code}: ${text}, write`), { code, errno: code === 'ENOSPC' ? -28 : -5, syscall: 'write' });
}

async function* failAfter(source: AsyncIterable<Uint8Array> | Readable, fault: DiskFault): AsyncGenerator<Uint8Array> {
  let passed = 0;
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    const room = fault.afterBytes - passed;
    if (chunk.length > room) {
      if (room > 0) yield chunk.subarray(0, room);
      throw diskError(fault.code);
    }
    passed += chunk.length;
    yield chunk;
  }
  if (passed >= fault.afterBytes) throw diskError(fault.code);
}

/** A blob store that injects {@link DiskFault}s into `inner`'s writes while `fault` is set. */
export interface FaultyBlobStore extends BlobStore {
  fault: DiskFault | undefined;
}

/** Wrap `inner`; set `.fault` to make writes and appends fail. */
export function faultyBlobStore(inner: BlobStore): FaultyBlobStore {
  const store: FaultyBlobStore = {
    fault: undefined,
    write(source, options) {
      return inner.write(store.fault ? failAfter(source, store.fault) : source, options);
    },
    append(blobId, offset, source, options) {
      return inner.append(blobId, offset, store.fault ? failAfter(source, store.fault) : source, options);
    },
    open: (content) => inner.open(content),
    truncate: (blobId, size) => inner.truncate(blobId, size),
    install: (blob, swap) => inner.install(blob, swap),
    delete: (blobIds) => inner.delete(blobIds),
    sweep: (referenced) => inner.sweep(referenced),
  };
  return store;
}
