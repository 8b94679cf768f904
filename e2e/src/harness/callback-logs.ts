import type { CallbackAttempt } from '@ossbox/emulator';
import type { ReceivedCallback } from '@ossbox/receiver';

/** Filters of the emulator's `GET /_ossbox/callbacks`. */
export interface CallbackLogFilter {
  bucket?: string;
  key?: string;
  requestId?: string;
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

/**
 * One callback attempt as `GET /_ossbox/callbacks` on the emulator reports it: the emulator's own
 * type (already JSON-shaped), so the suite cannot drift from what the emulator serves.
 */
export type EmulatorCallbackAttempt = CallbackAttempt;

/** The emulator's record of callback attempts (newest first), optionally filtered. */
export async function emulatorCallbackLog(
  emulatorUrl: string,
  filter: CallbackLogFilter = {},
): Promise<EmulatorCallbackAttempt[]> {
  const query = new URLSearchParams(
    Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const body = (await getJson(`${emulatorUrl}/_ossbox/callbacks?${query.toString()}`)) as {
    attempts?: EmulatorCallbackAttempt[];
  };
  if (!Array.isArray(body.attempts))
    throw new Error(`unexpected emulator callback log: ${JSON.stringify(body)}`);
  return body.attempts;
}

/** One callback as `GET /_ossbox/callbacks` on the receiver reports it (the receiver's own type). */
export type { ReceivedCallback };

/** The callbacks a receiver got, verified or not, newest first. */
export async function receiverCallbackLog(receiverUrl: string): Promise<ReceivedCallback[]> {
  const body = (await getJson(`${receiverUrl}/_ossbox/callbacks`)) as { callbacks?: ReceivedCallback[] };
  if (!Array.isArray(body.callbacks))
    throw new Error(`unexpected receiver callback log: ${JSON.stringify(body)}`);
  return body.callbacks;
}

/** The callbacks a receiver got whose body names `key` as `object`, newest first. */
export async function receivedFor(receiverUrl: string, key: string): Promise<ReceivedCallback[]> {
  return (await receiverCallbackLog(receiverUrl)).filter(
    (entry) =>
      typeof entry.body === 'object' &&
      entry.body !== null &&
      (entry.body as { object?: unknown }).object === key,
  );
}

/** The one callback a receiver got for `key`; throws when there is none or more than one. */
export async function findReceived(receiverUrl: string, key: string): Promise<ReceivedCallback> {
  const entries = await receivedFor(receiverUrl, key);
  if (entries.length !== 1) {
    throw new Error(`expected one callback for ${key} at ${receiverUrl}, found ${entries.length}`);
  }
  return entries[0]!;
}
