/**
 * The callback engine as the app uses it: the signing key, one deliverer with validated options,
 * the attempt log and the `/_ossbox` router serving the public key and the log, built once at
 * start (docs/callback-protocol.md §2-§3). Handlers only see {@link CallbackEngine}.
 */
import type { Router } from 'express';
import {
  assertCallbackUrlsAllowed,
  CALLBACK_PUBLIC_KEY_PATH,
  CallbackLog,
  createCallbackDeliverer,
  createCallbackRouter,
  replayInput,
} from './callbacks/index.js';
import type {
  CallbackAttempt,
  CallbackAttemptRecorder,
  CallbackDeliveryInput,
  CallbackKey,
  CallbackLogger,
  CallbackOutcome,
  ResolveAll,
} from './callbacks/index.js';
import type { EventBus } from './events/index.js';
import type { FaultRegistry } from './faults/index.js';

/** What handlers need to send callbacks. */
export interface CallbackEngine {
  /** Deliver one callback (each URL in order, first success wins). */
  deliver(input: CallbackDeliveryInput): Promise<CallbackOutcome>;
  /**
   * Send the callback of a logged attempt again, freshly signed, to every URL of its upload's
   * callback in order; the new attempts are logged with `replayOf: attemptId`. Rejects with
   * `CallbackReplayError` (`NoSuchAttempt`, `NotReplayable`) before sending anything.
   */
  replay(attemptId: string): Promise<CallbackOutcome>;
  /** The request-side address check of strict mode (400 EC 0007-00000008); a no-op otherwise. */
  checkUrls(urls: readonly string[]): Promise<void>;
  /** Every attempt, newest first; served at `GET /_ossbox/callbacks`. */
  log: CallbackLog;
  /** Serves `/callback_pub_key_v1.pem` and `/callbacks`, to be mounted under `/_ossbox`. */
  router: Router;
  /** The URL sent (Base64) in `x-oss-pub-key-url`. */
  publicKeyUrl: string;
}

/** Options of {@link createCallbackEngine}. */
export interface CallbackEngineOptions {
  key: CallbackKey;
  /** Absolute URL of the public key PEM, see {@link publicKeyUrlFor}. */
  publicKeyUrl: string;
  /** Per-attempt budget; default 5000 ms as OSS. */
  timeoutMs?: number;
  /** Refuse private, loopback and IPv6 callback URLs like OSS. */
  strict?: boolean;
  logger?: CallbackLogger;
  /** Extra CA certificates for HTTPS callback URLs. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** DNS resolver for strict mode (tests). */
  resolveAll?: ResolveAll;
  /** Where each attempt is also announced as a `callback` event. */
  events?: EventBus;
  /** Where attempts are recorded; default an in-memory {@link CallbackLog}. */
  log?: CallbackLog;
  /** Fault rules whose `callback` effects force a delivery to fail (see faults/). */
  faults?: FaultRegistry;
}

/** Record attempts in `log` and announce each on `events` (the one place callback events come from). */
function attemptRecorder(log: CallbackLog, events: EventBus | undefined): CallbackAttemptRecorder {
  if (!events) return log;
  return {
    record(attempt: CallbackAttempt) {
      log.record(attempt);
      const { bucket, key, outcome, url, requestId, id: attemptId, message, response, replayOf, fault } = attempt;
      events.emit({
        type: 'callback',
        bucket,
        key,
        outcome,
        url,
        requestId,
        attemptId,
        ...(response === undefined ? {} : { status: response.status }),
        ...(message === undefined ? {} : { message }),
        ...(replayOf === undefined ? {} : { replayOf }),
        ...(fault === undefined ? {} : { fault }),
      });
    },
  };
}

/**
 * The public key URL for an emulator reachable at `baseUrl` (its listening URL, or `--public-url`).
 *
 * @example
 * publicKeyUrlFor('http://127.0.0.1:9000'); // 'http://127.0.0.1:9000/_ossbox/callback_pub_key_v1.pem'
 */
export function publicKeyUrlFor(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${CALLBACK_PUBLIC_KEY_PATH}`;
}

/**
 * Build the engine around a loaded key.
 *
 * @example
 * const key = await loadOrCreateCallbackKey(config.location);
 * const callbacks = createCallbackEngine({ key, publicKeyUrl: publicKeyUrlFor(url) });
 * const app = createApp({ config, storage, callbacks });
 */
export function createCallbackEngine(options: CallbackEngineOptions): CallbackEngine {
  const log = options.log ?? new CallbackLog();
  const strict = options.strict ?? false;
  const deliver = createCallbackDeliverer({
    privateKey: options.key.privateKey,
    publicKeyUrl: options.publicKeyUrl,
    timeoutMs: options.timeoutMs ?? 5000,
    strict,
    recorder: attemptRecorder(log, options.events),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    ...(options.resolveAll === undefined ? {} : { resolveAll: options.resolveAll }),
  });
  const checkOptions = { strict, ...(options.resolveAll === undefined ? {} : { resolveAll: options.resolveAll }) };
  const replay = async (attemptId: string) => deliver(replayInput(log, attemptId));
  const { faults } = options;
  return {
    deliver(input) {
      const fired = faults?.forCallback({ operation: input.operation ?? '', bucket: input.bucket, key: input.key, requestId: input.requestId });
      if (fired === undefined) return deliver(input);
      const { outcome, status } = fired.effect;
      return deliver({ ...input, forcedFailure: { ruleId: fired.ruleId, outcome, ...(status === undefined ? {} : { status }) } });
    },
    replay,
    checkUrls: (urls) => assertCallbackUrlsAllowed(urls, checkOptions),
    log,
    router: createCallbackRouter({ log, publicKeyPem: options.key.publicKeyPem, replay }),
    publicKeyUrl: options.publicKeyUrl,
  };
}
