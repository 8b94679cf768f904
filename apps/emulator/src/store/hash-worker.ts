/**
 * MD5 and CRC-64 of streamed bodies, computed on a worker thread. Hashing was most of a large
 * PUT's server CPU (profile of a 256 MiB PUT: ~70% of the request's CPU, CRC-64 ~45 points and
 * MD5 ~25), and on the event loop it ran in turn with the socket reads and file writes; on the
 * worker it overlaps them. Each chunk is copied to the worker (postMessage), which costs far less than hashing it.
 * A body may run at most {@link MAX_IN_FLIGHT} bytes ahead of its hashing, so a slow worker slows
 * the upload rather than buffering it in memory.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Bytes of one body sent to the worker and not yet hashed, past which the body waits. */
const MAX_IN_FLIGHT = 8 * 1024 * 1024;

// Plain CommonJS evaluated by the worker; it loads Crc64 from the built @ossbox/protocol.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const jobs = new Map();
const loading = import(workerData.protocolUrl);
parentPort.on('message', async (message) => {
  const { Crc64 } = await loading;
  let job = jobs.get(message.id);
  if (job === undefined) jobs.set(message.id, (job = { md5: createHash('md5'), crc: new Crc64() }));
  if (message.chunk !== undefined) {
    job.md5.update(message.chunk);
    job.crc.update(message.chunk);
    parentPort.postMessage({ id: message.id, hashed: message.chunk.length });
  } else {
    jobs.delete(message.id);
    if (message.end) parentPort.postMessage({ id: message.id, md5: job.md5.digest(), crc64: job.crc.toString() });
  }
});
`;

/** The digests of one body. */
export interface BodyDigests {
  md5: Buffer;
  crc64: bigint;
}

/** Hashing of one body on the worker. */
export interface BodyHasher {
  /** Send a chunk; resolves at once unless the body is {@link MAX_IN_FLIGHT} bytes ahead of its hashing. */
  update(chunk: Uint8Array): Promise<void> | undefined;
  /** Every chunk sent so far, hashed. */
  digest(): Promise<BodyDigests>;
  /** Forget the body (it failed). */
  discard(): void;
}

interface Job {
  inFlight: number;
  resume?: () => void;
  done?: { resolve(digests: BodyDigests): void; reject(error: Error): void };
}

type Reply = { id: number; hashed: number } | { id: number; md5: Uint8Array; crc64: string };

let worker: Worker | undefined;
const jobs = new Map<number, Job>();
let nextId = 0;

function startWorker(): Worker {
  const protocolUrl = pathToFileURL(createRequire(import.meta.url).resolve('@ossbox/protocol')).href;
  const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { protocolUrl } });
  started.on('message', (reply: Reply) => {
    const job = jobs.get(reply.id);
    if (job === undefined) return;
    if ('hashed' in reply) {
      job.inFlight -= reply.hashed;
      if (job.inFlight <= MAX_IN_FLIGHT / 2 && job.resume) {
        const resume = job.resume;
        delete job.resume;
        resume();
      }
      return;
    }
    untrack(reply.id);
    job.done?.resolve({ md5: Buffer.from(reply.md5), crc64: BigInt(reply.crc64) });
  });
  const fail = (error: Error) => {
    worker = undefined;
    for (const job of jobs.values()) job.done?.reject(error);
    for (const job of jobs.values()) job.resume?.();
    jobs.clear();
  };
  started.on('error', fail);
  started.on('exit', (code) => fail(new Error(`hash worker exited with code ${code}`)));
  // Idle until a job starts (see track/untrack). After the listeners: adding a 'message' listener
  // refs the worker's port again, so an earlier unref() left every process that once hashed a
  // body running after startEmulator().close().
  started.unref();
  return started;
}

/**
 * The worker holds the event loop only while a body is being hashed: a pending digest must not be
 * lost to an exiting process, and an idle worker must not keep one alive.
 */
function track(id: number, job: Job): void {
  if (jobs.size === 0) worker?.ref();
  jobs.set(id, job);
}

function untrack(id: number): void {
  if (jobs.delete(id) && jobs.size === 0) worker?.unref();
}

/** Start hashing a body on the (shared, lazily started) worker. */
export function hashOnWorker(): BodyHasher {
  worker ??= startWorker();
  const thread = worker;
  const id = nextId++;
  const job: Job = { inFlight: 0 };
  track(id, job);
  return {
    update(chunk) {
      thread.postMessage({ id, chunk });
      job.inFlight += chunk.length;
      if (job.inFlight <= MAX_IN_FLIGHT) return undefined;
      return new Promise<void>((resolve) => (job.resume = resolve));
    },
    digest() {
      return new Promise<BodyDigests>((resolve, reject) => {
        if (!jobs.has(id)) {
          reject(new Error('hash worker stopped'));
          return;
        }
        job.done = { resolve, reject };
        thread.postMessage({ id, end: true });
      });
    },
    discard() {
      untrack(id);
      thread.postMessage({ id, end: false });
    },
  };
}
