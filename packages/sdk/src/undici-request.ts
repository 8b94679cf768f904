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
import undiciErrors from 'undici/lib/core/errors.js';
import undiciGlobal from 'undici/lib/global.js';

const { RequestAbortedError } = undiciErrors;

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

/** The answer to {@link requestDroppingBody}. */
export interface HeadResponse {
  statusCode: number;
  /** As undici's `request` gives them: lowercase names, repeated headers as arrays. */
  headers: Record<string, string | string[] | undefined>;
  /** The body of a non-2xx answer (or a 203), whole; empty for a 2xx, whose body is dropped. */
  errorBody: Buffer;
}

const isSuccess = (status: number): boolean => status >= 200 && status < 300 && status !== 203;

/**
 * Send one request as {@link request} does (same URL parsing, dispatcher, options and errors),
 * for an operation whose successful answer has nothing in its body (UploadPart): through the
 * dispatcher's handler interface (undici's docs/api/Dispatcher.md, `dispatch`), without the
 * response stream, async resource and abort plumbing `request` builds for every call. That cost
 * 12-15 ms of CPU per 256 requests in a fresh process (V8 runs that code unoptimised for its
 * first few thousand calls). A 2xx body is dropped as it arrives; any other answer's body (an
 * OSS error document) is kept whole for the error.
 */
export function requestDroppingBody(url: string, options: Omit<RequestOptions, 'signal'> & { signal?: AbortSignal | undefined }): Promise<HeadResponse> {
  const { dispatcher = undiciGlobal.getGlobalDispatcher(), signal, ...rest } = options;
  const parsed = new URL(url);
  return new Promise((resolve, reject) => {
    // As undici's request: the signal's reason, or undici's own error when it has none.
    const reason = (): unknown => signal?.reason ?? new RequestAbortedError();
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    const onAbort = (): void => controller?.abort(reason() as Error);
    const settle = (error: unknown, response?: HeadResponse): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (response === undefined) reject(error);
      else resolve(response);
    };
    if (signal?.aborted) {
      settle(reason());
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    let statusCode = 0;
    let headers: HeadResponse['headers'] = {};
    const chunks: Buffer[] = [];
    dispatcher.dispatch(
      { ...rest, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` },
      {
        onRequestStart(c) {
          controller = c;
          if (signal?.aborted) c.abort(reason() as Error);
        },
        onResponseStart(_c, status, responseHeaders) {
          // 1xx answers (100 Continue) come before the final one.
          if (status < 200) return;
          statusCode = status;
          headers = responseHeaders as HeadResponse['headers'];
        },
        onResponseData(_c, chunk) {
          if (!isSuccess(statusCode)) chunks.push(chunk);
        },
        onResponseEnd() {
          settle(undefined, { statusCode, headers, errorBody: Buffer.concat(chunks) });
        },
        onResponseError(_c, error) {
          settle(error);
        },
      },
    );
  });
}
