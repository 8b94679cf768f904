/**
 * @ossbox/receiver: a runnable OSS upload-callback server built on @ossbox/callback.
 * The CLI is `ossbox-receiver` (main.ts); this is its programmatic surface.
 */
export { startReceiver } from './server.js';
export type { ReceiverOptions, RunningReceiver } from './server.js';
export { createApp } from './app.js';
export type { AppDeps } from './app.js';
export { CallbackLog, DEFAULT_HISTORY_SIZE } from './callback-log.js';
export type { ReceivedCallback, ReplyRecord } from './callback-log.js';
export { MAX_DELAY_MS, parseSwitches, REPLY_KINDS, SwitchError } from './switches.js';
export type { ReplyKind, ReplySwitches } from './switches.js';
export {
  DEFAULT_RECEIVER_HOST,
  DEFAULT_RECEIVER_PORT,
  ReceiverConfigError,
  resolveConfig,
} from './config.js';
export type { ReceiverCliValues, ReceiverConfig } from './config.js';
