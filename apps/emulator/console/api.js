// How the page talks to the emulator: the console's JSON API and /_ossbox routes, and OSS requests
// through presigned URLs. Behind an admin token, the page is opened once as /_ossbox/?token=…:
// the emulator turns the token into an HttpOnly cookie that same-origin requests carry.
import { h } from 'preact';
import htm from 'htm';
import { useRef } from 'preact/hooks';

/** Tagged templates for Preact, shared by every view. */
export const html = htm.bind(h);

async function json(res) {
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || `${res.status} ${res.statusText}`);
  return body;
}

/**
 * For views that load more than once (another prefix, a live reload): `begin()` marks a new load
 * and returns `isLatest()`, true while no later load has begun. A slow answer to an older load
 * must not overwrite the view a newer one asked for, and answers do not arrive in order.
 */
export function useLatestLoad() {
  const counter = useRef(0);
  return () => {
    const mine = ++counter.current;
    return () => mine === counter.current;
  };
}

/** GET a JSON route under /_ossbox. */
export async function getJson(path) {
  return json(await fetch(path));
}

/** POST JSON to a route under /_ossbox. */
export async function postJson(path, data = {}) {
  return json(await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data) }));
}

/** `{ code, message, ec, requestId }` of an OSS error XML body, or undefined. */
export function ossError(text) {
  if (!text.includes('<Error>')) return undefined;
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const error = doc.querySelector('Error');
  if (!error) return undefined;
  const field = (name) => error.querySelector(name)?.textContent ?? '';
  return { code: field('Code'), message: field('Message'), ec: field('EC'), requestId: field('RequestId') };
}

/** A presigned same-origin URL for an OSS request (see the emulator's console/presign.ts). */
export async function presign(request) {
  return (await postJson('/_ossbox/api/presign', request)).url;
}

/**
 * Send an OSS request: `request` is what presign takes (method, bucket, key, query, headers,
 * callback); `body` the request body. Resolves with `{ ok, status, headers, text, error }`.
 */
export async function oss(request, body) {
  const url = await presign(request);
  const res = await fetch(url, { method: request.method, headers: request.headers ?? {}, body });
  const text = request.method === 'HEAD' ? '' : await res.text();
  return { ok: res.ok, status: res.status, headers: [...res.headers], text, error: ossError(text) };
}

/** A one-line description of an OSS answer for the page: `200 OK` or `409 BucketNotEmpty: …`. */
export function describe(result) {
  if (result.error) return `${result.status} ${result.error.code}: ${result.error.message}`;
  return `${result.status}${result.ok ? ' OK' : ''}`;
}
