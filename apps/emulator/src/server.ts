/** Starting and stopping the emulator on a real port. */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { createCallbackEngine, publicKeyUrlFor } from './callback-engine.js';
import { CALLBACK_KEY_FILE, CallbackLogFile, loadOrCreateCallbackKey } from './callbacks/index.js';
import type { CallbackKey, CallbackLog, CallbackOutcome } from './callbacks/index.js';
import type { EmulatorConfig, EmulatorOptions } from './config.js';
import { resolveConfig } from './config.js';
import { guardConnections, serverOptionsFor } from './http/connection-guard.js';
import { deferContinue } from './http/expect-continue.js';
import { expressServerClasses } from './http/express-prototypes.js';
import { admitFraming, LENIENT_SERVER_OPTIONS } from './http/message-framing.js';
import { createEventsRouter, EventBus, observeMetadata } from './events/index.js';
import type { EmulatorEventType, EventFilter, EventOfType, WaitForOptions } from './events/index.js';
import { createFaultsRouter, FaultRegistry } from './faults/index.js';
import type { FaultRule, FaultRuleInput } from './faults/index.js';
import { createLogger } from './logger.js';
import { createStartupBuckets, resetState } from './state/reset-state.js';
import type { ResetResult } from './state/reset-state.js';
import { importSeed, planSeed } from './state/seed.js';
import { createStateRouter } from './state/state-route.js';
import { consoleUrlFor, createConsoleRouter } from './console/index.js';
import { createLifecycleRouter } from './bucket-config/lifecycle-route.js';
import { sendOssError } from './middleware/render-error.js';
import { openStorage } from './store/storage.js';
import { createSts } from './sts/index.js';
import { checkOptionNames } from './start-options.js';

/** Options of {@link startEmulator}: the config options plus in-process extras. */
export interface StartEmulatorOptions extends EmulatorOptions {
  /** Logger to use instead of one made from `logLevel`. */
  logger?: Logger;
  /** Routers mounted under `/_ossbox/`. */
  internalRouters?: readonly Router[];
}

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:9000`. */
  url: string;
  /** The port actually bound (useful with `port: 0`). */
  port: number;
  config: EmulatorConfig;
  /**
   * The token `/_ossbox/*` requires (`Authorization: Bearer <adminToken>`), undefined when those
   * endpoints are open (loopback host, none configured); generated when the host is not loopback
   * and none was given. Same as `config.adminToken`.
   *
   * @example
   * ```ts
   * const emulator = await startEmulator({ host: '0.0.0.0', port: 0 });
   * await fetch(`${emulator.url}/_ossbox/callbacks`, { headers: { Authorization: `Bearer ${emulator.adminToken}` } });
   * ```
   */
  adminToken: string | undefined;
  /** The web console, e.g. `http://127.0.0.1:9000/_ossbox/`. */
  consoleUrl: string;
  /** Where the callback public key is served; its Base64 is sent in `x-oss-pub-key-url`. */
  publicKeyUrl: string;
  /**
   * Every callback attempt (also served at `GET /_ossbox/callbacks`), the last 1000 kept in
   * `<location>/callback-attempts.jsonl` across restarts.
   */
  callbackLog: CallbackLog;
  /**
   * Request, object, multipart and callback events as they happen (also streamed at `GET /_ossbox/events`);
   * `events.subscribe(listener)` returns the unsubscribe function.
   */
  events: EventBus;
  /**
   * Resolve with the first event whose fields equal every field of `filter`: the newest match among
   * the last 100 events (an upload's callback is attempted before the upload returns, so it is
   * already there), else the next one; rejects with `EventTimeoutError` after `timeoutMs`
   * (default 5000). `recent: false` ignores past events.
   *
   * @example
   * ```ts
   * await client.put('files/a.png', file, { callback });
   * const event = await emulator.waitFor({ type: 'callback', key: 'files/a.png', outcome: 'success' });
   * ```
   */
  waitFor<T extends EmulatorEventType = EmulatorEventType>(filter: EventFilter & { type?: T }, options?: WaitForOptions): Promise<EventOfType<T>>;
  /**
   * Empty every bucket, re-create the start-up buckets and import the `seed` directories again,
   * without a restart (also `DELETE /_ossbox/state`, behind the admin token like all of
   * `/_ossbox/`): objects, multipart uploads, bucket configs and their blob files go; the
   * recent-event buffer is emptied; the callback log is kept. Requests in flight finish against
   * the new state (see state/reset-state.ts). Rejects with `ConfigError`, changing nothing, when a
   * seed tree can no longer be imported.
   *
   * @example
   * ```ts
   * afterEach(() => emulator.reset());
   * ```
   */
  reset(): Promise<ResetResult>;
  /**
   * Send a logged callback attempt's callback again, freshly signed (also
   * `POST /_ossbox/callbacks/<attemptId>/replay` and the console's Replay button): every URL of
   * the upload's callback in order, first success wins; each new attempt is logged and announced
   * with `replayOf: attemptId`. Resolves with the outcome an uploader would have got; rejects with
   * `CallbackReplayError` (`NoSuchAttempt`, `NotReplayable`) without sending anything.
   *
   * @example
   * ```ts
   * const failed = await emulator.waitFor({ type: 'callback', key: 'a.png', outcome: 'connect' });
   * // ... start or fix the receiver ...
   * const outcome = await emulator.replayCallback(failed.attemptId);
   * outcome.ok; // true once the receiver answers 200 + JSON
   * ```
   */
  replayCallback(attemptId: string): Promise<CallbackOutcome>;
  /**
   * Install a fault rule (also `POST /_ossbox/faults`); returns it with its `id` and counters.
   * Matchers: `operation` (an OSS operation name or a list), `bucket`, `keyPrefix`; which matching
   * requests: `first: N`, `every: N`, or `probability` with a `seed` (same seed, same hits);
   * none = all. Effects: `error` (an OSS error, nothing stored), `delay`, `cut-request` (connection
   * dropped after N body bytes, nothing stored), `cut-response` (the operation runs, its response
   * is cut after N body bytes; 0 = no response at all), `callback` (the object is stored, the
   * upload callback fails as `connect`, `timeout`, `status` or `not-json` without contacting the
   * receiver). Throws `FaultRuleError` for an invalid rule. See the emulator README, "Fault
   * injection".
   *
   * @example
   * ```ts
   * const { id } = emulator.addFault({
   *   operation: 'UploadPart',
   *   first: 2,
   *   effect: { type: 'error', code: 'ServiceUnavailable', status: 503 },
   * });
   * await bucket.resumableUpload('big.bin', file); // survives the two 503s
   * emulator.removeFault(id);
   * ```
   */
  addFault(rule: FaultRuleInput): FaultRule;
  /**
   * Remove one rule (also `DELETE /_ossbox/faults/<id>`); false when there is none with that id.
   *
   * @example
   * ```ts
   * emulator.removeFault(rule.id);
   * ```
   */
  removeFault(id: string): boolean;
  /**
   * Remove every rule (also `DELETE /_ossbox/faults`); returns how many were removed. `reset()`
   * leaves the rules alone.
   *
   * @example
   * ```ts
   * afterEach(() => emulator.clearFaults());
   * ```
   */
  clearFaults(): number;
  /**
   * The installed rules, oldest first, each with `matched` (requests its matcher accepted) and
   * `fired` (how many it hit) (also `GET /_ossbox/faults`).
   *
   * @example
   * ```ts
   * expect(emulator.faults()[0]?.fired).toBe(2);
   * ```
   */
  faults(): FaultRule[];
  /** Stop listening, drop open connections and close the store. */
  close(): Promise<void>;
}

/**
 * Open the data directory, load (or create) the callback key, create the configured buckets (with
 * the `corsAllowOrigins` rule when given) and listen. The app is attached once the port is known, because the public key URL the callbacks
 * carry is built from the listening URL (or `publicUrl`).
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ port: 0, location: dir, buckets: ['examplebucket'] });
 * // ... point an OSS client at emulator.url with access key ossbox / ossbox-secret
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  checkOptionNames(options);
  const config = resolveConfig(options);
  const logger = options.logger ?? createLogger(config.logLevel);
  // Checked before the store is opened: a bad seed tree changes nothing.
  const seedFiles = await planSeed(config);
  const storage = await openStorage(config.location);
  const events = new EventBus();
  storage.meta = observeMetadata(storage.meta, events);
  const faults = new FaultRegistry({ events, logger, rules: config.faults });
  if (storage.swept.tempFiles + storage.swept.orphanBlobs > 0) {
    logger.info(storage.swept, 'removed leftovers of interrupted writes');
  }
  let key: CallbackKey;
  let callbackLog: CallbackLog;
  try {
    key = await loadOrCreateCallbackKey(config.location);
    // In the data directory, so the attempts survive restarts (e.g. pnpm dev's live reload).
    callbackLog = new CallbackLogFile(config.location);
  } catch (error) {
    storage.close();
    throw error;
  }
  createStartupBuckets(storage, config);
  try {
    const seeded = await importSeed(storage, seedFiles);
    // Debug, not info: the CLI banner already names each seed directory, and an info line here
    // was the one JSON line printed before the banner.
    if (seeded > 0) logger.debug({ seeded, seeds: config.seeds }, 'imported the --seed directories');
  } catch (error) {
    storage.close();
    throw error;
  }
  const classes = expressServerClasses();
  const server = createServer({
    ...LENIENT_SERVER_OPTIONS,
    ...serverOptionsFor(config),
    IncomingMessage: classes.IncomingMessage,
    ServerResponse: classes.ServerResponse,
  });
  guardConnections(server, config, sendOssError, logger);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    storage.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  // Attached synchronously in the listen callback's continuation: no request is handled before.
  const callbacks = createCallbackEngine({
    key,
    publicKeyUrl: publicKeyUrlFor(config.publicUrl ?? url),
    timeoutMs: config.callbackTimeoutMs,
    strict: config.strictCallbackUrls,
    logger,
    events,
    log: callbackLog,
    faults,
  });
  logger.debug({ keyFile: CALLBACK_KEY_FILE, publicKeyUrl: callbacks.publicKeyUrl }, 'callback key loaded');
  const reset = async (): Promise<ResetResult> => {
    const result = await resetState(storage, config);
    events.clearRecent();
    return result;
  };
  const internalRouters = [
    createEventsRouter(events),
    createStateRouter(reset),
    createLifecycleRouter(storage),
    createFaultsRouter(faults),
    createConsoleRouter({ config, storage, publicKeyUrl: callbacks.publicKeyUrl }),
    ...(options.internalRouters ?? []),
  ];
  // STS tokens are signed with a secret derived from the callback key, the one secret the data
  // directory already keeps: temporary credentials survive restarts (pnpm dev's reloads) and no
  // second key file is needed.
  const stsSecret = createHmac('sha256', key.privateKey.export({ type: 'pkcs8', format: 'der' })).update('ossbox-sts').digest();
  const sts = createSts(config, logger, stsSecret);
  const app = createApp({ config, storage, logger, callbacks, faults, internalRouters, events, sts });
  classes.adopt(app);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (admitFraming(req, res)) app(req, res);
  });
  // `Expect: 100-continue`: 100 goes out when a handler starts reading the body, after every
  // check the request head allows (http/expect-continue.ts).
  server.on('checkContinue', (req, res) => {
    if (!admitFraming(req, res)) return;
    deferContinue(req, res);
    app(req, res);
  });
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    config,
    adminToken: config.adminToken,
    consoleUrl: consoleUrlFor(url),
    publicKeyUrl: callbacks.publicKeyUrl,
    callbackLog: callbacks.log,
    events,
    waitFor: (filter, waitOptions) => events.waitFor(filter, waitOptions),
    reset,
    replayCallback: (attemptId) => callbacks.replay(attemptId),
    addFault: (rule) => faults.add(rule),
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          storage.close();
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
