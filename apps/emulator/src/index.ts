/**
 * @ossbox/emulator: a local Alibaba Cloud OSS emulator. Start it with {@link startEmulator}, or
 * build the Express app over your own storage with {@link createApp} (pass a
 * {@link createCallbackEngine} engine to enable upload callbacks).
 */
export { startEmulator } from './server.js';
export type { RunningEmulator, StartEmulatorOptions } from './server.js';
export { createApp } from './app.js';
export type { AppDeps } from './app.js';
export { resolveConfig, ConfigError, DEFAULT_ACCESS_KEY } from './config.js';
export type { AccessKey, EmulatorConfig, EmulatorOptions, LogLevel } from './config.js';
export { optionsFromCli, createCliProgram, CLI_FLAGS } from './cli-options.js';
export type { CliFlag } from './cli-options.js';
export { openStorage } from './store/storage.js';
export type { Storage } from './store/storage.js';
export { NativeModuleError } from './store/native-module.js';
export type { BlobSlice, BlobStore, OpenBlob, PendingBlob, StagedBlob, WrittenBlob } from './store/blob-store.js';
export type {
  Acl,
  BucketRecord,
  MetadataStore,
  ObjectAcl,
  ObjectHttpMeta,
  ObjectRecord,
  ObjectType,
  PartRecord,
  UploadRecord,
} from './store/metadata-store.js';
export type { StoredUpload } from './handlers/upload-response.js';
export { createCallbackEngine, publicKeyUrlFor } from './callback-engine.js';
export type { CallbackEngine, CallbackEngineOptions } from './callback-engine.js';
export { CALLBACK_LOG_PATH, CALLBACK_PUBLIC_KEY_PATH, CallbackLog, CallbackReplayError, loadOrCreateCallbackKey } from './callbacks/index.js';
export type {
  CallbackAttempt,
  CallbackKey,
  CallbackLogQuery,
  CallbackOutcome,
  CallbackReplayFailure,
  SentCallback,
} from './callbacks/index.js';
export { EventBus, EventTimeoutError, EVENT_TYPES } from './events/index.js';
export type {
  CallbackEvent,
  EmulatorEvent,
  FaultEvent,
  EmulatorEventType,
  EventFilter,
  EventOfType,
  MultipartAbortedEvent,
  MultipartCompletedEvent,
  ObjectCreatedEvent,
  ObjectDeletedEvent,
  RequestEvent,
  WaitForOptions,
} from './events/index.js';
export { CALLBACK_FAULT_OUTCOMES, FaultRegistry, FaultRuleError, parseFaultRule } from './faults/index.js';
export type { FaultEffect, FaultEffectType, FaultRule, FaultRuleInput } from './faults/index.js';
