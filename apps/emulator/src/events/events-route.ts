/**
 * `GET /_ossbox/events`: the event bus as server-sent events
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html). Each event is
 * `id: <id>` / `event: <type>` / `data: <JSON of the event>`. `?type=callback,object-created`
 * keeps only those types; a reconnecting client's `Last-Event-ID` (or, on a first connection,
 * `?lastEventId=<id>`, e.g. `0` for all) replays the buffered events after that id. A comment line every 15 s keeps the connection from the idle timeout.
 */
import express from 'express';
import type { Router } from 'express';
import type { EmulatorEvent, EmulatorEventType, EventBus } from './event-bus.js';
import { EVENT_TYPES } from './event-bus.js';

/** Mounted under `/_ossbox`. */
export const EVENTS_PATH = '/events';

const HEARTBEAT_MS = 15_000;

function frame(event: EmulatorEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** The router serving {@link EVENTS_PATH}. */
export function createEventsRouter(bus: EventBus): Router {
  const router = express.Router();
  router.get(EVENTS_PATH, (req, res) => {
    const typeParam = typeof req.query.type === 'string' ? req.query.type : '';
    const wanted = typeParam === '' ? undefined : new Set(typeParam.split(','));
    const unknown = wanted && [...wanted].filter((t) => !EVENT_TYPES.includes(t as EmulatorEventType));
    if (unknown && unknown.length > 0) {
      res.status(400).json({ error: `unknown event type: ${unknown.join(', ')}`, types: EVENT_TYPES });
      return;
    }
    const send = (event: EmulatorEvent) => {
      if (!wanted || wanted.has(event.type)) res.write(frame(event));
    };
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write(': ossbox events\n\n');
    // EventSource cannot set headers on its first connection: `?lastEventId=0` asks for the buffer.
    const lastId = Number(req.headers['last-event-id'] ?? req.query.lastEventId);
    if (Number.isInteger(lastId)) for (const event of bus.recent()) if (event.id > lastId) send(event);
    const unsubscribe = bus.subscribe(send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
  return router;
}
