/**
 * The emulator's in-process event bus: what happened to objects, multipart uploads and upload
 * callbacks, for tests to await instead of sleeping and for `GET /_ossbox/events` to stream.
 *
 * Events are emitted from two places only: the metadata store as the emulator wires it
 * (observe-metadata.ts: a row became or stopped being an object or an upload) and the callback
 * engine (one event per attempt). A short, bounded buffer of recent events lets
 * {@link EventBus.waitFor} match an event that happened just before the call: an upload with a
 * callback returns only after the callback was attempted, so the event is always in the past by
 * the time a test can ask for it.
 */
import type { CallbackAttemptOutcome } from '../callbacks/index.js';
import type { PolicyDocument } from '../policy/index.js';
import type { FaultEffectType } from '../faults/fault-rule.js';

/** Fields every event has. */
interface EventBase {
  /** Increasing from 1 per emulator; the SSE `id:`. */
  id: number;
  /** ISO 8601 time the event was emitted. */
  time: string;
  bucket: string;
  key: string;
}

/** A key now holds a new object (PutObject, PostObject, CopyObject, AppendObject, CompleteMultipartUpload). */
export interface ObjectCreatedEvent extends EventBase {
  type: 'object-created';
  /** Unquoted ETag. */
  etag: string;
  /** Bytes. */
  size: number;
  /** `Normal`, `Appendable` or `Multipart`. */
  objectType: string;
}

/** An object was deleted (DeleteObject, DeleteMultipleObjects); only for keys that held one. */
export interface ObjectDeletedEvent extends EventBase {
  type: 'object-deleted';
}

/** A multipart upload became an object (also emits `object-created`). */
export interface MultipartCompletedEvent extends EventBase {
  type: 'multipart-completed';
  uploadId: string;
  etag: string;
  size: number;
}

/** A multipart upload was aborted and its parts deleted. */
export interface MultipartAbortedEvent extends EventBase {
  type: 'multipart-aborted';
  uploadId: string;
}

/** One upload callback POST to one URL (the full record is in `GET /_ossbox/callbacks`). */
export interface CallbackEvent extends EventBase {
  type: 'callback';
  /** `success`, or why the attempt failed (`status`, `connect`, `timeout`, `not-json`, …). */
  outcome: CallbackAttemptOutcome;
  /** The receiver's HTTP status; absent when no response head arrived. */
  status?: number;
  /** The callback URL as the client wrote it. */
  url: string;
  /** Request id of the upload that triggered the callback. */
  requestId: string;
  /** Id of the attempt in the callback log. */
  attemptId: string;
  /** The `CallbackFailed` message the uploader got (failures only). */
  message?: string;
  /** Id of the attempt this one replays (console Replay, `replayCallback`). */
  replayOf?: string;
  /** The fault rule that forced this outcome without contacting the receiver, if one did. */
  fault?: string;
}

/**
 * A fault rule fired (faults/): the request got an injected error, delay or cut, or its callback
 * an injected failure. `key` is '' for bucket-level operations.
 */
export interface FaultEvent extends EventBase {
  type: 'fault';
  /** The OSS operation, e.g. `UploadPart`. */
  operation: string;
  /** Request id of the faulted request (the one in its error XML, when it got one). */
  requestId: string;
  /** Id of the rule, e.g. `fault-1`. */
  ruleId: string;
  /** The effect applied: `error`, `delay`, `cut-request`, `cut-response` or `callback`. */
  effect: FaultEffectType;
}

/**
 * One OSS request, answered or cut off (not the emulator's own `/_ossbox/*` routes). `bucket` and
 * `key` are empty when the request has none (ListBuckets, bucket-level operations, an address
 * that could not be parsed).
 */
export interface RequestEvent extends EventBase {
  type: 'request';
  /** The `x-oss-request-id` the response carried. */
  requestId: string;
  /** HTTP method. */
  method: string;
  /** The OSS operation name (`PutObject`, `ListObjectsV2`, …); empty when none was identified (e.g. 405 MethodNotAllowed). */
  operation: string;
  /** HTTP status of the response. */
  status: number;
  /** Milliseconds from the request's arrival to the end of its response. */
  durationMs: number;
  /** Present when the connection closed before the whole response was sent. */
  aborted?: true;
  /**
   * Which credentials the request used: `anonymous`, `account` (a configured long-term key) or `sts`
   * (temporary credentials); absent when it was refused before its credentials were checked.
   */
  principal?: 'anonymous' | 'account' | 'sts';
  /** The AccessKeyId that signed the request (`STS.…` for temporary credentials). */
  accessKeyId?: string;
  /** STS requests: the role the session assumed, and its RoleSessionName. */
  roleArn?: string;
  sessionName?: string;
  /**
   * STS requests: the policies the request was held to, normalised (every list an array): the
   * role's, then the session policy when AssumeRole was given one. A request must be allowed by all.
   */
  policies?: readonly PolicyDocument[];
}

/** Any emulator event. */
export type EmulatorEvent =
  | ObjectCreatedEvent
  | ObjectDeletedEvent
  | MultipartCompletedEvent
  | MultipartAbortedEvent
  | CallbackEvent
  | RequestEvent
  | FaultEvent;

/** An event's type name. */
export type EmulatorEventType = EmulatorEvent['type'];

/**
 * The event type a filter's `type` names, so `waitFor({ type: 'callback' })` resolves with a
 * {@link CallbackEvent} (its `status`, `outcome`, … typed); any event without a `type`.
 */
export type EventOfType<T extends EmulatorEventType> = Extract<EmulatorEvent, { type: T }>;

/** Every event type, in documentation order. */
export const EVENT_TYPES: readonly EmulatorEventType[] = Object.freeze([
  'object-created',
  'object-deleted',
  'multipart-completed',
  'multipart-aborted',
  'callback',
  'request',
  'fault',
]);

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What an emitter passes to {@link EventBus.emit}; the bus adds `id` and `time`. */
export type EmulatorEventInput = DistributiveOmit<EmulatorEvent, 'id' | 'time'>;

/**
 * Fields an event must equal to match; e.g. `{ type: 'callback', key: 'a.png', outcome: 'success' }`.
 * A field the event type does not have never matches.
 */
export type EventFilter = { type?: EmulatorEventType } & Partial<Record<string, string | number>>;

/** Options of {@link EventBus.waitFor}. */
export interface WaitForOptions {
  /** Reject after this many ms; default 5000. */
  timeoutMs?: number;
  /** Also match events already in the recent buffer (newest first); default true. */
  recent?: boolean;
}

/** Rejection of {@link EventBus.waitFor} when nothing matched in time. */
export class EventTimeoutError extends Error {
  override readonly name = 'EventTimeoutError';
  constructor(
    readonly filter: EventFilter,
    readonly timeoutMs: number,
  ) {
    super(`no emulator event matching ${JSON.stringify(filter)} within ${timeoutMs} ms`);
  }
}

/** Whether `event` has every field of `filter` with the same value. */
export function matchesFilter(event: EmulatorEvent, filter: EventFilter): boolean {
  const fields = event as unknown as Record<string, unknown>;
  return Object.entries(filter).every(([name, value]) => value === undefined || fields[name] === value);
}

/** Options of {@link EventBus}. */
export interface EventBusOptions {
  /** How many recent events are kept for `waitFor` and SSE `Last-Event-ID`; default 100. */
  recentCapacity?: number;
}

/**
 * Typed publish/subscribe with a bounded buffer of recent events.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ port: 0, buckets: ['examplebucket'] });
 * const stop = emulator.events.subscribe((e) => console.log(e.type, e.bucket, e.key));
 * // ... upload files/a.png with a callback ...
 * const delivered = await emulator.waitFor({ type: 'callback', key: 'files/a.png', outcome: 'success' });
 * stop();
 * ```
 */
export class EventBus {
  readonly recentCapacity: number;
  readonly #recent: EmulatorEvent[] = [];
  readonly #listeners = new Set<(event: EmulatorEvent) => void>();
  #nextId = 1;

  constructor(options: EventBusOptions = {}) {
    const capacity = options.recentCapacity ?? 100;
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('recentCapacity must be a non-negative integer');
    this.recentCapacity = capacity;
  }

  /** Stamp, buffer and deliver an event to every listener (synchronously, in subscription order). */
  emit(input: EmulatorEventInput): EmulatorEvent {
    const event = { id: this.#nextId++, time: new Date().toISOString(), ...input } as EmulatorEvent;
    this.#recent.push(event);
    if (this.#recent.length > this.recentCapacity) this.#recent.splice(0, this.#recent.length - this.recentCapacity);
    for (const listener of [...this.#listeners]) {
      // A throwing listener must not break the request that emitted the event, nor other listeners.
      try {
        listener(event);
      } catch {
        // ignored on purpose: listeners are observers
      }
    }
    return event;
  }

  /** Call `listener` for every future event; returns the function that unsubscribes it. */
  subscribe(listener: (event: EmulatorEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** The buffered recent events, oldest first. */
  recent(): EmulatorEvent[] {
    return [...this.#recent];
  }

  /** Forget the buffered events (the emulator's reset does this); ids keep increasing. */
  clearRecent(): void {
    this.#recent.length = 0;
  }

  /**
   * The newest buffered event matching `filter` (unless `recent: false`), else the next one
   * emitted within `timeoutMs`; rejects with {@link EventTimeoutError} otherwise.
   */
  waitFor<T extends EmulatorEventType = EmulatorEventType>(filter: EventFilter & { type?: T }, options: WaitForOptions = {}): Promise<EventOfType<T>> {
    const timeoutMs = options.timeoutMs ?? 5000;
    if (options.recent ?? true) {
      for (let i = this.#recent.length - 1; i >= 0; i--) {
        const event = this.#recent[i] as EmulatorEvent;
        if (matchesFilter(event, filter)) return Promise.resolve(event as EventOfType<T>);
      }
    }
    return new Promise((resolve, reject) => {
      const unsubscribe = this.subscribe((event) => {
        if (!matchesFilter(event, filter)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(event as EventOfType<T>);
      });
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new EventTimeoutError(filter, timeoutMs));
      }, timeoutMs);
    });
  }
}
