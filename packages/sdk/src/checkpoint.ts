/**
 * The resumable-upload checkpoint file (default `<file>.cpt`, like the Ruby SDK's
 * `resumable_upload`): JSON with the upload id, the file's identity, the part size and the finished parts, plus
 * an MD5 of all of that so a truncated or edited file is detected. Written atomically (temp file
 * + rename), so a crash leaves either the old or the new checkpoint, never half of one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { CheckpointError } from './errors.js';

/** One finished part. */
export interface CheckpointPart {
  number: number;
  /** ETag without quotes. */
  etag: string;
  /** Decimal CRC-64 of the part. */
  crc64: string;
  size: number;
}

/** What a checkpoint records (the file adds `md5` over these fields). */
export interface CheckpointData {
  version: 1;
  uploadId: string;
  bucket: string;
  key: string;
  /** Absolute path of the uploaded file. */
  file: string;
  fileSize: number;
  fileMtimeMs: number;
  partSize: number;
  parts: CheckpointPart[];
}

const digest = (data: CheckpointData): string => createHash('md5').update(JSON.stringify(data)).digest('hex');

function isPart(value: unknown): value is CheckpointPart {
  const p = value as CheckpointPart;
  return (
    p !== null &&
    typeof p === 'object' &&
    Number.isInteger(p.number) &&
    p.number >= 1 &&
    typeof p.etag === 'string' &&
    typeof p.crc64 === 'string' &&
    /^\d+$/.test(p.crc64) &&
    Number.isInteger(p.size) &&
    p.size >= 0
  );
}

function validate(path: string, value: unknown): CheckpointData {
  if (value === null || typeof value !== 'object') throw new CheckpointError(path, 'not a JSON object');
  const { md5, ...rest } = value as Record<string, unknown>;
  if (typeof md5 !== 'string') throw new CheckpointError(path, 'missing md5');
  const data = rest as unknown as CheckpointData;
  if (
    data.version !== 1 ||
    typeof data.uploadId !== 'string' ||
    typeof data.bucket !== 'string' ||
    typeof data.key !== 'string' ||
    typeof data.file !== 'string' ||
    !Number.isInteger(data.fileSize) ||
    typeof data.fileMtimeMs !== 'number' ||
    !Number.isInteger(data.partSize) ||
    data.partSize <= 0 ||
    !Array.isArray(data.parts) ||
    !data.parts.every(isPart)
  ) {
    throw new CheckpointError(path, 'unexpected content');
  }
  // Key order is preserved by JSON.parse, so re-serializing reproduces the bytes that were hashed.
  if (digest(data) !== md5) throw new CheckpointError(path, 'md5 does not match its content');
  return data;
}

/** Read a checkpoint: undefined when the file does not exist, CheckpointError when it is unusable. */
export async function readCheckpoint(path: string): Promise<CheckpointData | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CheckpointError(path, `cannot be read: ${(err as Error).message}`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CheckpointError(path, 'not valid JSON', { cause: err });
  }
  return validate(path, parsed);
}

/** Write a checkpoint atomically. */
export async function writeCheckpoint(path: string, data: CheckpointData): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify({ ...data, md5: digest(data) }));
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Delete a checkpoint (no error when it is already gone). */
export async function removeCheckpoint(path: string): Promise<void> {
  await rm(path, { force: true });
}

/**
 * Keeps the checkpoint file up to date without making uploads wait for the disk: at most one
 * write in flight and at most one write per `intervalMs`; states saved meanwhile are coalesced
 * (only the newest matters). Writing after every part cost a temp file, a rename and a growing
 * JSON + MD5 per part, on the hot path; a part whose record has not landed when the process dies
 * is simply uploaded again. {@link flush} writes the newest state at once (failure, abort, end).
 */
export class CheckpointWriter {
  private latest: CheckpointData | undefined;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastWrite = Number.NEGATIVE_INFINITY;
  private failure: unknown;

  /** @param intervalMs Least time between two writes started by {@link save}. */
  constructor(
    readonly path: string,
    private readonly intervalMs = 1000,
  ) {}

  /**
   * Mark `data` to be written; returns at once. It is read when the write starts (the newest state
   * wins), so the caller may keep updating the same object: saving costs nothing per part, which
   * matters at 10 000 parts.
   */
  save(data: CheckpointData): void {
    this.latest = data;
    this.schedule();
  }

  private schedule(): void {
    if (this.running !== undefined || this.timer !== undefined || this.latest === undefined) return;
    const wait = this.lastWrite + this.intervalMs - Date.now();
    if (wait <= 0) this.running = this.write();
    else this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, wait);
  }

  private async write(): Promise<void> {
    const next = this.latest;
    this.latest = undefined;
    this.lastWrite = Date.now();
    try {
      // Snapshot now, synchronously: the caller keeps updating `next` while the write is under way.
      if (next !== undefined) await writeCheckpoint(this.path, { ...next, parts: [...next.parts].sort((a, b) => a.number - b.number) });
    } catch (err) {
      this.failure ??= err;
    } finally {
      this.running = undefined;
      this.schedule();
    }
  }

  /** Write the newest state now and wait until everything saved so far is on disk; rethrows a write failure. */
  async flush(): Promise<void> {
    for (;;) {
      clearTimeout(this.timer);
      this.timer = undefined;
      if (this.running !== undefined) await this.running;
      else if (this.latest !== undefined) this.running = this.write();
      else break;
    }
    if (this.failure !== undefined) throw this.failure;
  }

  /** Wait for pending writes, then delete the file. */
  async remove(): Promise<void> {
    await this.flush().catch(() => undefined);
    await removeCheckpoint(this.path);
  }
}
