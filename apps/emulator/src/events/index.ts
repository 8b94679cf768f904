/** The emulator's event bus, its metadata-store tap and its SSE route. */
export {
  EventBus,
  EventTimeoutError,
  EVENT_TYPES,
  matchesFilter,
  type CallbackEvent,
  type EmulatorEvent,
  type EmulatorEventInput,
  type EmulatorEventType,
  type EventBusOptions,
  type EventFilter,
  type EventOfType,
  type FaultEvent,
  type MultipartAbortedEvent,
  type MultipartCompletedEvent,
  type ObjectCreatedEvent,
  type ObjectDeletedEvent,
  type RequestEvent,
  type WaitForOptions,
} from './event-bus.js';
export { observeMetadata } from './observe-metadata.js';
export { requestEventsMiddleware } from './request-events.js';
export { createEventsRouter, EVENTS_PATH } from './events-route.js';
