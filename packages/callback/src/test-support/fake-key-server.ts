/**
 * A `fetch` double for key downloads: serves a settable PEM per URL, counts calls, and can hold
 * responses back so tests control concurrency. Also `forbiddenFetch`, which fails the test if used.
 */
import type { FetchLike } from '../options.js';

export interface FakeKeyServer {
  fetch: FetchLike;
  /** URLs requested, in order. */
  readonly calls: string[];
  /** Set (or remove with undefined) the document served at `url`. */
  serve(url: string, body: string | undefined, init?: { status?: number; headers?: Record<string, string> }): void;
  /** Hold every response until `release()` is called. */
  hold(): void;
  release(): void;
}

export function fakeKeyServer(): FakeKeyServer {
  const documents = new Map<string, { body: string; status: number; headers: Record<string, string> }>();
  const calls: string[] = [];
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  return {
    calls,
    fetch: async (url) => {
      calls.push(url);
      if (gate !== undefined) await gate;
      const doc = documents.get(url);
      if (doc === undefined) return new Response('not found', { status: 404 });
      return new Response(doc.body, { status: doc.status, headers: doc.headers });
    },
    serve(url, body, init = {}) {
      if (body === undefined) documents.delete(url);
      else documents.set(url, { body, status: init.status ?? 200, headers: init.headers ?? {} });
    },
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release() {
      open?.();
      gate = undefined;
    },
  };
}

/** A fetch that must never be called: it records the call and rejects. */
export function forbiddenFetch(): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const fn = (async (url: string) => {
    calls.push(url);
    throw new Error(`unexpected network access to ${url}`);
  }) as unknown as FetchLike & { calls: string[] };
  fn.calls = calls;
  return fn;
}
