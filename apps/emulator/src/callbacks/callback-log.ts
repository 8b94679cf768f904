/**
 * An in-memory, bounded record of every callback attempt, so tests and people can see exactly
 * what was sent and why it failed, and wait for an attempt deterministically instead of sleeping.
 */
import type { CallbackParams } from '@ossbox/protocol';
import type { CallbackFailureReason } from './callback-failure.js';

/** `success`, or why the attempt failed. */
export type CallbackAttemptOutcome = 'success' | CallbackFailureReason;

/** Bodies kept for display are cut to this many bytes (`bodyTruncated` says when). */
export const DISPLAY_BODY_BYTES = 4096;

/** What the receiver answered. */
export interface CallbackAttemptResponse {
  status: number;
  headers: Record<string, string | string[]>;
  /** UTF-8 text of the first {@link DISPLAY_BODY_BYTES} bytes read. */
  body: string;
  /** Bytes of body actually read (reading stops early on failures). */
  bodyBytes: number;
  bodyTruncated: boolean;
}

/** One POST to one callback URL. */
export interface CallbackAttempt {
  id: string;
  /** ISO 8601 start time. */
  time: string;
  bucket: string;
  key: string;
  /** Request id of the upload that triggered the callback (also sent as `x-oss-request-id`). */
  requestId: string;
  /** The callback URL as written by the client. */
  url: string;
  /** e.g. `POST /cb?id=1 HTTP/1.1`; empty when the URL could not be used. */
  requestLine: string;
  requestHeaders: Record<string, string>;
  /** UTF-8 text of the first {@link DISPLAY_BODY_BYTES} bytes of the body sent. */
  requestBody: string;
  requestBodyTruncated: boolean;
  /**
   * The string the `Authorization` signature was computed over (the URL-decoded path, the query
   * as written, `\n`, the body), its first {@link DISPLAY_BODY_BYTES} bytes as UTF-8; absent when
   * nothing was sent.
   */
  stringToSign?: string;
  /** The whole callback as the upload asked for it, so it can be sent again (`CallbackEngine.replay`). */
  sent?: SentCallback;
  /** Id of the attempt whose callback this attempt replays (console Replay, `replayCallback`). */
  replayOf?: string;
  /** Absent when no response head arrived (connect error, timeout before headers, refusal). */
  response?: CallbackAttemptResponse;
  durationMs: number;
  outcome: CallbackAttemptOutcome;
  /** The `CallbackFailed` message this attempt would produce (failures only). */
  message?: string;
  /** Its EC (failures only). */
  ec?: string;
  /** Low-level cause, e.g. `connect ECONNREFUSED 127.0.0.1:1` (failures only). */
  error?: string;
  /** Id of the fault rule that forced this failure; the receiver was then not contacted. */
  fault?: string;
}

/** What a callback delivery sent: the validated parameters and the whole rendered body. */
export interface SentCallback {
  params: CallbackParams;
  /** The rendered body, complete (the attempt's `requestBody` may be cut for display). */
  body: string;
}

/** Anything that stores attempts; {@link CallbackLog} is the standard one. */
export interface CallbackAttemptRecorder {
  record(attempt: CallbackAttempt): void;
}

/** Filters of {@link CallbackLog.query}; all given filters must match. */
export interface CallbackLogQuery {
  bucket?: string;
  key?: string;
  requestId?: string;
  /** An outcome (`success`, `status`, `connect`, …), or `failed` for every failure. */
  outcome?: string;
  /** At most this many attempts (newest first). */
  limit?: number;
}

/** Options of {@link CallbackLog}. */
export interface CallbackLogOptions {
  /** How many attempts are kept (oldest dropped first). Default 1000. */
  capacity?: number;
}

interface Waiter {
  predicate: (attempt: CallbackAttempt) => boolean;
  resolve: (attempt: CallbackAttempt) => void;
}

/**
 * The last N callback attempts, queryable newest first.
 *
 * @example
 * const log = new CallbackLog();
 * const attempt = await log.waitFor((a) => a.key === 'photo.jpg', 2000);
 * console.log(attempt.outcome, attempt.message);
 */
export class CallbackLog implements CallbackAttemptRecorder {
  readonly capacity: number;
  readonly #attempts: CallbackAttempt[] = [];
  readonly #waiters = new Set<Waiter>();

  constructor(options: CallbackLogOptions = {}) {
    const capacity = options.capacity ?? 1000;
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.capacity = capacity;
  }

  /** Store an attempt, dropping the oldest beyond capacity, and wake matching waiters. */
  record(attempt: CallbackAttempt): void {
    this.#attempts.push(attempt);
    if (this.#attempts.length > this.capacity) this.#attempts.splice(0, this.#attempts.length - this.capacity);
    for (const waiter of this.#waiters) {
      if (waiter.predicate(attempt)) waiter.resolve(attempt);
    }
  }

  /** Attempts matching every given filter, newest first. */
  query(filter: CallbackLogQuery = {}): CallbackAttempt[] {
    const limit = filter.limit ?? Infinity;
    const found: CallbackAttempt[] = [];
    for (let i = this.#attempts.length - 1; i >= 0 && found.length < limit; i--) {
      const a = this.#attempts[i] as CallbackAttempt;
      if (filter.bucket !== undefined && a.bucket !== filter.bucket) continue;
      if (filter.key !== undefined && a.key !== filter.key) continue;
      if (filter.requestId !== undefined && a.requestId !== filter.requestId) continue;
      if (!outcomeMatches(a.outcome, filter.outcome)) continue;
      found.push(a);
    }
    return found;
  }

  /** The attempt with this id, if it is still kept. */
  get(id: string): CallbackAttempt | undefined {
    return this.#attempts.find((a) => a.id === id);
  }

  /**
   * The newest recorded attempt matching `predicate`, or the next one recorded within
   * `timeoutMs`; rejects with a timeout error otherwise.
   */
  waitFor(predicate: (attempt: CallbackAttempt) => boolean, timeoutMs = 5000): Promise<CallbackAttempt> {
    for (let i = this.#attempts.length - 1; i >= 0; i--) {
      const a = this.#attempts[i] as CallbackAttempt;
      if (predicate(a)) return Promise.resolve(a);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (attempt) => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(attempt);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no matching callback attempt within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }
}

/** Whether an attempt's outcome passes the {@link CallbackLogQuery.outcome} filter. */
export function outcomeMatches(outcome: CallbackAttemptOutcome, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  return wanted === 'failed' ? outcome !== 'success' : outcome === wanted;
}

/** The display form of a body: its first {@link DISPLAY_BODY_BYTES} bytes as UTF-8. */
export function displayBody(bytes: Uint8Array): { text: string; truncated: boolean } {
  const truncated = bytes.length > DISPLAY_BODY_BYTES;
  return { text: Buffer.from(bytes.subarray(0, DISPLAY_BODY_BYTES)).toString('utf8'), truncated };
}
