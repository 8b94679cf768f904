/**
 * undici's `request` (the same function: undici's `lib/api/api-request.js` on the dispatcher given,
 * or on undici's global dispatcher) without loading the rest of undici. `import { request } from
 * 'undici'` loads its whole index: fetch, WebSocket, EventSource, the cache stores, the mock agents,
 * every interceptor and proxy agent. That cost a process ~9 MiB of resident memory (measured: a
 * process importing the SDK had 66 MiB RSS with the index, 57 MiB with these two files) for code the
 * SDK never runs. The SDK depends on undici ^7, whose package has no `exports` map, so these paths are importable.
 */
import type { Dispatcher } from 'undici';
import requestOn from 'undici/lib/api/api-request.js';
import undiciGlobal from 'undici/lib/global.js';

/** Options of {@link request}: undici's request options, with the dispatcher to send them on. */
export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher?: Dispatcher | undefined };

/**
 * Send one request, as undici's `request(url, options)`: the URL is parsed the same way (its
 * origin picks the connection pool; its path and query are sent as parsed), on
 * `options.dispatcher` or else undici's global dispatcher (shared with every copy of undici in the
 * process, `setGlobalDispatcher` included).
 */
export function request(url: string, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  const { dispatcher = undiciGlobal.getGlobalDispatcher(), ...rest } = options;
  const parsed = new URL(url);
  return requestOn.call(dispatcher, { ...rest, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` });
}
