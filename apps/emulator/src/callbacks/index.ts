/**
 * The callback engine: key, URL policy, delivery, attempt log and the `/_ossbox` routes
 * (docs/callback-protocol.md §1–§3).
 */
export { loadOrCreateCallbackKey, CALLBACK_KEY_FILE, type CallbackKey } from './callback-key.js';
export {
  classifyHost,
  classifyAddress,
  refusedKindOf,
  assertCallbackUrlsAllowed,
  createStrictLookup,
  PRIVATE_ADDRESS_ERROR_CODE,
  type CallbackHostKind,
  type CallbackUrlCheckOptions,
  type ResolveAll,
  type StrictLookup,
} from './callback-url.js';
export {
  callbackFailure,
  privateAddressError,
  type CallbackFailure,
  type CallbackFailureReason,
} from './callback-failure.js';
export {
  deliverCallback,
  createCallbackDeliverer,
  type CallbackDeliveryInput,
  type CallbackLogger,
  type CallbackOutcome,
  type DeliverCallbackOptions,
} from './deliver-callback.js';
export {
  CallbackLog,
  displayBody,
  DISPLAY_BODY_BYTES,
  type CallbackAttempt,
  type CallbackAttemptOutcome,
  type CallbackAttemptRecorder,
  type CallbackAttemptResponse,
  type CallbackLogOptions,
  type CallbackLogQuery,
  type SentCallback,
} from './callback-log.js';
export { CallbackReplayError, replayInput, type CallbackReplayFailure } from './callback-replay.js';
export { CallbackLogFile, CALLBACK_LOG_FILE } from './callback-log-file.js';
export {
  createCallbackRouter,
  CALLBACK_PUBLIC_KEY_PATH,
  CALLBACK_LOG_PATH,
  CALLBACK_ROUTER_MOUNT_PATH,
  type CallbackRouterOptions,
} from './callback-routes.js';
