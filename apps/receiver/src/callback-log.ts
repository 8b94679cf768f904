/**
 * The in-memory list behind `GET /_ossbox/callbacks`: every callback POST received, verified or
 * not, newest first, bounded so a long-running receiver does not grow without limit.
 */

/** How the receiver answered (or will answer, after the delay). */
export interface ReplyRecord {
  status: number;
  /** The reply shape: `json` (normal), or one of the `ossbox-reply` switch values. */
  kind: string;
  delayMs: number;
}

/** One received callback request. */
export interface ReceivedCallback {
  /** Sequence number, from 1. */
  id: number;
  receivedAt: string;
  method: string;
  /** The raw request target, as signed. */
  url: string;
  /** The path part of `url`, as sent. */
  path: string;
  verified: boolean;
  /** Why it was rejected (the `CallbackVerificationError` code, or `BAD_SWITCH`). */
  error?: { code: string; message: string };
  /** The trusted key URL the signature verified with. */
  publicKeyUrl?: string;
  contentType?: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed body (form → object, JSON → value); raw text when it did not parse. */
  body: unknown;
  reply: ReplyRecord;
}

/** Default number of callbacks kept. */
export const DEFAULT_HISTORY_SIZE = 100;

/** A bounded, newest-first list of received callbacks. */
export class CallbackLog {
  readonly #capacity: number;
  readonly #entries: ReceivedCallback[] = [];
  #nextId = 1;

  constructor(capacity = DEFAULT_HISTORY_SIZE) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.#capacity = capacity;
  }

  /** Record a callback; assigns its `id`. */
  add(entry: Omit<ReceivedCallback, 'id'>): ReceivedCallback {
    const record = { id: this.#nextId++, ...entry };
    this.#entries.unshift(record);
    if (this.#entries.length > this.#capacity) this.#entries.length = this.#capacity;
    return record;
  }

  /** Newest first. */
  list(): ReceivedCallback[] {
    return [...this.#entries];
  }

  /** Forget every entry (ids keep counting). */
  clear(): void {
    this.#entries.length = 0;
  }
}
