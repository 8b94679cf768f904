// Live updates: one EventSource on /_ossbox/events for the whole page; views subscribe.
import { useEffect, useRef } from 'preact/hooks';

// `fault`: an injected fault fired (fault injection, /_ossbox/faults).
const TYPES = ['object-created', 'object-deleted', 'multipart-completed', 'multipart-aborted', 'callback', 'request', 'fault'];
const listeners = new Set();

/**
 * Connect once. `lastEventId=0` replays the events the emulator still buffers, so the request log
 * starts with recent history; reconnects send Last-Event-ID and get only what they missed.
 */
export function connect(onStatus) {
  const source = new EventSource('/_ossbox/events?lastEventId=0');
  source.onopen = () => onStatus('live');
  source.onerror = () => onStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  for (const type of TYPES) {
    source.addEventListener(type, (message) => {
      const event = JSON.parse(message.data);
      for (const listener of listeners) listener(event);
    });
  }
  return () => source.close();
}

/** Call `listener(event)` for every live event while the component is mounted. */
export function useLive(listener) {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    const forward = (event) => latest.current(event);
    listeners.add(forward);
    return () => listeners.delete(forward);
  }, []);
}

/**
 * Re-run `reload` (debounced) whenever an event passes `accept`, e.g. to refresh a listing when
 * objects of its bucket change.
 */
export function useReloadOn(accept, reload, delayMs = 150) {
  const timer = useRef();
  // The reload that runs is the one of the render current when the timer fires: a view that moved
  // on (another prefix, another filter) within the delay must not reload what it showed before.
  const latestReload = useRef(reload);
  latestReload.current = reload;
  useLive((event) => {
    if (!accept(event)) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latestReload.current(), delayMs);
  });
  useEffect(() => () => clearTimeout(timer.current), []);
}
